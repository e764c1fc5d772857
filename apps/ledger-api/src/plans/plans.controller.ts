import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { notFound } from '@ledger/domain';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AmendPlanCommand, ErasePersonCommand, PlanViews, ErasureDto } from '@ledger/ledger';
import { commandContext } from '../http/command-context.factory';
import { PlanAmendmentDto } from './plan-amendment.dto';
import { Request } from 'express';
import { Access, ALL_ROLES } from '@ledger/access';

@ApiTags('plans')
@Controller()
export class PlansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: PlanViews,
  ) {}

  @Get('plans')
  @Access({ roles: ALL_ROLES, resource: 'plans' })
  @ApiOperation({ summary: 'Plans with their status (draft until every required value is set)' })
  list() {
    return this.views.list();
  }

  @Get('plans/:planId')
  @Access({ roles: ALL_ROLES, resource: 'plan', view: 'plan' })
  @ApiOperation({
    summary: 'A plan: definition, amendments, coalition history, table import reports',
  })
  async get(@Param('planId') planId: string) {
    const plan = await this.views.get(planId);
    if (!plan) throw notFound('planId', 'plan.notFound', `plan ${planId} does not exist`);
    return plan;
  }

  @Patch('plans/:planId')
  @Access({ roles: ['operator'], resource: 'plan' })
  @ApiOperation({
    summary:
      'Amend a plan (an event; history is kept): complete a draft, extend the window, set the coalition',
  })
  amend(@Param('planId') planId: string, @Body() body: PlanAmendmentDto, @Req() req: Request) {
    return this.commands.execute(
      new AmendPlanCommand(planId, body.changes, body.reason, body.occurredAt, commandContext(req)),
    );
  }

  @Post('persons/erasure')
  @Access({ roles: ['privacy_officer'], resource: 'ledger' })
  @ApiOperation({
    summary:
      'Erase a person (PIPL Art. 47): destroys their key in every plan; counts and money stay (privacy officer, ledger-wide)',
  })
  erase(@Body() body: ErasureDto, @Req() req: Request) {
    return this.commands.execute(
      new ErasePersonCommand(body.idNumber, body.reason, commandContext(req)),
    );
  }
}
