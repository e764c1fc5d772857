import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { notFound } from '@ledger/domain';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { commandContext } from '../http/command-context.factory';
import { Access } from '@ledger/access';
import { INSURER_FIGURE_READERS, PERSON_READERS } from '../http/readers';
import { fileFormatOf } from '../http/file-format';
import { sendView } from '../views/send-view';
import {
  BasicInsuranceReceipt,
  RecordBasicInsuranceCommand,
  ClaimViews,
  asOfFrom,
  AsOfQuery,
  PayoutReceipt,
  payoutsTable,
  PlanRepository,
  RecordPayoutCommand,
  ClaimReceipt,
  SubmitClaimCommand,
} from '@ledger/ledger';
import {
  ClaimDto,
  PayoutApprovalDto,
  PayoutPaymentDto,
  RestorationDto,
  SuspensionDto,
} from './claim.dto';

/**
 * A person's claims are health data (PIPL Art. 28): readable by the roles that process them, each
 * read with a stated purpose and recorded in the access log. Aggregated payouts: county level and
 * up, and each insurer for its own part.
 */
const CLAIM_READ = { roles: PERSON_READERS, resource: 'person', reveals: ['health'] } as const;
const CLAIM_WRITE = { roles: ['operator'], resource: 'person' } as const;

@ApiTags('claims')
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Retrying with the same key writes nothing twice and returns the original receipt',
})
@Controller('plans/:planId')
export class ClaimsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: ClaimViews,
    private readonly plans: PlanRepository,
  ) {}

  @Post('policies/:personRef/claims')
  @Access(CLAIM_WRITE)
  @ApiOperation({
    summary:
      'Submit a claim: 201 with outcome "adjudicated" (breakdown) or "rejected" (recorded business rejection: coverage, not active, basic insurance suspended); 4xx writes nothing',
  })
  submit(
    @Param('planId') planId: string,
    @Param('personRef') personRef: string,
    @Body() body: ClaimDto,
    @Req() req: Request,
  ): Promise<ClaimReceipt> {
    const { occurredAt, preExisting, outOfArea, ...claim } = body;
    return this.commands.execute(
      new SubmitClaimCommand(
        planId,
        personRef,
        { ...claim, preExisting: preExisting ?? false, outOfArea: outOfArea ?? false },
        occurredAt,
        commandContext(req),
      ),
    );
  }

  @Get('policies/:personRef/claims')
  @Access(CLAIM_READ)
  @ApiOperation({ summary: "A policy's claims (accepted, with status) and recorded rejections" })
  async list(@Param('planId') planId: string, @Param('personRef') personRef: string) {
    const view = await this.views.claims(planId, personRef);
    if (!view)
      throw notFound(
        'personRef',
        'policy.notFound',
        `no policy for ${personRef} in plan ${planId}`,
      );
    return view;
  }

  @Get('policies/:personRef/claims/:claimId')
  @Access(CLAIM_READ)
  @ApiOperation({
    summary: 'A claim: its adjudication (per responsibility breakdown), approval, payment',
  })
  async claim(
    @Param('planId') planId: string,
    @Param('personRef') personRef: string,
    @Param('claimId') claimId: string,
  ) {
    const view = await this.views.claim(planId, personRef, claimId);
    if (!view) throw notFound('claimId', 'claim.notFound', `no claim ${claimId} on this policy`);
    return view;
  }

  @Post('policies/:personRef/claims/:claimId/approval')
  @Access(CLAIM_WRITE)
  @ApiOperation({
    summary:
      'Approve the payout: split among the coalition in effect by largest remainder (409 without a coalition)',
  })
  approve(
    @Param('planId') planId: string,
    @Param('personRef') personRef: string,
    @Param('claimId') claimId: string,
    @Body() body: PayoutApprovalDto,
    @Req() req: Request,
  ): Promise<PayoutReceipt> {
    return this.commands.execute(
      new RecordPayoutCommand(
        planId,
        personRef,
        claimId,
        { kind: 'approve' },
        body.occurredAt,
        commandContext(req),
      ),
    );
  }

  @Post('policies/:personRef/claims/:claimId/payment')
  @Access(CLAIM_WRITE)
  @ApiOperation({ summary: 'Mark an approved payout paid' })
  pay(
    @Param('planId') planId: string,
    @Param('personRef') personRef: string,
    @Param('claimId') claimId: string,
    @Body() body: PayoutPaymentDto,
    @Req() req: Request,
  ): Promise<PayoutReceipt> {
    return this.commands.execute(
      new RecordPayoutCommand(
        planId,
        personRef,
        claimId,
        { kind: 'pay', paymentReference: body.paymentReference },
        body.occurredAt,
        commandContext(req),
      ),
    );
  }

  @Post('policies/:personRef/basic-insurance/suspension')
  @Access(CLAIM_WRITE)
  @ApiOperation({ summary: 'Basic insurance suspended (fed from upstream; 002 三(三))' })
  suspend(
    @Param('planId') planId: string,
    @Param('personRef') personRef: string,
    @Body() body: SuspensionDto,
    @Req() req: Request,
  ): Promise<BasicInsuranceReceipt> {
    return this.commands.execute(
      new RecordBasicInsuranceCommand(
        planId,
        personRef,
        { kind: 'suspend', from: body.from, reason: body.reason },
        body.occurredAt,
        commandContext(req),
      ),
    );
  }

  @Post('policies/:personRef/basic-insurance/restoration')
  @Access(CLAIM_WRITE)
  @ApiOperation({
    summary:
      'Basic insurance restored; with back-payment the suspended period is covered again (002 三(三))',
  })
  restore(
    @Param('planId') planId: string,
    @Param('personRef') personRef: string,
    @Body() body: RestorationDto,
    @Req() req: Request,
  ): Promise<BasicInsuranceReceipt> {
    return this.commands.execute(
      new RecordBasicInsuranceCommand(
        planId,
        personRef,
        {
          kind: 'restore',
          suspendedFrom: body.suspendedFrom,
          restoredOn: body.restoredOn,
          backPaid: body.backPaid,
        },
        body.occurredAt,
        commandContext(req),
      ),
    );
  }

  @Get('policies/:personRef/accumulators')
  @Access(CLAIM_READ)
  @ApiOperation({
    summary:
      "The person's year-to-date accumulators: counted and paid per responsibility, what is left of each cap",
  })
  async accumulators(@Param('planId') planId: string, @Param('personRef') personRef: string) {
    const view = await this.views.accumulators(planId, personRef);
    if (!view)
      throw notFound(
        'personRef',
        'policy.notFound',
        `no policy for ${personRef} in plan ${planId}`,
      );
    return view;
  }

  @Get('payouts')
  @Access({ roles: INSURER_FIGURE_READERS, resource: 'plan', view: 'payouts' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @ApiOperation({
    summary: 'Payouts of the plan per responsibility and per insurer (parts add up to the fen)',
  })
  async payouts(
    @Param('planId') planId: string,
    @Query() q: AsOfQuery & { format?: string },
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const asOf = asOfFrom(q);
    const format = fileFormatOf(q.format);
    const view = await this.views.payouts(planId, asOf);
    if (!view) throw notFound('planId', 'plan.notFound', `plan ${planId} does not exist`);
    const plan = await this.plans.get(planId);
    await sendView(req, res, format, view, (shown) => payoutsTable(shown, plan?.definition));
  }
}
