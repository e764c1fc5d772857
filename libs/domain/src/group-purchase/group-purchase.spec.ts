import { at, person, planState, testPlanDefinition } from '../testing/fixtures';
import { decideEnroll } from '../enrollment/policy-decider';
import { PolicyEvent } from '../enrollment/policy-events';
import { currentEnrollment, foldPolicy } from '../enrollment/policy-state';
import {
  decideGroupBatchApplied,
  decideGroupPurchaseLine,
  decideRecordRemittance,
  decideSubmitGroupPurchase,
  employerPart,
  SubmitGroupPurchase,
} from './group-purchase-decider';
import { GroupPurchaseEvent, GroupPurchaser } from './group-purchase-events';
import { EmployerState, evolveEmployer, foldEmployer } from './group-purchase-state';

const PLAN = planState(); // window 2023-10-10..12-10, 100 yuan (50 for minors), accepts employer
const UNION: GroupPurchaser = {
  employerId: '91330281MA2AAAAA1X',
  name: '余姚某公司工会',
  kind: 'union',
};
const WHEN = at('2023-11-01T10:00:00+08:00');

const submit = (state: EmployerState | undefined, extra: Partial<SubmitGroupPurchase> = {}) =>
  decideSubmitGroupPurchase(state, PLAN, {
    planId: 'test-2024',
    purchaser: UNION,
    batchId: 'staff-2023-11',
    employerShare: { percent: 60 },
    restPaidBy: 'individual',
    lines: 500,
    digest: 'd1',
    occurredAt: WHEN,
    ...extra,
  });

const fold = (events: GroupPurchaseEvent[], state?: EmployerState) =>
  events.reduce<EmployerState | undefined>(evolveEmployer, state);

function ok<E>(d: { ok: true; events: E[] } | { ok: false; error: Error }): E[] {
  if (!d.ok) throw d.error;
  return d.events;
}

const line = (
  p: ReturnType<typeof person>,
  extra: Partial<Parameters<typeof decideGroupPurchaseLine>[2]> = {},
  history: PolicyEvent[] = [],
) =>
  decideGroupPurchaseLine(history.length ? foldPolicy(history) : undefined, PLAN, {
    planId: 'test-2024',
    purchaser: UNION,
    batchId: 'staff-2023-11',
    employerShare: { percent: 60 },
    restPaidBy: 'individual',
    enrollmentId: 'g1',
    person: p,
    basicInsurance: { scheme: 'employee', insuredRegionCode: '330281' },
    occurredAt: WHEN,
    ...extra,
  });

