import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { notFound } from '@ledger/domain';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AmendPlanCommand, ErasePersonCommand, PlanViews, ErasureDto } from '@ledger/ledger';
import { commandContext } from '../http/command-context.factory';
import { PlanAmendmentDto } from './plan-amendment.dto';
import { AuthedRequest, Roles } from '../http/roles.guard';

@ApiTags('plans')
@Controller()
export class PlansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: PlanViews,
  ) {}

  @Get('plans')
  @ApiOperation({ summary: 'Plans with their status (draft until every required value is set)' })
  list() {
    return this.views.list();
  }

  @Get('plans/:planId')
  @ApiOperation({
    summary: 'A plan: definition, amendments, coalition history, table import reports',
  })
  async get(@Param('planId') planId: string) {
    const plan = await this.views.get(planId);
    if (!plan) throw notFound('planId', 'plan.notFound', `plan ${planId} does not exist`);
    return plan;
  }

  @Patch('plans/:planId')
  @Roles('operator')
  @ApiOperation({
    summary:
      'Amend a plan (an event; history is kept): complete a draft, extend the window, set the coalition',
  })
  amend(
    @Param('planId') planId: string,
    @Body() body: PlanAmendmentDto,
    @Req() req: AuthedRequest,
  ) {
    return this.commands.execute(
      new AmendPlanCommand(planId, body.changes, body.reason, body.occurredAt, commandContext(req)),
    );
  }

  @Post('persons/erasure')
  @Roles('privacy_officer', 'operator')
  @ApiOperation({ summary: 'Erase a person (PIPL): destroys their key; counts and money stay' })
  erase(@Body() body: ErasureDto, @Req() req: AuthedRequest) {
    return this.commands.execute(
      new ErasePersonCommand(body.idNumber, body.reason, commandContext(req)),
    );
  }
}
