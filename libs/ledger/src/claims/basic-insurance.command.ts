import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  decideRestoreBasicInsurance,
  decideSuspendBasicInsurance,
  foldPolicy,
  PolicyEvent,
  resolveOccurredAt,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { CLAIM_WRITE_ATTEMPTS } from './submit-claim.command';

export type BasicInsuranceChange =
  | { kind: 'suspend'; from: string; reason: string }
  | { kind: 'restore'; suspendedFrom: string; restoredOn: string; backPaid: boolean };

/** A basic-insurance suspension or restoration fed from upstream (002 三(三)). */
export class RecordBasicInsuranceCommand {
  constructor(
    readonly planId: string,
    readonly personRef: string,
    readonly change: BasicInsuranceChange,
    readonly occurredAt: string | undefined,
    readonly ctx: CommandContext,
  ) {}
}

export interface BasicInsuranceReceipt {
  planId: string;
  personRef: string;
  events: { type: string; data: unknown }[];
  replayed: boolean;
}

@CommandHandler(RecordBasicInsuranceCommand)
export class RecordBasicInsuranceHandler implements ICommandHandler<
  RecordBasicInsuranceCommand,
  BasicInsuranceReceipt
> {
  constructor(
    private readonly streams: LedgerStreams,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({
    planId,
    personRef,
    change,
    occurredAt,
    ctx,
  }: RecordBasicInsuranceCommand): Promise<BasicInsuranceReceipt> {
    const at = resolveOccurredAt(occurredAt, this.clock.now());
    const result = await this.streams.execute<PolicyEvent>(
      StreamNames.policy(planId, personRef),
      ctx,
      (loaded) => {
        const state = foldPolicy(loaded.events);
        const base = { planId, personRef, occurredAt: at };
        return change.kind === 'suspend'
          ? decideSuspendBasicInsurance(state, {
              ...base,
              from: change.from,
              reason: change.reason,
            })
          : decideRestoreBasicInsurance(state, {
              ...base,
              suspendedFrom: change.suspendedFrom,
              restoredOn: change.restoredOn,
              backPaid: change.backPaid,
            });
      },
      CLAIM_WRITE_ATTEMPTS,
    );
    return { planId, personRef, events: result.events, replayed: result.replayed };
  }
}
