import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EmployerShare } from '@ledger/domain';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  GroupPurchases,
  RecordGroupRemittanceCommand,
  SubmitGroupPurchaseCommand,
} from '@ledger/ledger';
import { commandContext } from '../http/command-context.factory';
import { Request } from 'express';
import { Access } from '@ledger/access';
import { GroupPurchaseDto, RemittanceDto } from './group-purchase.dto';

@ApiTags('group purchase')
@Controller()
export class GroupPurchasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly purchases: GroupPurchases,
  ) {}

  @Post('plans/:planId/group-purchases')
  @Access({ roles: ['operator'], resource: 'plan' })
  @ApiOperation({
    summary:
      'Employer or union group purchase (团体参保): a staff list with the employer’s part of each premium; each person enrolled (or reported already enrolled, or refused with the rule); the remittance the batch calls for, reconciled when given',
  })
  submit(@Param('planId') planId: string, @Body() body: GroupPurchaseDto, @Req() req: Request) {
    // As given: the domain takes exactly one of percent and amountFen (422 otherwise).
    const share = { ...body.employerShare } as EmployerShare;
    return this.commands.execute(
      new SubmitGroupPurchaseCommand(
        planId,
        {
          purchaser: body.employer,
          batchId: body.batchId,
          employerShare: share,
          ...(body.restPaidBy ? { restPaidBy: body.restPaidBy } : {}),
          staff: body.staff.map(({ basicInsurance, township, ...person }) => ({
            ...person,
            basicInsurance,
            ...(township ? { township } : {}),
          })),
          ...(body.occurredAt ? { occurredAt: body.occurredAt } : {}),
          ...(body.remittance ? { remittance: body.remittance } : {}),
        },
        commandContext(req),
      ),
    );
  }

  @Post('plans/:planId/group-purchases/:employerId/:batchId/remittance')
  @Access({ roles: ['operator'], resource: 'plan' })
  @ApiOperation({
    summary:
      'The remittance of a batch (one per batch): reconciled against the people it enrolled — balanced, short (owed) or over (due back), in fen and in people',
  })
  remit(
    @Param('planId') planId: string,
    @Param('employerId') employerId: string,
    @Param('batchId') batchId: string,
    @Body() body: RemittanceDto,
    @Req() req: Request,
  ) {
    return this.commands.execute(
      new RecordGroupRemittanceCommand(planId, employerId, batchId, body, commandContext(req)),
    );
  }

  @Get('plans/:planId/group-purchases/:employerId/:batchId')
  @Access({ roles: ['operator', 'auditor'], resource: 'plan' })
  @ApiOperation({
    summary: 'A batch as recorded: its terms, what applying it enrolled, its remittance',
  })
  batch(
    @Param('planId') planId: string,
    @Param('employerId') employerId: string,
    @Param('batchId') batchId: string,
  ) {
    return this.purchases.batch(planId, employerId, batchId);
  }
}
