import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  BasicInsuranceStatus,
  decideEnroll,
  decideRosterReconciliation,
  DomainError,
  foldPolicy,
  PolicyEvent,
  quotePremium,
  resolveOccurredAt,
  RosterOutcome,
  shanghaiDate,
  toIso,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { NameBasedIds } from '../core/name-based-id';
import { PlanRepository } from '../core/plan-repository';
import { PersonIdentities } from '../privacy/person-identities';

/** One line of a full-subsidy roster from civil affairs or the disability federation. */
export interface RosterLine {
  idNumber: string;
  name?: string;
  category: string;
  /** The person's basic insurance as matched upstream; absent when nobody matched. */
  basicInsurance?: BasicInsuranceStatus;
  townshipId?: string;
  localHouseholdRegistration?: boolean;
}

export class ImportSubsidyRosterCommand {
  constructor(
    readonly planId: string,
    readonly rosterId: string,
    readonly source: string,
    readonly lines: RosterLine[],
    readonly ctx: CommandContext,
  ) {}
}

export type RosterLineOutcome =
  RosterOutcome | 'enrolled_as_subsidized' | 'unmatched_basic_insurance' | 'refused';

export interface RosterLineReport {
  line: number;
  personRef?: string;
  outcome: RosterLineOutcome;
  rule?: string;
  message?: string;
}

const ROSTER_ENROLLMENT_IDS = new NameBasedIds('3f0d6c1a-9b2e-4e7a-8c5d-2a1b0f9e8d77');

/** Events of stream roster-{planId}-{rosterId}. */
export type RosterEvent = {
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
};

/**
 * Applies a full-subsidy roster: people not enrolled are enrolled as subsidized (no action by
 * them); self-payers are reconciled per DOMAIN.md; a line that matches nobody in basic insurance
 * is recorded and reported, never dropped. One report line per roster line.
 */
@CommandHandler(ImportSubsidyRosterCommand)
export class ImportSubsidyRosterHandler implements ICommandHandler<ImportSubsidyRosterCommand> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly plans: PlanRepository,
    private readonly identities: PersonIdentities,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ planId, rosterId, source, lines, ctx }: ImportSubsidyRosterCommand) {
    const now = resolveOccurredAt(undefined, this.clock.now());
    const report: RosterLineReport[] = [];
    for (const [i, line] of lines.entries()) {
      const lineNo = i + 1;
      const lineCtx = { ...ctx, commandId: `${ctx.commandId}:roster:${rosterId}:${lineNo}` };
      try {
        const personRef = this.identities.refOf(
          line.idNumber,
          `lines[${i}].idNumber`,
          shanghaiDate(now),
        );
        if (!line.basicInsurance) {
          await this.streams.execute<RosterEvent>(`roster-${planId}-${rosterId}`, lineCtx, () => ({
            ok: true,
            events: [
              {
                type: 'RosterLineUnmatched',
                data: {
                  planId,
                  rosterId,
                  line: lineNo,
                  personRef,
                  category: line.category,
                  reason: 'matches nobody in basic insurance',
                  occurredAt: toIso(now),
                },
              },
            ],
          }));
          report.push({ line: lineNo, personRef, outcome: 'unmatched_basic_insurance' });
          continue;
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
          shanghaiDate(now),
        );
        let outcome: RosterLineOutcome = 'not_enrolled';
        // One decision per line on the person's stream: a retried roster replays, never repeats.
        const result = await this.streams.execute<PolicyEvent>(
          StreamNames.policy(planId, personRef),
          lineCtx,
          (loaded) => {
            const policy = foldPolicy(loaded.events);
            const reconciled = decideRosterReconciliation(policy, plan, {
              planId,
              personRef,
              rosterId,
              category: line.category,
              occurredAt: now,
            });
            outcome = reconciled.outcome;
            if (!reconciled.decision.ok || outcome !== 'not_enrolled') return reconciled.decision;
            outcome = 'enrolled_as_subsidized';
            const premium =
              plan?.definition.premium && plan.definition.coverage
                ? quotePremium(
                    plan.definition.premium,
                    {
                      birthDate: person.birthDate,
                      sex: person.sex,
                      residentTier: line.basicInsurance!.residentTier,
                    },
                    plan.definition.coverage.startsOn,
                  ).amountFen
                : 0;
            return decideEnroll(policy, plan, {
              planId,
              enrollmentId: ROSTER_ENROLLMENT_IDS.of(`${lineCtx.commandId}|enrollment`),
              person,
              basicInsurance: line.basicInsurance!,
              ...(line.townshipId ? { townshipId: line.townshipId } : {}),
              contributions: [
                { source: 'government_full_subsidy', amountFen: premium, category: line.category },
              ],
              occurredAt: now,
            });
          },
        );
        if (result.replayed) {
          const types = result.events.map((e) => e.type);
          outcome = types.includes('PolicyEnrolled')
            ? 'enrolled_as_subsidized'
            : types.includes('EnrollmentReclassifiedAsSubsidized')
              ? 'reclassified'
              : outcome;
        }
        report.push({ line: lineNo, personRef, outcome });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        report.push({
          line: lineNo,
          outcome: 'refused',
          rule: error.rule,
          message: `${error.field}: ${error.message}`,
        });
      }
    }
    const count = (o: RosterLineOutcome) => report.filter((r) => r.outcome === o).length;
    return {
      planId,
      rosterId,
      source,
      lines: report,
      summary: Object.fromEntries(
        (
          [
            'enrolled_as_subsidized',
            'reclassified',
            'already_subsidized',
            'no_refund_after_coverage_start',
            'window_closed',
            'unmatched_basic_insurance',
            'refused',
          ] as const
        ).map((o) => [o, count(o)]),
      ),
    };
  }
}
