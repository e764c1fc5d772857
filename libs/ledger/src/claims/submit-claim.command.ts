import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  Adjudication,
  BenefitAccumulators,
  ClaimSubmission,
  conflict,
  decideSubmitClaim,
  foldPolicy,
  PolicyEvent,
  resolveOccurredAt,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { PlanRepository } from '../core/plan-repository';

/**
 * Claims of one person go to one stream with an expected revision; under contention each
 * retry re-reads the accumulators, so concurrent claims can never consume the same cap twice.
 * More attempts than enrollments: a burst of claims for one person is a normal batch.
 */
export const CLAIM_WRITE_ATTEMPTS = 25;

export class SubmitClaimCommand {
  constructor(
    readonly planId: string,
    readonly personRef: string,
    readonly claim: ClaimSubmission,
    readonly occurredAt: string | undefined,
    readonly ctx: CommandContext,
  ) {}
}

/**
 * The answer to a claim. `outcome: 'rejected'` is a business rejection recorded as ClaimRejected
 * (HTTP 201: an event was written); refusals that write nothing are 4xx errors instead.
 */
export interface ClaimReceipt {
  planId: string;
  personRef: string;
  claimId: string;
  outcome: 'adjudicated' | 'rejected';
  replayed: boolean;
  payoutFen: number;
  totals?: Adjudication['totals'];
  breakdown?: Adjudication['breakdown'];
  accumulatorsAfter?: BenefitAccumulators;
  rejection?: { field: string; rule: string; message: string };
}

/** A replayed Idempotency-Key whose earlier command on this stream was of another kind. */
export const keyUsedForAnotherCommand = () =>
  conflict(
    'Idempotency-Key',
    'idempotency.sameKeySameCommand',
    'this Idempotency-Key was already used for another command on this policy; use a new key',
  );

export function claimReceipt(
  planId: string,
  personRef: string,
  events: readonly PolicyEvent[],
  replayed: boolean,
): ClaimReceipt {
  for (const e of events) {
    if (e.type === 'ClaimAdjudicated') {
      return {
        planId,
        personRef,
        claimId: e.data.claimId,
        outcome: 'adjudicated',
        replayed,
        payoutFen: e.data.payoutFen,
        totals: e.data.totals,
        breakdown: e.data.breakdown,
        accumulatorsAfter: e.data.accumulatorsAfter,
      };
    }
    if (e.type === 'ClaimRejected') {
      return {
        planId,
        personRef,
        claimId: e.data.claimId,
        outcome: 'rejected',
        replayed,
        payoutFen: 0,
        rejection: { field: e.data.field, rule: e.data.rule, message: e.data.reason },
      };
    }
  }
  throw keyUsedForAnotherCommand();
}

@CommandHandler(SubmitClaimCommand)
export class SubmitClaimHandler implements ICommandHandler<SubmitClaimCommand, ClaimReceipt> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly plans: PlanRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({
    planId,
    personRef,
    claim,
    occurredAt,
    ctx,
  }: SubmitClaimCommand): Promise<ClaimReceipt> {
    const at = resolveOccurredAt(occurredAt, this.clock.now());
    const plan = await this.plans.get(planId);
    const result = await this.streams.execute<PolicyEvent>(
      StreamNames.policy(planId, personRef),
      ctx,
      (loaded) =>
        decideSubmitClaim(foldPolicy(loaded.events), plan, {
          planId,
          personRef,
          claim,
          occurredAt: at,
        }),
      CLAIM_WRITE_ATTEMPTS,
    );
    return claimReceipt(planId, personRef, result.events, result.replayed);
  }
}
