import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  BasicInsuranceStatus,
  decideGroupBatchApplied,
  decideGroupPurchaseLine,
  decideRecordRemittance,
  decideSubmitGroupPurchase,
  EmployerShare,
  foldEmployer,
  foldPolicy,
  GroupLineNotEnrolled,
  GroupPurchaseEvent,
  GroupPurchaser,
  notFound,
  PolicyEvent,
  RemittanceReconciliation,
  resolveOccurredAt,
  RestPaidBy,
  shanghaiDate,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { NameBasedIds } from '../core/name-based-id';
import { PlanRepository } from '../core/plan-repository';
import { refusalOf } from '../core/refusal';
import { chineseMessage } from '../messages/chinese-messages';
import { PersonIdentities } from '../privacy/person-identities';

/** One person on an employer's staff list. */
export interface StaffLine {
  idNumber: string;
  name?: string;
  basicInsurance: BasicInsuranceStatus;
  /** The township by Chinese name, statistical division code or id. */
  township?: string;
  localHouseholdRegistration?: boolean;
  /** The line's number in the file it came from (reports use it; default: its position). */
  line?: number;
}

export interface RemittanceInput {
  amountFen: number;
  receivedOn?: string;
  reference?: string;
}

export interface GroupPurchaseRequest {
  purchaser: GroupPurchaser;
  batchId: string;
  employerShare: EmployerShare;
  restPaidBy?: RestPaidBy;
  staff: StaffLine[];
  /** Business time of the enrollments (ISO-8601 with offset); default: now. */
  occurredAt?: string;
  /** The batch's remittance, when it is known with the list. */
  remittance?: RemittanceInput;
}

export class SubmitGroupPurchaseCommand {
  constructor(
    readonly planId: string,
    readonly request: GroupPurchaseRequest,
    readonly ctx: CommandContext,
  ) {}
}

export class RecordGroupRemittanceCommand {
  constructor(
    readonly planId: string,
    readonly employerId: string,
    readonly batchId: string,
    readonly remittance: RemittanceInput,
    readonly ctx: CommandContext,
  ) {}
}

export type GroupLineOutcome = 'enrolled' | 'already_enrolled' | 'refused';

export interface GroupLineReport {
  line: number;
  personRef?: string;
  outcome: GroupLineOutcome;
  /** The employer's part of this person's premium (owed when enrolled; not owed otherwise). */
  partFen?: number;
  enrollmentId?: string;
  /** already_enrolled: the earlier enrollment is this purchaser's own (an earlier batch). */
  byThisPurchaser?: boolean;
  rule?: string;
  field?: string;
  message?: string;
  messages?: { zh: string; en: string };
}

export interface GroupPurchaseReport {
  planId: string;
  employerId: string;
  batchId: string;
  lines: GroupLineReport[];
  summary: {
    lines: number;
    enrolled: number;
    already_enrolled: number;
    refused: number;
    expectedRemittanceFen: number;
  };
  remittance?: { amountFen: number; receivedOn: string; reconciliation: RemittanceReconciliation };
}

const GROUP_ENROLLMENT_IDS = new NameBasedIds('5c2e8f0a-7d41-4b6e-9f3a-1e8d2c6b4a90');

/**
 * Group purchase (团体参保): the batch is checked as a whole and recorded on the purchaser's
 * stream, each person is one decision on their policy stream, then the batch's expected
 * remittance is recorded; a remittance is reconciled against it. Line decisions are keyed by
 * the batch (not the request), so a batch sent again replays and never enrolls anyone twice.
 */
