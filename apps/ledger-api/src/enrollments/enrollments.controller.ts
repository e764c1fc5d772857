import { Body, Controller, Get, HttpCode, Logger, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { notFound, shanghaiDate } from '@ledger/domain';
import {
  EnrollBatchCommand,
  EnrollmentOutcome,
  EnrollmentReceipt,
  EnrollPersonCommand,
  EnrollmentBatchSummary,
  EnrollmentLineResult,
  lineResultOf,
  summarize,
  ChangePolicyCommand,
  PolicyChangeReceipt,
  Clock,
  PersonIdentities,
  PolicyViews,
  CancellationDto,
  DeductionOutcomeDto,
  EnrollmentDto,
  PolicyLookupDto,
  localizeItems,
} from '@ledger/ledger';
import { languageOf } from '../http/request-language';
import { commandContext } from '../http/command-context.factory';
import { EnrollmentBatchDto } from './enrollment-batch.dto';
import { Access, accessOf } from '@ledger/access';
import { Request } from 'express';
import { HISTORY_READERS, PERSON_READERS } from '../http/readers';
import { LedgerMetrics } from '../observability/ledger-metrics';

@ApiTags('enrollments')
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Retrying with the same key writes nothing twice',
})
@Controller('plans/:planId')
export class EnrollmentsController {
  private readonly logger = new Logger('EnrollmentBatch');

  constructor(
    private readonly commands: CommandBus,
    private readonly views: PolicyViews,
    private readonly identities: PersonIdentities,
    private readonly clock: Clock,
    private readonly metrics: LedgerMetrics,
  ) {}

  @Post('enrollments')
  @Access({ roles: ['operator'], resource: 'plan' })
  @ApiOperation({ summary: 'Enroll a person (参保) with the contributions that pay the premium' })
  enroll(
    @Param('planId') planId: string,
    @Body() body: EnrollmentDto,
    @Req() req: Request,
  ): Promise<EnrollmentReceipt> {
    return this.commands.execute(new EnrollPersonCommand(planId, body, commandContext(req)));
  }

  @Post('enrollment-batches')
  @Access({ roles: ['operator'], resource: 'plan' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Enroll many people at once (批量参保): one result per enrollment',
    description:
      'Each enrollment is decided exactly as POST /enrollments would; a refused one refuses only ' +
      'itself. With an Idempotency-Key, re-sending the batch writes nothing twice (item i is ' +
      'keyed "<key>#<i>"). A malformed body is refused whole (400) before anything is written.',
  })
  async enrollBatch(
    @Param('planId') planId: string,
    @Body() body: EnrollmentBatchDto,
    @Req() req: Request,
  ): Promise<{ planId: string; results: EnrollmentLineResult[]; summary: EnrollmentBatchSummary }> {
    const ctx = commandContext(req);
    const outcomes = await this.commands.execute<EnrollBatchCommand, EnrollmentOutcome[]>(
      new EnrollBatchCommand(
        planId,
        body.enrollments.map((request, i) => ({
          request,
          ctx: { ...ctx, commandId: `${ctx.commandId}#${i}` },
        })),
      ),
    );
    const language = languageOf(req);
    const results = outcomes.map((outcome, i) => {
      const result = lineResultOf(i, outcome, (error) => this.logger.error(error));
      // Each refusal in the reader's language, both beside it (as in a problem document).
      return result.errors ? { ...result, errors: localizeItems(result.errors, language) } : result;
    });
    for (const r of results) {
      if (r.errors && r.status < 500) this.metrics.refused(r.status, r.errors);
    }
    return { planId, results, summary: summarize(results) };
  }

  @Post('policies/lookup')
  @Access({ roles: ['operator', 'privacy_officer'], resource: 'plan', reveals: ['lookup'] })
  @HttpCode(200)
  @ApiOperation({
    summary: 'personRef of an ID number (the number travels in the body, never in a URL)',
  })
  lookup(@Param('planId') planId: string, @Body() body: PolicyLookupDto) {
    return {
      planId,
      personRef: this.identities.refOf(body.idNumber, 'idNumber', shanghaiDate(this.clock.now())),
    };
  }

  @Get('policies/:personRef')
  @Access({ roles: PERSON_READERS, resource: 'person', reveals: ['identity'] })
  @ApiOperation({
    summary: 'A policy: its enrollments and contributions (identity only for privacy_officer)',
  })
  async policy(
    @Param('planId') planId: string,
    @Param('personRef') personRef: string,
    @Req() req: Request,
  ) {
    const view = await this.views.policy(planId, personRef, accessOf(req).disclosure.identity);
    if (!view)
      throw notFound(
        'personRef',
        'policy.notFound',
        `no policy for ${personRef} in plan ${planId}`,
      );
    return view;
  }

  @Get('policies/:personRef/history')
  @Access({
    roles: HISTORY_READERS,
    resource: 'person',
    reveals: ['identity', 'health'],
    view: 'history',
  })
  @ApiOperation({
    summary:
      'The policy stream: every event with its metadata and hash chain; claim facts for the roles that process claims, the de-identified feed form for insurers',
  })
  async history(
    @Param('planId') planId: string,
    @Param('personRef') personRef: string,
    @Req() req: Request,
  ) {
    const view = await this.views.history(planId, personRef, accessOf(req).disclosure);
    if (!view)
      throw notFound(
        'personRef',
        'policy.notFound',
        `no policy for ${personRef} in plan ${planId}`,
      );
    return view;
  }

  @Post('policies/:personRef/cancellation')
  @Access({ roles: ['operator'], resource: 'person' })
  @ApiOperation({ summary: 'Cancel the current enrollment (refunds per the plan rule)' })
  cancel(
    @Param('planId') planId: string,
    @Param('personRef') personRef: string,
    @Body() body: CancellationDto,
    @Req() req: Request,
  ): Promise<PolicyChangeReceipt> {
    return this.commands.execute(
      new ChangePolicyCommand(
        planId,
        personRef,
        { kind: 'cancel', reason: body.reason },
        body.occurredAt,
        commandContext(req),
      ),
    );
  }

  @Post('policies/:personRef/deductions/settled')
  @Access({ roles: ['operator'], resource: 'person' })
  @ApiOperation({ summary: 'A pending personal-account deduction (个账预约划扣) settled' })
  settle(
    @Param('planId') planId: string,
    @Param('personRef') personRef: string,
    @Body() body: DeductionOutcomeDto,
    @Req() req: Request,
  ): Promise<PolicyChangeReceipt> {
    return this.commands.execute(
      new ChangePolicyCommand(
        planId,
        personRef,
        { kind: 'settle_deduction', contributionId: body.contributionId },
        body.occurredAt,
        commandContext(req),
      ),
    );
  }

  @Post('policies/:personRef/deductions/failed')
  @Access({ roles: ['operator'], resource: 'person' })
  @ApiOperation({ summary: 'A pending personal-account deduction failed: the enrollment lapses' })
  fail(
    @Param('planId') planId: string,
    @Param('personRef') personRef: string,
    @Body() body: DeductionOutcomeDto,
    @Req() req: Request,
  ): Promise<PolicyChangeReceipt> {
    return this.commands.execute(
      new ChangePolicyCommand(
        planId,
        personRef,
        { kind: 'fail_deduction', contributionId: body.contributionId, reason: body.reason ?? '' },
        body.occurredAt,
        commandContext(req),
      ),
    );
  }
}
