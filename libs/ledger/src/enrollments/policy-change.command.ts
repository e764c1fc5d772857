import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  currentEnrollment,
  decideCancel,
  decideFailDeduction,
  decideSettleDeduction,
  foldPolicy,
  PolicyEvent,
  resolveOccurredAt,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { PlanRepository } from '../core/plan-repository';

export type PolicyChange =
  | { kind: 'cancel'; reason: string }
  | { kind: 'settle_deduction'; contributionId: string }
  | { kind: 'fail_deduction'; contributionId: string; reason: string };

/** A change to an existing policy: cancellation, or the outcome of a scheduled deduction. */
export class ChangePolicyCommand {
  constructor(
    readonly planId: string,
    readonly personRef: string,
    readonly change: PolicyChange,
    readonly occurredAt: string | undefined,
    readonly ctx: CommandContext,
  ) {}
}

export interface PolicyChangeReceipt {
  planId: string;
  personRef: string;
  events: { type: string; data: unknown }[];
  status: string;
  replayed: boolean;
}

@CommandHandler(ChangePolicyCommand)
export class ChangePolicyHandler implements ICommandHandler<
  ChangePolicyCommand,
  PolicyChangeReceipt
> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly plans: PlanRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({
    planId,
    personRef,
    change,
    occurredAt,
    ctx,
  }: ChangePolicyCommand): Promise<PolicyChangeReceipt> {
    const at = resolveOccurredAt(occurredAt, this.clock.now());
    const plan = await this.plans.get(planId);
    const streamId = StreamNames.policy(planId, personRef);
    const result = await this.streams.execute<PolicyEvent>(streamId, ctx, (loaded) => {
      const state = foldPolicy(loaded.events);
      switch (change.kind) {
        case 'cancel':
          return decideCancel(state, plan, {
            planId,
            personRef,
            reason: change.reason,
            occurredAt: at,
          });
        case 'settle_deduction':
          return decideSettleDeduction(state, {
            planId,
            personRef,
            contributionId: change.contributionId,
            occurredAt: at,
          });
        case 'fail_deduction':
          return decideFailDeduction(state, {
            planId,
            personRef,
            contributionId: change.contributionId,
            reason: change.reason,
            occurredAt: at,
          });
      }
    });
    const after = foldPolicy((await this.streams.load<PolicyEvent>(streamId)).events);
    const last = after?.enrollments[after.enrollments.length - 1];
    return {
      planId,
      personRef,
      events: result.events,
      status: currentEnrollment(after)?.status ?? last?.status ?? 'none',
      replayed: result.replayed,
    };
  }
}