@Injectable()
export class GroupPurchases {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly plans: PlanRepository,
    private readonly identities: PersonIdentities,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async submit({ planId, request, ctx }: SubmitGroupPurchaseCommand): Promise<GroupPurchaseReport> {
    const now = this.clock.now();
    const occurredAt = resolveOccurredAt(request.occurredAt, now);
    const plan = await this.plans.get(planId);
    const { purchaser, batchId } = request;
    const stream = StreamNames.employer(planId, purchaser?.employerId);
    const digest = createHash('sha256')
      .update(
        JSON.stringify({
          purchaser,
          employerShare: request.employerShare,
          restPaidBy: request.restPaidBy ?? 'individual',
          staff: request.staff,
        }),
      )
      .digest('hex');
    await this.streams.execute<GroupPurchaseEvent>(
      stream,
      { ...ctx, commandId: `${ctx.commandId}:group-submitted` },
      (loaded) =>
        decideSubmitGroupPurchase(foldEmployer(loaded.events), plan, {
          planId,
          purchaser,
          batchId,
          employerShare: request.employerShare,
          ...(request.restPaidBy ? { restPaidBy: request.restPaidBy } : {}),
          lines: request.staff.length,
          digest,
          occurredAt,
        }),
    );
    const batchKey = `group:${planId}:${purchaser.employerId}:${batchId}`;
    const terms = foldEmployer((await this.streams.load<GroupPurchaseEvent>(stream)).events)!
      .batches[batchId].submitted;
    const today = shanghaiDate(now);
    const lines: GroupLineReport[] = [];
    for (const [i, staff] of request.staff.entries()) {
      const lineNo = staff.line ?? i + 1;
      const lineCtx = { ...ctx, commandId: `${batchKey}:${i + 1}` };
      try {
        const person = await this.identities.insured(
          {
            idNumber: staff.idNumber,
            ...(staff.name ? { name: staff.name } : {}),
            ...(staff.localHouseholdRegistration !== undefined
              ? { localHouseholdRegistration: staff.localHouseholdRegistration }
              : {}),
          },
          `staff[${i}]`,
          today,
        );
        let decided: ReturnType<typeof decideGroupPurchaseLine> | undefined;
        const result = await this.streams.execute<PolicyEvent>(
          StreamNames.policy(planId, person.personRef),
          lineCtx,
          (loaded) => {
            decided = decideGroupPurchaseLine(foldPolicy(loaded.events), plan, {
              planId,
              purchaser,
              batchId,
              employerShare: terms.employerShare,
              restPaidBy: terms.restPaidBy,
              enrollmentId: GROUP_ENROLLMENT_IDS.of(`${lineCtx.commandId}|enrollment`),
              person,
              basicInsurance: staff.basicInsurance,
              ...(staff.township ? { township: staff.township } : {}),
              occurredAt,
            });
            return decided.decision;
          },
        );
        const enrolled = result.events.find((e) => e.type === 'PolicyEnrolled');
        if (enrolled?.type === 'PolicyEnrolled') {
          lines.push({
            line: lineNo,
            personRef: person.personRef,
            outcome: 'enrolled',
            partFen:
              enrolled.data.contributions.find((c) => c.source === 'employer')?.amountFen ?? 0,
            enrollmentId: enrolled.data.enrollmentId,
          });
        } else {
          lines.push({
            line: lineNo,
            personRef: person.personRef,
            outcome: 'already_enrolled',
            partFen: decided!.partFen,
            ...(decided!.byThisPurchaser !== undefined
              ? { byThisPurchaser: decided!.byThisPurchaser }
              : {}),
          });
        }
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        const item = refusal.errors[0];
        lines.push({
          line: lineNo,
          outcome: 'refused',
          rule: item.rule,
          field: item.field,
          message: item.message,
          messages: { zh: chineseMessage(item), en: item.message },
        });
      }
    }
    const notEnrolled: GroupLineNotEnrolled[] = lines
      .filter((l) => l.outcome !== 'enrolled')
      .map((l) => ({
        line: l.line,
        ...(l.personRef ? { personRef: l.personRef } : {}),
        outcome: l.outcome === 'already_enrolled' ? 'already_enrolled' : 'refused',
        ...(l.outcome === 'already_enrolled' ? { nominalPartFen: l.partFen ?? 0 } : {}),
        ...(l.rule ? { rule: l.rule } : {}),
      }));
    await this.streams.execute<GroupPurchaseEvent>(
      stream,
      { ...ctx, commandId: `${batchKey}:applied` },
      (loaded) =>
        decideGroupBatchApplied(foldEmployer(loaded.events), {
          planId,
          employerId: purchaser.employerId,
          batchId,
          enrolledParts: lines.filter((l) => l.outcome === 'enrolled').map((l) => l.partFen ?? 0),
          notEnrolled,
          occurredAt: now,
        }),
    );
    // A batch sent again with its remittance replays it; another amount is a second remittance.
    const recorded = (await this.batch(planId, purchaser.employerId, batchId)).remittance;
    if (request.remittance && recorded?.amountFen !== request.remittance.amountFen) {
      await this.remit(
        new RecordGroupRemittanceCommand(
          planId,
          purchaser.employerId,
          batchId,
          request.remittance,
          {
            ...ctx,
            commandId: `${ctx.commandId}:remittance`,
          },
        ),
      );
    }
    const { applied, remittance } = await this.batch(planId, purchaser.employerId, batchId);
    const count = (o: GroupLineOutcome) => lines.filter((l) => l.outcome === o).length;
    return {
      planId,
      employerId: purchaser.employerId,
      batchId,
      lines,
      summary: {
        lines: lines.length,
        enrolled: count('enrolled'),
        already_enrolled: count('already_enrolled'),
        refused: count('refused'),
        expectedRemittanceFen: applied?.expectedRemittanceFen ?? 0,
      },
      ...(remittance
        ? {
            remittance: {
              amountFen: remittance.amountFen,
              receivedOn: remittance.receivedOn,
              reconciliation: remittance.reconciliation,
            },
          }
        : {}),
    };
  }

