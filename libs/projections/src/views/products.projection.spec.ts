import {
  Coalition,
  decideCancel,
  decideEnroll,
  decideFailDeduction,
  decideSettleDeduction,
  foldPolicy,
  PlanState,
  PolicyEvent,
  PriorCoverage,
  policyGaveCover,
} from '@ledger/domain';
import { at, person, planState, testPlanDefinition } from '@ledger/domain/testing/fixtures';
import { fold, projected } from '../testing/event-factory';
import { CoinsuranceDoc, coinsuranceProjection } from './coinsurance.projection';
import { ProductDoc, productsProjection } from './products.projection';
import { productCumulativeReport, ProductFacts } from '../reports/product-report';

const Y1: PlanState = planState(testPlanDefinition({ planId: 'city-2024', productId: 'city' }));
const Y2: PlanState = planState(
  testPlanDefinition({
    planId: 'city-2025',
    productId: 'city',
    planYear: 2025,
    enrollmentWindow: { opensOn: '2024-10-10', closesOn: '2024-12-10' },
    coverage: { startsOn: '2025-01-01', endsOn: '2025-12-31', retroactiveToStart: false },
  }),
);
const FACTS: ProductFacts = {
  productId: 'city',
  productName: { zh: '测试惠民保', en: 'Test Huiminbao' },
  plans: [
    { planId: 'city-2024', planYear: 2024, coalitionMembers: [] },
    { planId: 'city-2025', planYear: 2025, coalitionMembers: [] },
  ],
  terms: [],
  operatingCosts: [],
};

/** Every policy stream, by stream id, as the log holds it. */
const log = new Map<string, PolicyEvent[]>();

function enroll(
  plan: PlanState,
  seq: number,
  when: string,
  opts: { region?: string; pending?: boolean } = {},
): PolicyEvent[] {
  const p = person('1980-01-01', seq);
  const region = opts.region ?? '330281';
  const streamId = `policy-${plan.planId}-${p.personRef}`;
  const own = foldPolicy(log.get(streamId) ?? []);
  // What the handler reads: the person's policies in the product's other years.
  const prior: PriorCoverage[] = [Y1, Y2]
    .filter((other) => other.planId !== plan.planId)
    .map((other) => ({
      planId: other.planId,
      planYear: other.definition.planYear!,
      covered: policyGaveCover(foldPolicy(log.get(`policy-${other.planId}-${p.personRef}`) ?? [])),
    }));
  const decision = decideEnroll(own, plan, {
    planId: plan.planId,
    enrollmentId: `${plan.planId}-${seq}-${log.get(streamId)?.length ?? 0}`,
    person: p,
    basicInsurance: { scheme: 'employee', insuredRegionCode: region },
    contributions: [
      opts.pending
        ? {
            source: 'personal_account',
            amountFen: 10000,
            relation: 'self',
            deduction: 'pending',
            payer: { personRef: p.personRef },
          }
        : { source: 'individual', amountFen: 10000 },
    ],
    occurredAt: at(when),
    priorCoverage: prior,
  });
  if (!decision.ok) throw decision.error;
  log.set(streamId, [...(log.get(streamId) ?? []), ...decision.events]);
  return decision.events;
}

function follow(plan: PlanState, seq: number, events: PolicyEvent[]): PolicyEvent[] {
  const streamId = `policy-${plan.planId}-${person('1980-01-01', seq).personRef}`;
  log.set(streamId, [...(log.get(streamId) ?? []), ...events]);
  return events;
}

const all = () => [...log].flatMap(([streamId, events]) => projected(streamId, events));

describe('Products view: people across years (issue 16)', () => {
  beforeEach(() => log.clear());

  it('Cumulative: distinct people across two years equal the people, not the sum of enrollments; renewal rate is continuing ÷ last year', () => {
    // Year 1: people 1..10 (1..5 in 360402, 6..10 in 360403). Year 2: 1..4 again and 11..16.
    for (let n = 1; n <= 10; n++)
      enroll(Y1, n, '2023-11-01T10:00:00+08:00', { region: n <= 5 ? '330203' : '330205' });
    for (const n of [1, 2, 3, 4, 11, 12, 13, 14, 15, 16])
      enroll(Y2, n, '2024-11-01T10:00:00+08:00', {
        region: n <= 5 || n > 13 ? '330203' : '330205',
      });
    const doc = fold(productsProjection, all()).get('city') as ProductDoc;
    const report = productCumulativeReport(FACTS, doc, new Map());
    expect(report.overall).toMatchObject({
      distinctPeople: 16,
      enrollments: 20,
      premiumFen: 200_000,
    });
    expect(
      report.years.map((y) => [
        y.planYear,
        y.enrollments,
        y.newPeople,
        y.continuing,
        y.renewalRateBp,
      ]),
    ).toEqual([
      [2024, 10, 10, 0, null],
      [2025, 10, 6, 4, 4000],
    ]);
    expect(report.years[1].cumulative.distinctPeople).toBe(16);
    const byCounty = Object.fromEntries(
      report.byCounty.map((c) => [c.regionCode, [c.distinctPeople, c.enrollments]]),
    );
    // 330203: 1..5 in year 1, then 1..4 again (not new) and 14..16 (new): 8 people, 12 enrollments.
    expect(byCounty).toEqual({ '330203': [8, 12], '330205': [8, 8] });
  });

  it('Cumulative: a pending deduction counts once it settles; a failed one lapses and never counts; a cancellation before coverage takes the person out', () => {
    enroll(Y1, 1, '2023-11-01T10:00:00+08:00', { pending: true });
    enroll(Y1, 2, '2023-11-01T10:00:00+08:00', { pending: true });
    const third = enroll(Y1, 3, '2023-11-01T10:00:00+08:00');
    let doc = fold(productsProjection, all()).get('city') as ProductDoc;
    expect(doc.years['2024']).toMatchObject({ covered: 1, pending: 2, newPeople: 1 });
    const ref = (n: number) => person('1980-01-01', n).personRef;
    const state = (n: number) => foldPolicy(log.get(`policy-city-2024-${ref(n)}`)!);
    const settle = (n: number) => ({
      planId: 'city-2024',
      personRef: ref(n),
      contributionId: `city-2024-${n}-0/c1`,
      occurredAt: at('2023-11-05T10:00:00+08:00'),
    });
    const settled = decideSettleDeduction(state(1), settle(1));
    const failed = decideFailDeduction(state(2), { ...settle(2), reason: '余额不足' });
    const cancelled = decideCancel(foldPolicy(third), Y1, {
      planId: 'city-2024',
      personRef: ref(3),
      reason: '本人申请',
      occurredAt: at('2023-11-06T10:00:00+08:00'),
    });
    if (!settled.ok || !failed.ok || !cancelled.ok) throw new Error('refused');
    follow(Y1, 1, settled.events);
    follow(Y1, 2, failed.events);
    follow(Y1, 3, cancelled.events);
    doc = fold(productsProjection, all()).get('city') as ProductDoc;
    expect(doc.years['2024']).toMatchObject({
      covered: 1,
      pending: 0,
      newPeople: 1,
      premiumFen: 10000,
    });
  });
});

