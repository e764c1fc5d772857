import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  decideApprovePayout,
  decidePayPayout,
  foldPolicy,
  PayoutPart,
  PolicyEvent,
  resolveOccurredAt,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { PlanRepository } from '../core/plan-repository';
import { ProductRepository } from '../core/product-repository';
import { CLAIM_WRITE_ATTEMPTS, keyUsedForAnotherCommand } from './submit-claim.command';

export type PayoutStep = { kind: 'approve' } | { kind: 'pay'; paymentReference?: string };

/** Approve an adjudicated claim's payout (split among the coalition), or mark it paid. */
export class RecordPayoutCommand {
  constructor(
    readonly planId: string,
    readonly personRef: string,
    readonly claimId: string,
    readonly step: PayoutStep,
    readonly occurredAt: string | undefined,
    readonly ctx: CommandContext,
  ) {}
}

export interface PayoutReceipt {
  planId: string;
  personRef: string;
  claimId: string;
  status: 'approved' | 'paid';
  payoutFen: number;
  /** In coalition order, lead first; they add up to payoutFen. */
  parts: PayoutPart[];
  paymentReference?: string;
  replayed: boolean;
}

@CommandHandler(RecordPayoutCommand)
export class RecordPayoutHandler implements ICommandHandler<RecordPayoutCommand, PayoutReceipt> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly plans: PlanRepository,
    @Inject(Clock) private readonly clock: Clock,
    private readonly products: ProductRepository,
  ) {}

  async execute({
    planId,
    personRef,
    claimId,
    step,
    occurredAt,
    ctx,
  }: RecordPayoutCommand): Promise<PayoutReceipt> {
    const at = resolveOccurredAt(occurredAt, this.clock.now());
    const plan = await this.plans.get(planId);
    // Inside a coalition term the product's coalitions decide the split (docs/products.md).
    const coalitions = plan ? await this.products.coalitionsOf(plan) : undefined;
    const result = await this.streams.execute<PolicyEvent>(
      StreamNames.policy(planId, personRef),
      ctx,
      (loaded) => {
        const state = foldPolicy(loaded.events);
        const cmd = { planId, personRef, claimId, occurredAt: at };
        return step.kind === 'approve'
          ? decideApprovePayout(state, plan, cmd, coalitions)
          : decidePayPayout(state, { ...cmd, paymentReference: step.paymentReference });
      },
      CLAIM_WRITE_ATTEMPTS,
    );
    for (const e of result.events) {
      if (e.type === 'PayoutApproved' || e.type === 'PayoutPaid') {
        return {
          planId,
          personRef,
          claimId: e.data.claimId,
          status: e.type === 'PayoutApproved' ? 'approved' : 'paid',
          payoutFen: e.data.payoutFen,
          parts: e.data.parts,
          ...(e.type === 'PayoutPaid' && e.data.paymentReference
            ? { paymentReference: e.data.paymentReference }
            : {}),
          replayed: result.replayed,
        };
      }
    }
    throw keyUsedForAnotherCommand();
  }
}
