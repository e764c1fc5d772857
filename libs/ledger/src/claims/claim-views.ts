import { Injectable } from '@nestjs/common';
import { claimsOf, foldPolicy, PolicyEvent } from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { AsOf, PayoutsView } from '@ledger/projections';
import { LedgerStreams } from '../core/ledger-streams';
import { PlanRepository } from '../core/plan-repository';
import { ViewReports } from '../views/view-reports';

/** Claims read from the policy stream; payouts from the persisted payouts view. */
@Injectable()
export class ClaimViews {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly plans: PlanRepository,
    private readonly reports: ViewReports,
  ) {}

  private async policy(planId: string, personRef: string) {
    const loaded = await this.streams.load<PolicyEvent>(StreamNames.policy(planId, personRef));
    const state = foldPolicy(loaded.events);
    return state && { state, claims: claimsOf(state), revision: loaded.revision.toString() };
  }

  /** Every claim of a policy: accepted ones with their status, and the recorded rejections. */
  async claims(planId: string, personRef: string) {
    const p = await this.policy(planId, personRef);
    if (!p) return undefined;
    return {
      planId,
      personRef,
      revision: p.revision,
      accepted: p.claims.accepted.map((c) => ({
        claimId: c.claimId,
        status: c.status,
        serviceDate: c.adjudicated.claim.serviceDate,
        hospital: c.adjudicated.claim.hospital,
        payoutFen: c.adjudicated.payoutFen,
        adjudicatedAt: c.adjudicated.occurredAt,
        approvedAt: c.approved?.occurredAt,
        paidAt: c.paid?.occurredAt,
      })),
      rejections: p.claims.rejections.map((r) => ({
        claimId: r.claimId,
        serviceDate: r.claim.serviceDate,
        rule: r.rule,
        reason: r.reason,
        occurredAt: r.occurredAt,
      })),
      suspensions: p.claims.suspensions,
    };
  }

  /** One claim: its adjudication (full breakdown), approval, payment and any rejections. */
  async claim(planId: string, personRef: string, claimId: string) {
    const p = await this.policy(planId, personRef);
    if (!p) return undefined;
    const accepted = p.claims.accepted.find((c) => c.claimId === claimId);
    const rejections = p.claims.rejections.filter((r) => r.claimId === claimId);
    if (!accepted && rejections.length === 0) return undefined;
    return {
      planId,
      personRef,
      claimId,
      status: accepted?.status ?? 'rejected',
      payoutFen: accepted?.adjudicated.payoutFen ?? 0,
      adjudication: accepted?.adjudicated,
      approval: accepted?.approved,
      payment: accepted?.paid,
      rejections,
    };
  }

  /** The person's year-to-date accumulators in the plan year, with what is left of each cap. */
  async accumulators(planId: string, personRef: string) {
    const p = await this.policy(planId, personRef);
    if (!p) return undefined;
    const plan = (await this.plans.get(planId))?.definition;
    const schedule = plan?.benefits;
    const acc = p.claims.accumulators;
    const fenOf = (record: Record<string, number>, code: string) =>
      Object.hasOwn(record, code) ? record[code] : 0;
    const codes = [
      ...(schedule?.responsibilities.map((r) => r.code) ?? []),
      ...Object.keys(acc.countedFen).filter(
        (c) => !schedule?.responsibilities.some((r) => r.code === c),
      ),
    ];
    const planCapFen = schedule?.planCapFen ?? null;
    return {
      planId,
      personRef,
      planYear: plan?.planYear,
      coverage: plan?.coverage && {
        startsOn: plan.coverage.startsOn,
        endsOn: plan.coverage.endsOn,
      },
      asOf: p.state.lastOccurredAt,
      claims: { adjudicated: p.claims.accepted.length, rejected: p.claims.rejections.length },
      responsibilities: codes.map((code) => {
        const def = schedule?.responsibilities.find((r) => r.code === code);
        const countedFen = fenOf(acc.countedFen, code);
        const paidFen = fenOf(acc.paidFen, code);
        const capFen = def?.capFen ?? null;
        return {
          responsibilityCode: code,
          name: def?.name,
          deductibleFen: def?.deductibleFen ?? null,
          countedFen,
          deductibleRemainingFen: def ? Math.max(0, def.deductibleFen - countedFen) : null,
          paidFen,
          capFen,
          capRemainingFen: capFen === null ? null : capFen - paidFen,
        };
      }),
      planPaidFen: acc.planPaidFen,
      planCapFen,
      planCapRemainingFen: planCapFen === null ? null : planCapFen - acc.planPaidFen,
    };
  }

  /** Payouts of a plan per responsibility and per insurer, from the persisted payouts view. */
  async payouts(planId: string, asOf?: AsOf): Promise<PayoutsView | undefined> {
    if (!(await this.plans.get(planId))) return undefined;
    return this.reports.payouts(planId, asOf);
  }
}