  async remit({ planId, employerId, batchId, remittance, ctx }: RecordGroupRemittanceCommand) {
    const result = await this.streams.execute<GroupPurchaseEvent>(
      StreamNames.employer(planId, employerId),
      ctx,
      (loaded) =>
        decideRecordRemittance(foldEmployer(loaded.events), {
          planId,
          employerId,
          batchId,
          amountFen: remittance.amountFen,
          ...(remittance.receivedOn ? { receivedOn: remittance.receivedOn } : {}),
          ...(remittance.reference ? { reference: remittance.reference } : {}),
          occurredAt: this.clock.now(),
        }),
    );
    const received = result.events.find((e) => e.type === 'GroupRemittanceReceived');
    if (received?.type !== 'GroupRemittanceReceived') throw new Error('no remittance recorded');
    return { ...received.data, replayed: result.replayed };
  }

  /** A batch as recorded: its terms, what applying it enrolled, and its remittance. */
  async batch(planId: string, employerId: string, batchId: string) {
    const state = foldEmployer(
      (await this.streams.load<GroupPurchaseEvent>(StreamNames.employer(planId, employerId)))
        .events,
    );
    const batch = state?.batches[batchId];
    if (!batch)
      throw notFound(
        'batchId',
        'groupPurchase.batchExists',
        `no group purchase batch ${batchId} from ${employerId} in plan ${planId}`,
      );
    return batch;
  }
}

@CommandHandler(SubmitGroupPurchaseCommand)
export class SubmitGroupPurchaseHandler implements ICommandHandler<SubmitGroupPurchaseCommand> {
  constructor(private readonly purchases: GroupPurchases) {}
  execute(command: SubmitGroupPurchaseCommand) {
    return this.purchases.submit(command);
  }
}

@CommandHandler(RecordGroupRemittanceCommand)
export class RecordGroupRemittanceHandler implements ICommandHandler<RecordGroupRemittanceCommand> {
  constructor(private readonly purchases: GroupPurchases) {}
  execute(command: RecordGroupRemittanceCommand) {
    return this.purchases.remit(command);
  }
}
