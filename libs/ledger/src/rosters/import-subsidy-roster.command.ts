import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  BasicInsuranceStatus,
  checkRosterDates,
  conflict,
  decideRosterLine,
  foldPolicy,
  listInstant,
  notFound,
  PolicyEvent,
  RosterDates,
  RosterOutcome,
  RosterRefund,
  shanghaiDate,
  toIso,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { NameBasedIds } from '../core/name-based-id';
import { PlanRepository } from '../core/plan-repository';
import { ProductRepository } from '../core/product-repository';
import { refusalOf } from '../core/refusal';
import { chineseMessage } from '../messages/chinese-messages';
import { PersonIdentities } from '../privacy/person-identities';

/** One line of a full-subsidy roster from civil affairs or the disability federation. */
export interface RosterLine {
  idNumber: string;
  name?: string;
  category: string;
  /** The person's basic insurance as matched upstream; absent when nobody matched. */
  basicInsurance?: BasicInsuranceStatus;
  /** The township by id, statistical division code or Chinese name. */
  townshipId?: string;
  township?: string;
  localHouseholdRegistration?: boolean;
  /** The line's number in the file it came from (reports use it; default: its position). */
  line?: number;
}

export class ImportSubsidyRosterCommand {
  constructor(
    readonly planId: string,
    readonly rosterId: string,
    readonly source: string,
    readonly lines: RosterLine[],
    /** The list's own date (required) and the date it was received (default: today). */
    readonly dates: { listDate?: string; receivedOn?: string },
    readonly ctx: CommandContext,
  ) {}
}

export type RosterLineOutcome = RosterOutcome | 'unmatched_basic_insurance' | 'refused';

/** Every line gets exactly one of these, so the summary adds up to the number of lines. */
export const ROSTER_LINE_OUTCOMES: readonly RosterLineOutcome[] = [
  'enrolled_as_subsidized',
  'reclassified',
  'already_subsidized',
  'found_late',
  'too_late_to_enroll',
  'unmatched_basic_insurance',
  'refused',
];

export interface RosterLineReport {
  line: number;
  personRef?: string;
  outcome: RosterLineOutcome;
  /** Reclassified: what went back to whom (refunded, or a scheduled deduction withdrawn). */
  refunds?: RosterRefund[];
  /** The business time of the line's events. */
  occurredAt?: string;
  /** Refused: the rule, the field, and the message in both languages. */
  rule?: string;
  field?: string;
  message?: string;
  messages?: { zh: string; en: string };
}

export interface RosterReport {
  planId: string;
  rosterId: string;
  source: string;
  listDate: string;
  receivedOn: string;
  lines: RosterLineReport[];
  summary: Record<RosterLineOutcome, number> & { lines: number; refundedFen: number };
  replayed: boolean;
}

const ROSTER_ENROLLMENT_IDS = new NameBasedIds('3f0d6c1a-9b2e-4e7a-8c5d-2a1b0f9e8d77');

/** Events of stream roster-{planId}-{rosterId}. */
export type RosterEvent =
  | {
      type: 'SubsidyRosterReceived';
      data: {
        planId: string;
        rosterId: string;
        source: string;
        listDate: string;
        receivedOn: string;
        lines: number;
        /** sha256 of the lines, list date and source: the same roster id is the same list. */
        digest: string;
        occurredAt: string;
      };
    }
  | {
      type: 'RosterLineUnmatched';
      data: {
        planId: string;
        rosterId: string;
        line: number;
        personRef?: string;
        category: string;
        reason: string;
        occurredAt: string;
      };
    }
  | {
      /** Found late (after coverage started) or too late to enroll: reported, nothing owed. */
      type: 'RosterLineNotApplied';
      data: {
        planId: string;
        rosterId: string;
        line: number;
        personRef: string;
        category: string;
        listDate: string;
        reason: 'found_late' | 'too_late_to_enroll';
        occurredAt: string;
      };
    };

export const rosterStream = (planId: string, rosterId: string) => `roster-${planId}-${rosterId}`;

/**
 * Applies a full-subsidy roster at its own date (DOMAIN.md, Interpretations 003 ③ and ④): each
 * line one decision on the person's policy stream; lines that change no policy (unmatched in
 * basic insurance, found late, too late to enroll) are recorded on the roster's stream. One
 * report line per roster line; the summary counts every line once.
 */
