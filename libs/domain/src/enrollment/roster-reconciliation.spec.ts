import { at, person, planState } from '../testing/fixtures';
import { ContributionInput } from './contribution';
import { decideEnroll } from './policy-decider';
import { PolicyEvent } from './policy-events';
import { currentEnrollment, foldPolicy } from './policy-state';
import { checkRosterDates, decideRosterLine } from './roster-reconciliation';

// The test plan is shaped like 003: window 2023-10-10..12-10, coverage from 2024-01-01.
const PLAN = planState();
const PERSON = person('1970-03-03', 31, { localHouseholdRegistration: true });
const EMPLOYER = { funderId: 'employer:913302817000000000', name: '余姚某公司' };

function paid(
  contributions: ContributionInput[] = [{ source: 'individual', amountFen: 10000 }],
  when = '2023-10-20T10:00:00+08:00',
): PolicyEvent[] {
  const d = decideEnroll(undefined, PLAN, {
    planId: 'test-2024',
    enrollmentId: 'e1',
    person: PERSON,
    basicInsurance: { scheme: 'employee', insuredRegionCode: '330281' },
    contributions,
    occurredAt: at(when),
  });
  if (!d.ok) throw d.error;
  return d.events;
}

const apply = (history: PolicyEvent[], listDate: string, appliedAt: string) =>
  decideRosterLine(history.length ? foldPolicy(history) : undefined, PLAN, {
    planId: 'test-2024',
    personRef: PERSON.personRef,
    rosterId: 'civil-affairs',
    category: 'di_bao',
    dates: { listDate, receivedOn: appliedAt.slice(0, 10) },
    appliedAt: at(appliedAt),
    enrollment: {
      enrollmentId: 'e-roster',
      person: PERSON,
      basicInsurance: { scheme: 'resident', insuredRegionCode: '330281' },
    },
  });