describe('Products view: events recorded before products (versioned contracts)', () => {
  beforeEach(() => log.clear());

  it('Cumulative: an enrollment without a cohort still counts, by the plan index, as first in the product in an unknown county', () => {
    const [enrolled] = enroll(Y1, 1, '2023-11-01T10:00:00+08:00');
    if (enrolled.type !== 'PolicyEnrolled') throw new Error(enrolled.type);
    const { cohort: _dropped, ...legacy } = enrolled.data;
    void _dropped;
    const docs = fold(productsProjection, [
      ...projected('plan-city-2024', [
        {
          type: 'PlanPublished',
          data: {
            planId: 'city-2024',
            definition: Y1.definition,
            occurredAt: '2023-09-01T00:00:00.000Z',
          },
        },
      ]),
      ...projected('policy-legacy', [{ type: 'PolicyEnrolled', data: legacy }]),
    ]);
    expect((docs.get('city') as ProductDoc).years['2024']).toMatchObject({
      covered: 1,
      newPeople: 1,
      byCounty: { unknown: { covered: 1, premiumFen: 10000 } },
    });
  });
});

describe('Coinsurance view: premiums split by the coalition in force on their enrollment date (issue 16)', () => {
  const A: Coalition = {
    leadInsurerId: 'a',
    members: [
      { insurerId: 'a', name: { zh: '甲保险', en: 'A' }, shareBp: 6000 },
      { insurerId: 'b', name: { zh: '乙保险', en: 'B' }, shareBp: 4000 },
    ],
  };
  const B: Coalition = {
    ...A,
    members: A.members.map((m, i) => ({ ...m, shareBp: [5000, 5000][i] })),
  };

  beforeEach(() => log.clear());

  it('Coalition in force: a change of shares effective on a date splits premiums of enrollments before it by the old shares and after it by the new, whatever order they are recorded in', () => {
    const product = projected('product-city', [
      {
        type: 'CoalitionTermSelected',
        data: {
          productId: 'city',
          termId: '2024-2026',
          fromYear: 2024,
          toYear: 2026,
          coalition: A,
          reason: '遴选',
          plans: [{ planId: 'city-2024', planYear: 2024 }],
          occurredAt: '2023-09-01T00:00:00.000Z',
        },
      },
    ]);
    const amended = projected('product-city', [
      {
        type: 'CoalitionSharesAmended',
        data: {
          productId: 'city',
          termId: '2024-2026',
          effectiveOn: '2023-11-15',
          coalition: B,
          reason: '份额调整',
          plans: [{ planId: 'city-2024', planYear: 2024 }],
          occurredAt: '2023-11-10T00:00:00.000Z',
        },
      },
    ]);
    const before = enroll(Y1, 1, '2023-11-14T10:00:00+08:00');
    const after = enroll(Y1, 2, '2023-11-15T10:00:00+08:00');
    // The later enrollment is recorded first, and the amendment after both premiums.
    const doc = fold(coinsuranceProjection, [
      ...product,
      ...projected('policy-2', after),
      ...projected('policy-1', before),
      ...amended,
    ]).get('city-2024') as CoinsuranceDoc;
    expect(doc.insurers).toEqual({
      a: { name: '甲保险', premiumFen: 6000 + 5000 },
      b: { name: '乙保险', premiumFen: 4000 + 5000 },
    });
    expect(doc.totalPremiumFen).toBe(20000);
    // A refund of the earlier premium takes back exactly what it gave (old shares).
    const cancel = decideCancel(foldPolicy(before), Y1, {
      planId: 'city-2024',
      personRef: person('1980-01-01', 1).personRef,
      reason: '退保',
      occurredAt: at('2023-11-20T10:00:00+08:00'),
    });
    if (!cancel.ok) throw cancel.error;
    const refunded = fold(
      coinsuranceProjection,
      projected('policy-1', cancel.events),
      new Map([['city-2024', doc]]),
    ).get('city-2024') as CoinsuranceDoc;
    expect(refunded.insurers).toEqual({
      a: { name: '甲保险', premiumFen: 5000 },
      b: { name: '乙保险', premiumFen: 5000 },
    });
  });
});