@CommandHandler(ImportSubsidyRosterCommand)
export class ImportSubsidyRosterHandler implements ICommandHandler<ImportSubsidyRosterCommand> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly plans: PlanRepository,
    private readonly identities: PersonIdentities,
    @Inject(Clock) private readonly clock: Clock,
    private readonly products: ProductRepository,
  ) {}

  async execute(cmd: ImportSubsidyRosterCommand): Promise<RosterReport> {
    const { planId, rosterId, source, lines, ctx } = cmd;
    const now = this.clock.now();
    const given = checkRosterDates(cmd.dates, shanghaiDate(now));
    if (!(await this.plans.get(planId)))
      throw notFound('planId', 'plan.exists', `plan ${planId} does not exist`);
    const receipt = await this.receive(cmd, given, now);
    const dates = receipt.dates;
    const report: RosterLineReport[] = [];
    for (const [i, line] of lines.entries()) {
      const lineNo = line.line ?? i + 1;
      // i + 1, as ever: ledgers hold events whose ids derive from it (a retry writes nothing).
      const lineCtx = { ...ctx, commandId: `${ctx.commandId}:roster:${rosterId}:${i + 1}` };
      try {
        report.push(await this.applyLine(planId, rosterId, dates, line, i, lineNo, lineCtx, now));
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        const item = refusal.errors[0];
        report.push({
          line: lineNo,
          outcome: 'refused',
          rule: item.rule,
          field: item.field,
          message: item.message,
          messages: { zh: chineseMessage(item), en: item.message },
        });
      }
    }
    const summary = Object.fromEntries(
      ROSTER_LINE_OUTCOMES.map((o) => [o, report.filter((r) => r.outcome === o).length]),
    ) as RosterReport['summary'];
    summary.lines = report.length;
    summary.refundedFen = report.reduce(
      (s, r) =>
        s + (r.refunds ?? []).reduce((t, f) => t + (f.kind === 'refunded' ? f.amountFen : 0), 0),
      0,
    );
    return {
      planId,
      rosterId,
      source,
      listDate: dates.listDate,
      receivedOn: dates.receivedOn,
      lines: report,
      summary,
      replayed: receipt.replayed,
    };
  }

  /** Records the roster's arrival; the same roster id again must be the same list. */
  private async receive(cmd: ImportSubsidyRosterCommand, dates: RosterDates, now: number) {
    // The date received is not part of the list: a retry on another day is the same roster.
    const digest = createHash('sha256')
      .update(JSON.stringify({ source: cmd.source, listDate: dates.listDate, lines: cmd.lines }))
      .digest('hex');
    const result = await this.streams.execute<RosterEvent>(
      rosterStream(cmd.planId, cmd.rosterId),
      { ...cmd.ctx, commandId: `${cmd.ctx.commandId}:received` },
      () => ({
        ok: true,
        events: [
          {
            type: 'SubsidyRosterReceived',
            data: {
              planId: cmd.planId,
              rosterId: cmd.rosterId,
              source: cmd.source,
              listDate: dates.listDate,
              receivedOn: dates.receivedOn,
              lines: cmd.lines.length,
              digest,
              occurredAt: toIso(now),
            },
          },
        ],
      }),
    );
    const earlier = result.events.find((e) => e.type === 'SubsidyRosterReceived');
    if (
      result.replayed &&
      earlier?.type === 'SubsidyRosterReceived' &&
      earlier.data.digest !== digest
    ) {
      throw conflict(
        'rosterId',
        'roster.sameIdSameList',
        `roster ${cmd.rosterId} was applied before with other lines or another list date (${earlier.data.listDate}); give a new roster id to apply another list`,
        { rosterId: cmd.rosterId, listDate: earlier.data.listDate },
      );
    }
    const recorded =
      earlier?.type === 'SubsidyRosterReceived'
        ? { listDate: earlier.data.listDate, receivedOn: earlier.data.receivedOn }
        : dates;
    return { replayed: result.replayed, dates: recorded };
  }

  private async applyLine(
    planId: string,
    rosterId: string,
    dates: RosterDates,
    line: RosterLine,
    i: number,
    lineNo: number,
    lineCtx: CommandContext,
    now: number,
  ): Promise<RosterLineReport> {
    const today = shanghaiDate(now);
    const personRef = this.identities.refOf(line.idNumber, `lines[${i}].idNumber`, today);
    if (!line.basicInsurance) {
      await this.note(planId, rosterId, lineCtx, {
        type: 'RosterLineUnmatched',
        data: {
          planId,
          rosterId,
          line: lineNo,
          personRef,
          category: line.category,
          reason: 'matches nobody in basic insurance',
          occurredAt: toIso(listInstant(dates.listDate, now)),
        },
      });
      return { line: lineNo, personRef, outcome: 'unmatched_basic_insurance' };
    }
    const plan = await this.plans.get(planId);
    const person = await this.identities.insured(
      {
        idNumber: line.idNumber,
        ...(line.name ? { name: line.name } : {}),
        ...(line.localHouseholdRegistration !== undefined
          ? { localHouseholdRegistration: line.localHouseholdRegistration }
          : {}),
      },
      `lines[${i}]`,
      today,
    );
    const priorCoverage = plan ? await this.products.priorCoverage(plan, personRef) : [];
    let decided: ReturnType<typeof decideRosterLine> | undefined;
    // One decision per line on the person's stream: a retried roster replays, never repeats.
    const result = await this.streams.execute<PolicyEvent>(
      StreamNames.policy(planId, personRef),
      lineCtx,
      (loaded) => {
        const township = line.township ?? line.townshipId;
        decided = decideRosterLine(foldPolicy(loaded.events), plan, {
          planId,
          personRef,
          rosterId,
          category: line.category,
          dates,
          appliedAt: now,
          ...(line.localHouseholdRegistration !== undefined
            ? { localHouseholdRegistration: line.localHouseholdRegistration }
            : {}),
          enrollment: {
            enrollmentId: ROSTER_ENROLLMENT_IDS.of(`${lineCtx.commandId}|enrollment`),
            person,
            basicInsurance: line.basicInsurance!,
            ...(township ? { township } : {}),
            priorCoverage,
          },
        });
        return decided.decision;
      },
    );
    if (result.replayed) return { line: lineNo, personRef, ...replayedOutcome(result.events) };
    const { outcome, refunds, occurredAt } = decided!;
    if (outcome === 'found_late' || outcome === 'too_late_to_enroll') {
      await this.note(planId, rosterId, lineCtx, {
        type: 'RosterLineNotApplied',
        data: {
          planId,
          rosterId,
          line: lineNo,
          personRef,
          category: line.category,
          listDate: dates.listDate,
          reason: outcome,
          occurredAt,
        },
      });
    }
    return {
      line: lineNo,
      personRef,
      outcome,
      ...(refunds.length ? { refunds } : {}),
      ...(result.events.length ? { occurredAt } : {}),
    };
  }

  private note(planId: string, rosterId: string, ctx: CommandContext, event: RosterEvent) {
    return this.streams.execute<RosterEvent>(rosterStream(planId, rosterId), ctx, () => ({
      ok: true,
      events: [event],
    }));
  }
}

/** What a line did the first time, from the events it wrote (a retried roster replays them). */
function replayedOutcome(events: PolicyEvent[]): Omit<RosterLineReport, 'line' | 'personRef'> {
  const enrolled = events.find((e) => e.type === 'PolicyEnrolled');
  if (enrolled) return { outcome: 'enrolled_as_subsidized', occurredAt: enrolled.data.occurredAt };
  const refunds: RosterRefund[] = [];
  for (const e of events) {
    if (e.type === 'ContributionRefunded')
      refunds.push({
        contributionId: e.data.contributionId,
        source: e.data.source,
        amountFen: e.data.amountFen,
        ...(e.data.payerRef ? { payerRef: e.data.payerRef } : {}),
        ...(e.data.funder ? { funder: e.data.funder } : {}),
        kind: 'refunded',
      });
    if (e.type === 'PendingDeductionWithdrawn')
      refunds.push({
        contributionId: e.data.contributionId,
        source: 'personal_account',
        amountFen: e.data.amountFen,
        kind: 'withdrawn',
      });
  }
  const last = events[events.length - 1];
  return {
    outcome: 'reclassified',
    ...(refunds.length ? { refunds } : {}),
    ...(last ? { occurredAt: last.data.occurredAt } : {}),
  };
}