describe('Employer and union group purchase (团体参保; DOMAIN.md: Who pays — employer / union, 001 002 003)', () => {
  it('Who pays (employer / union): a 60% union share pays 60 of a 100-yuan premium from union funds, the person pays the other 40', () => {
    const d = line(person('1980-01-01', 11));
    expect([d.outcome, d.partFen]).toEqual(['enrolled', 6000]);
    const enrolled = ok(d.decision)[0];
    expect(enrolled.type === 'PolicyEnrolled' && enrolled.data.contributions).toEqual([
      {
        contributionId: 'g1/c1',
        source: 'employer',
        amountFen: 6000,
        status: 'paid',
        funder: { funderId: 'union:91330281MA2AAAAA1X', name: '余姚某公司工会' },
        fund: 'union',
        batchId: 'staff-2023-11',
      },
      { contributionId: 'g1/c2', source: 'individual', amountFen: 4000, status: 'paid' },
    ]);
  });

  it('Who pays (personal account): the rest paid from the staff member’s personal account is a scheduled deduction, pending until it settles', () => {
    const p = person('1980-01-01', 13);
    const d = line(p, { restPaidBy: 'personal_account' });
    const e = currentEnrollment(foldPolicy(ok(d.decision)))!;
    expect(e.status).toBe('pending_payment');
    expect(e.contributions.map((c) => [c.source, c.amountFen, c.currentStatus])).toEqual([
      ['employer', 6000, 'paid'],
      ['personal_account', 4000, 'pending'],
    ]);
  });

  it('Who pays (employer): the share follows each person’s premium (60% of a minor’s 50 yuan is 30); a fixed amount never exceeds the premium', () => {
    expect(line(person('2010-05-05', 15)).partFen).toBe(3000);
    expect(employerPart({ percent: 33 }, 10000)).toBe(3300);
    expect(employerPart({ percent: 33 }, 5050)).toBe(1667); // 1666.5 → half-up
    expect(employerPart({ amountFen: 8000 }, 5000)).toBe(5000);
    const full = line(person('2010-05-05', 17), { employerShare: { amountFen: 8000 } });
    const enrolled = ok(full.decision)[0];
    expect(
      enrolled.type === 'PolicyEnrolled' && enrolled.data.contributions.map((c) => c.source),
    ).toEqual(['employer']);
  });

  it('Group purchase: 500 staff at a 60% share call for 30,000 yuan; a remittance one person short is reported as 60 yuan and 1 person short', () => {
    let state = fold(ok(submit(undefined)));
    state = fold(
      ok(
        decideGroupBatchApplied(state, {
          planId: 'test-2024',
          employerId: UNION.employerId,
          batchId: 'staff-2023-11',
          enrolledParts: Array.from({ length: 500 }, () => 6000),
          notEnrolled: [],
          occurredAt: WHEN,
        }),
      ),
      state,
    );
    const remitted = ok(
      decideRecordRemittance(state, {
        planId: 'test-2024',
        employerId: UNION.employerId,
        batchId: 'staff-2023-11',
        amountFen: 499 * 6000,
        receivedOn: '2023-11-03',
        occurredAt: at('2023-11-03T15:00:00+08:00'),
      }),
    )[0];
    expect(remitted.type === 'GroupRemittanceReceived' && remitted.data.reconciliation).toEqual({
      expectedFen: 3_000_000,
      receivedFen: 2_994_000,
      differenceFen: -6000,
      status: 'short',
      enrolledPeople: 500,
      people: 1,
      partFen: 6000,
      remainderFen: 0,
      refundDueFen: 0,
      owedFen: 6000,
      alreadyEnrolled: { people: 0, nominalFen: 0 },
    });
    // One remittance per batch.
    const again = decideRecordRemittance(fold([remitted], state), {
      planId: 'test-2024',
      employerId: UNION.employerId,
      batchId: 'staff-2023-11',
      amountFen: 6000,
      occurredAt: at('2023-11-04T10:00:00+08:00'),
    });
    expect(!again.ok && again.error.rule).toBe('groupPurchase.oneRemittancePerBatch');
  });

  it('Group purchase (refund rule): staff already enrolled stay as they are and the employer owes nothing for them; a remittance for the whole list is over by their parts, due back to the employer', () => {
    const already = person('1985-02-02', 19);
    const selfPaid = ok(
      decideEnroll(undefined, PLAN, {
        planId: 'test-2024',
        enrollmentId: 'own',
        person: already,
        basicInsurance: { scheme: 'employee', insuredRegionCode: '330281' },
        contributions: [{ source: 'individual', amountFen: 10000 }],
        occurredAt: at('2023-10-15T10:00:00+08:00'),
      }),
    );
    const d = line(already, {}, selfPaid);
    expect([d.outcome, d.partFen, d.byThisPurchaser, ok(d.decision)]).toEqual([
      'already_enrolled',
      6000,
      false,
      [],
    ]);
    let state = fold(ok(submit(undefined, { lines: 3 })));
    state = fold(
      ok(
        decideGroupBatchApplied(state, {
          planId: 'test-2024',
          employerId: UNION.employerId,
          batchId: 'staff-2023-11',
          enrolledParts: [6000, 3000],
          notEnrolled: [{ line: 4, outcome: 'already_enrolled', nominalPartFen: 6000 }],
          occurredAt: WHEN,
        }),
      ),
      state,
    );
    const remitted = ok(
      decideRecordRemittance(state, {
        planId: 'test-2024',
        employerId: UNION.employerId,
        batchId: 'staff-2023-11',
        amountFen: 15000,
        occurredAt: WHEN,
      }),
    )[0];
    expect(
      remitted.type === 'GroupRemittanceReceived' && remitted.data.reconciliation,
    ).toMatchObject({
      expectedFen: 9000,
      status: 'over',
      refundDueFen: 6000,
      people: 1,
      partFen: 6000,
      alreadyEnrolled: { people: 1, nominalFen: 6000 },
    });
  });

  it('Group purchase: the same batch id with the same list resumes it; with another list it is refused; the batch is checked as a whole first', () => {
    const state = fold(ok(submit(undefined)));
    expect(ok(submit(state))).toEqual([]);
    const other = submit(state, { digest: 'd2' });
    expect(!other.ok && [other.error.kind, other.error.rule]).toEqual([
      'conflict',
      'groupPurchase.sameBatchSameList',
    ]);
    const rule = (extra: Partial<SubmitGroupPurchase>, plan = PLAN) => {
      const d = decideSubmitGroupPurchase(undefined, plan, {
        planId: 'test-2024',
        purchaser: UNION,
        batchId: 'b',
        employerShare: { percent: 60 },
        lines: 1,
        digest: 'd',
        occurredAt: WHEN,
        ...extra,
      });
      return d.ok ? undefined : [d.error.field, d.error.rule];
    };
    expect(rule({ employerShare: { percent: 0 } })).toEqual([
      'employerShare',
      'groupPurchase.employerShare',
    ]);
    expect(rule({ employerShare: { percent: 60.5 } })).toEqual([
      'employerShare',
      'groupPurchase.employerShare',
    ]);
    expect(rule({ batchId: '第一批' })).toEqual(['batchId', 'groupPurchase.batchId']);
    expect(rule({ occurredAt: at('2023-12-11T00:00:00+08:00') })).toEqual([
      'occurredAt',
      'enrollment.window',
    ]);
    expect(
      rule(
        {},
        planState(testPlanDefinition({ acceptedSources: ['individual', 'personal_account'] })),
      ),
    ).toEqual(['employer', 'groupPurchase.planAcceptsEmployer']);
    expect(foldEmployer([])).toBeUndefined();
  });
});