describe('Roster reconciliation at the list’s date (DOMAIN.md: Who pays; Interpretations 003 ③ and ④)', () => {
  it('Roster reconciliation (003 ③): a list dated inside the window but applied after it closed refunds the self-payer and re-records them as subsidized', () => {
    const history = paid();
    const { outcome, decision, refunds, occurredAt } = apply(
      history,
      '2023-12-10',
      '2023-12-20T09:00:00+08:00',
    );
    expect(outcome).toBe('reclassified');
    if (!decision.ok) throw decision.error;
    expect(decision.events.map((e) => e.type)).toEqual([
      'ContributionRefunded',
      'EnrollmentReclassifiedAsSubsidized',
    ]);
    expect(refunds).toEqual([
      { contributionId: 'e1/c1', source: 'individual', amountFen: 10000, kind: 'refunded' },
    ]);
    // Dated at the end of the list's date (Asia/Shanghai), not when the ledger received it.
    expect(occurredAt).toBe('2023-12-10T15:59:59.999Z');
    expect(decision.events[1].data).toMatchObject({
      listDate: '2023-12-10',
      receivedOn: '2023-12-20',
      contribution: { source: 'government_full_subsidy', amountFen: 10000, category: 'di_bao' },
    });
    const e = currentEnrollment(foldPolicy([...history, ...decision.events]))!;
    expect(e.contributions.map((c) => [c.source, c.currentStatus])).toEqual([
      ['individual', 'refunded'],
      ['government_full_subsidy', 'paid'],
    ]);
  });

  it('Roster reconciliation (interpretation): a list dated after the window closed but before coverage starts refunds and reclassifies too', () => {
    expect(apply(paid(), '2023-12-20', '2024-02-01T10:00:00+08:00').outcome).toBe('reclassified');
  });

  it('Roster reconciliation (003 ④): the same list dated after coverage started refunds nothing, owes no subsidy for the year: found late', () => {
    const { outcome, decision, refunds } = apply(paid(), '2024-01-01', '2024-02-01T10:00:00+08:00');
    expect(outcome).toBe('found_late');
    expect(decision.ok && decision.events).toEqual([]);
    expect(refunds).toEqual([]);
    expect(apply([], '2024-01-15', '2024-02-01T10:00:00+08:00').outcome).toBe('found_late');
  });

  it('Roster reconciliation: every contribution goes back to whoever paid it — the individual, the personal-account holder, the employer; a scheduled deduction not yet taken is withdrawn', () => {
    const history = paid([
      { source: 'employer', amountFen: 6000, funder: EMPLOYER, fund: 'union' },
      {
        source: 'personal_account',
        amountFen: 4000,
        relation: 'self',
        payer: { personRef: PERSON.personRef },
        deduction: 'pending',
      },
    ]);
    const { outcome, refunds, decision } = apply(
      history,
      '2023-11-30',
      '2023-12-01T10:00:00+08:00',
    );
    expect(outcome).toBe('reclassified');
    expect(refunds).toEqual([
      {
        contributionId: 'e1/c1',
        source: 'employer',
        amountFen: 6000,
        funder: EMPLOYER,
        kind: 'refunded',
      },
      {
        contributionId: 'e1/c2',
        source: 'personal_account',
        amountFen: 4000,
        payerRef: PERSON.personRef,
        kind: 'withdrawn',
      },
    ]);
    expect(decision.ok && decision.events.map((e) => e.type)).toEqual([
      'ContributionRefunded',
      'PendingDeductionWithdrawn',
      'EnrollmentReclassifiedAsSubsidized',
    ]);
  });

  it('Roster reconciliation: a person not enrolled is enrolled as subsidized at the list’s date, though the list arrives after the window closed', () => {
    const { outcome, decision, occurredAt } = apply([], '2023-12-05', '2023-12-28T10:00:00+08:00');
    expect(outcome).toBe('enrolled_as_subsidized');
    expect(occurredAt).toBe('2023-12-05T15:59:59.999Z');
    expect(decision.ok && decision.events[0]).toMatchObject({
      type: 'PolicyEnrolled',
      data: { contributions: [{ source: 'government_full_subsidy', amountFen: 10000 }] },
    });
  });

  it('Roster reconciliation: a person not enrolled on a list dated after the window closed (before coverage) is not enrolled this year', () => {
    const { outcome, decision } = apply([], '2023-12-15', '2023-12-28T10:00:00+08:00');
    expect(outcome).toBe('too_late_to_enroll');
    expect(decision.ok && decision.events).toEqual([]);
  });

  it('Roster reconciliation: a person who paid after the list’s date is reconciled at their last recorded fact (the comparison finds what was recorded)', () => {
    const history = paid(undefined, '2023-12-05T11:00:00+08:00');
    const { outcome, occurredAt } = apply(history, '2023-11-30', '2023-12-20T10:00:00+08:00');
    expect(outcome).toBe('reclassified');
    expect(occurredAt).toBe('2023-12-05T03:00:00.000Z');
  });

  it('Roster reconciliation: a person already subsidized is reported as such; a category that is not a full subsidy is refused', () => {
    const subsidized = apply(paid(), '2023-11-15', '2023-11-16T10:00:00+08:00').decision;
    if (!subsidized.ok) throw subsidized.error;
    const again = apply(
      [...paid(), ...subsidized.events],
      '2023-11-20',
      '2023-11-21T10:00:00+08:00',
    );
    expect(again.outcome).toBe('already_subsidized');
    const bad = decideRosterLine(undefined, PLAN, {
      planId: 'test-2024',
      personRef: 'x',
      rosterId: 'r',
      category: 'disabled',
      dates: { listDate: '2023-11-15', receivedOn: '2023-11-15' },
      appliedAt: at('2023-11-15T10:00:00+08:00'),
    });
    expect(!bad.decision.ok && bad.decision.error.rule).toBe('roster.fullSubsidyCategory');
  });

  it('Roster reconciliation: a roster carries its own date — required, not in the future; received on or after it', () => {
    const today = '2023-12-20';
    expect(checkRosterDates({ listDate: '2023-12-10' }, today)).toEqual({
      listDate: '2023-12-10',
      receivedOn: today,
    });
    const rule = (given: { listDate?: string; receivedOn?: string }) => {
      try {
        checkRosterDates(given, today);
        return undefined;
      } catch (error) {
        return (error as { rule: string }).rule;
      }
    };
    expect(rule({})).toBe('roster.listDateRequired');
    expect(rule({ listDate: '2023-12-32' })).toBe('date.format');
    expect(rule({ listDate: '2023-12-21' })).toBe('roster.listDateNotFuture');
    expect(rule({ listDate: '2023-12-10', receivedOn: '2023-12-09' })).toBe(
      'roster.receivedAfterListDate',
    );
    expect(rule({ listDate: '2023-12-10', receivedOn: '2023-12-21' })).toBe(
      'roster.receivedNotFuture',
    );
  });
});
