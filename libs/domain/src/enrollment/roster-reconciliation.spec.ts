import { at, person, planState } from '../testing/fixtures';
import { decideEnroll } from './policy-decider';
import { PolicyEvent } from './policy-events';
import { currentEnrollment, foldPolicy } from './policy-state';
import { decideRosterReconciliation } from './roster-reconciliation';

const PLAN = planState();
const PERSON = person('1970-03-03', 31, { localHouseholdRegistration: true });

function selfPaid(): PolicyEvent[] {
  const d = decideEnroll(undefined, PLAN, {
    planId: 'test-2024',
    enrollmentId: 'e1',
    person: PERSON,
    basicInsurance: { scheme: 'resident', insuredRegionCode: '330281' },
    contributions: [{ source: 'individual', amountFen: 10000 }],
    occurredAt: at('2023-10-20T10:00:00+08:00'),
  });
  if (!d.ok) throw d.error;
  return d.events;
}

const reconcile = (history: PolicyEvent[], when: string) =>
  decideRosterReconciliation(foldPolicy(history), PLAN, {
    planId: 'test-2024',
    personRef: PERSON.personRef,
    rosterId: 'civil-affairs-2023-11',
    category: 'di_bao',
    occurredAt: at(when),
  });

describe('Roster reconciliation (DOMAIN.md: Who pays, adapted from 003)', () => {
  it('Roster reconciliation: found on a full-subsidy roster while the window is open, a self-payer is refunded and re-recorded as subsidized', () => {
    const history = selfPaid();
    const { outcome, decision } = reconcile(history, '2023-11-15T10:00:00+08:00');
    expect(outcome).toBe('reclassified');
    if (!decision.ok) throw decision.error;
    expect(decision.events.map((e) => e.type)).toEqual([
      'ContributionRefunded',
      'EnrollmentReclassifiedAsSubsidized',
    ]);
    expect(decision.events[0].data).toMatchObject({
      amountFen: 10000,
      source: 'individual',
      reason: 'found_on_subsidy_roster',
    });
    expect(decision.events[1].data).toMatchObject({
      contribution: {
        source: 'government_full_subsidy',
        amountFen: 10000,
        category: 'di_bao',
        status: 'paid',
      },
      replacedSources: ['individual'],
    });
    const e = currentEnrollment(foldPolicy([...history, ...decision.events]))!;
    expect(e.status).toBe('active');
    expect(e.contributions.map((c) => [c.source, c.currentStatus])).toEqual([
      ['individual', 'refunded'],
      ['government_full_subsidy', 'paid'],
    ]);
  });

  it('Roster reconciliation: found after coverage starts, nothing is refunded', () => {
    const { outcome, decision } = reconcile(selfPaid(), '2024-01-02T10:00:00+08:00');
    expect(outcome).toBe('no_refund_after_coverage_start');
    expect(decision.ok && decision.events).toEqual([]);
  });

  it('Roster reconciliation: between the window closing and coverage start the open-window rule does not apply', () => {
    const { outcome, decision } = reconcile(selfPaid(), '2023-12-20T10:00:00+08:00');
    expect(outcome).toBe('window_closed');
    expect(decision.ok && decision.events).toEqual([]);
  });

  it('Roster reconciliation: a person not enrolled is left to be enrolled as subsidized; an unknown category is refused', () => {
    expect(reconcile([], '2023-11-15T10:00:00+08:00').outcome).toBe('not_enrolled');
    const bad = decideRosterReconciliation(undefined, PLAN, {
      planId: 'test-2024',
      personRef: 'x',
      rosterId: 'r',
      category: 'disabled',
      occurredAt: at('2023-11-15T10:00:00+08:00'),
    });
    expect(!bad.decision.ok && bad.decision.error.rule).toBe('roster.fullSubsidyCategory');
  });
});
