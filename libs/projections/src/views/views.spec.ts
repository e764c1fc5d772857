import {
  ContributionInput,
  decideCancel,
  decideEnroll,
  decideRosterLine,
  decideSettleDeduction,
  foldPolicy,
  PlanDefinition,
  PolicyEvent,
} from '@ledger/domain';
import { at, person, planState, testPlanDefinition } from '@ledger/domain/testing/fixtures';
import { fold, projected } from '../testing/event-factory';
import { coinsuranceProjection, CoinsuranceDoc } from './coinsurance.projection';
import { subsidyLedgerProjection } from './subsidy-ledger.projection';
import { TownshipCounts, townshipProgressProjection } from './township-progress.projection';
import { progressReport } from '../reports/progress-report';
import { coinsuranceReport } from '../reports/coinsurance-report';

const COALITION = {
  leadInsurerId: 'picc',
  members: [
    { insurerId: 'picc', name: { zh: '人保财险', en: 'PICC' }, shareBp: 3334 },
    { insurerId: 'cpic', name: { zh: '太保财险', en: 'CPIC' }, shareBp: 3333 },
    { insurerId: 'pingan', name: { zh: '平安产险', en: 'Ping An' }, shareBp: 3333 },
  ],
};

function definition(extra: Partial<PlanDefinition> = {}): PlanDefinition {
  return testPlanDefinition({
    townships: [
      {
        townshipId: 't01',
        name: { zh: '甲镇', en: 'Jia' },
        baseParticipants: 1000,
        targets: { required: 200 },
      },
      {
        townshipId: 't02',
        name: { zh: '乙乡', en: 'Yi' },
        baseParticipants: 503,
        targets: { required: 101 },
      },
    ],
    targets: {
      kind: 'rate',
      levels: [{ name: 'required', rateBp: 2000, description: { zh: '', en: '' } }],
      rounding: 'half_up',
      deadline: '2023-11-30',
      description: { zh: '', en: '' },
    },
    ...extra,
  });
}

const PLAN = planState(definition());
let seq = 1;

function enroll(
  townshipId: string,
  when: string,
  contributions: ContributionInput[] = [{ source: 'individual', amountFen: 10000 }],
) {
  const p = person('1980-01-01', seq++);
  const decision = decideEnroll(undefined, PLAN, {
    planId: 'test-2024',
    enrollmentId: `e${seq}`,
    person: p,
    basicInsurance: { scheme: 'resident', insuredRegionCode: '330281' },
    townshipId,
    contributions,
    occurredAt: at(when),
  });
  if (!decision.ok) throw decision.error;
  return { personRef: p.personRef, events: decision.events as PolicyEvent[] };
}

const planEvents = (def: PlanDefinition) =>
  projected('plan-test-2024', [
    {
      type: 'PlanPublished',
      data: { planId: def.planId, definition: def, occurredAt: '2023-09-01T00:00:00.000Z' },
    },
  ]);

describe('Township progress view (DOMAIN.md: Targets and township progress)', () => {
  it('Township progress: counts active and pending enrollments, by source and category, premium and per day', () => {
    const a = enroll('t01', '2023-11-01T10:00:00+08:00');
    const c = enroll('t02', '2023-11-02T10:00:00+08:00', [
      {
        source: 'department_subsidy',
        amountFen: 10000,
        category: 'disabled',
        funder: { funderId: 'dpf', name: '残联' },
      },
    ]);
    const docs = fold(townshipProgressProjection, [
      ...planEvents(definition()),
      ...projected('policy-a', a.events),
      ...projected('policy-c', c.events),
    ]);
    const t01 = docs.get('test-2024/t01') as TownshipCounts;
    expect(t01).toMatchObject({
      active: 1,
      pending: 0,
      enrolled: 1,
      bySource: { individual: 1 },
      premiumCollectedFen: 10000,
      perDay: { '2023-11-01': { enrolled: 1, ended: 0 } },
    });
    expect(docs.get('test-2024/t02')).toMatchObject({
      active: 1,
      bySource: { department_subsidy: 1 },
      byCategory: { disabled: 1 },
    });
  });

  it('Township progress: a pending deduction counts as pending until it settles; a cancellation takes the enrollment out', () => {
    const p = person('1985-05-05', 900);
    const pending = decideEnroll(undefined, PLAN, {
      planId: 'test-2024',
      enrollmentId: 'ep',
      person: p,
      basicInsurance: { scheme: 'employee', insuredRegionCode: '330281' },
      townshipId: 't01',
      contributions: [
        {
          source: 'personal_account',
          amountFen: 10000,
          relation: 'self',
          payer: { personRef: p.personRef },
          deduction: 'pending',
        },
      ],
      occurredAt: at('2023-11-03T10:00:00+08:00'),
    });
    if (!pending.ok) throw pending.error;
    const settled = decideSettleDeduction(foldPolicy(pending.events), {
      planId: 'test-2024',
      personRef: p.personRef,
      contributionId: 'ep/c1',
      occurredAt: at('2023-11-04T10:00:00+08:00'),
    });
    if (!settled.ok) throw settled.error;
    const afterPending = fold(townshipProgressProjection, [
      ...planEvents(definition()),
      ...projected('policy-p', pending.events),
    ]);
    expect(afterPending.get('test-2024/t01')).toMatchObject({
      active: 0,
      pending: 1,
      premiumCollectedFen: 0,
    });
    const all = [...pending.events, ...settled.events];
    const cancelled = decideCancel(foldPolicy(all), PLAN, {
      planId: 'test-2024',
      personRef: p.personRef,
      reason: 'moved',
      occurredAt: at('2023-11-05T10:00:00+08:00'),
    });
    if (!cancelled.ok) throw cancelled.error;
    const docs = fold(townshipProgressProjection, [
      ...planEvents(definition()),
      ...projected('policy-p', [...all, ...cancelled.events]),
    ]);
    expect(docs.get('test-2024/t01')).toMatchObject({
      active: 0,
      pending: 0,
      cancelled: 1,
      bySource: {},
      premiumCollectedFen: 0,
      perDay: { '2023-11-03': { enrolled: 1, ended: 0 }, '2023-11-05': { enrolled: 0, ended: 1 } },
    });
  });

  it('Township progress: the figure as of the deadline stays the same after later enrollments are recorded', () => {
    const before = [
      enroll('t01', '2023-11-30T23:59:59+08:00'),
      enroll('t01', '2023-11-20T09:00:00+08:00'),
    ];
    const later = [
      enroll('t01', '2023-12-01T00:00:00+08:00'),
      enroll('t02', '2023-12-05T09:00:00+08:00'),
    ];
    const events = [
      ...planEvents(definition()),
      ...before.flatMap((x, i) => projected(`policy-b${i}`, x.events)),
    ];
    const first = progressReport(
      definition(),
      [...fold(townshipProgressProjection, events).values()].filter(
        (d): d is TownshipCounts => 'townshipId' in d,
      ),
    );
    const more = [...events, ...later.flatMap((x, i) => projected(`policy-l${i}`, x.events))];
    const second = progressReport(
      definition(),
      [...fold(townshipProgressProjection, more).values()].filter(
        (d): d is TownshipCounts => 'townshipId' in d,
      ),
    );
    expect(first.county.atDeadline).toMatchObject({ deadline: '2023-11-30', active: 2 });
    expect(second.county.atDeadline).toEqual(first.county.atDeadline);
    expect(second.county.active).toBe(4);
  });

  it('Targets and township progress: rate against base, gap to each target, county target = sum of township targets', () => {
    const events = [
      ...planEvents(definition()),
      ...projected('policy-x', enroll('t02', '2023-11-10T09:00:00+08:00').events),
    ];
    const report = progressReport(
      definition(),
      [...fold(townshipProgressProjection, events).values()].filter(
        (d): d is TownshipCounts => 'townshipId' in d,
      ),
    );
    const t02 = report.townships.find((t) => t.id === 't02')!;
    // 1 / 503 = 0.198807% → 20 bp (half-up of 19.88)
    expect(t02).toMatchObject({
      active: 1,
      rateBp: 20,
      targets: { required: { target: 101, gap: 100, reached: false } },
    });
    expect(report.county).toMatchObject({
      baseParticipants: 1503,
      targets: { required: { target: 301 } },
    });
  });
});

describe('Township progress after a table import merged townships (issue 15; docs/township-tables.md)', () => {
  it('Targets and township progress: enrollments recorded under a merged township count under the one it merged into; none go unassigned', () => {
    const events = [
      ...planEvents(definition()),
      ...projected('policy-m1', enroll('t01', '2023-11-10T09:00:00+08:00').events),
      ...projected('policy-m2', enroll('t02', '2023-11-11T09:00:00+08:00').events),
      ...projected('policy-m3', enroll('t02', '2023-11-12T09:00:00+08:00').events),
    ];
    const counts = [...fold(townshipProgressProjection, events).values()].filter(
      (d): d is TownshipCounts => 'townshipId' in d,
    );
    // The table now lists 甲镇 only, with 乙乡 (t02) merged into it.
    const merged = definition({
      townships: [
        {
          townshipId: 't01',
          name: { zh: '甲镇', en: 'Jia' },
          baseParticipants: 1503,
          targets: { required: 301 },
          formerTownshipIds: ['t02'],
        },
      ],
    });
    const report = progressReport(merged, counts);
    expect(report.townships).toEqual([
      expect.objectContaining({
        id: 't01',
        active: 3,
        enrolled: 3,
        premiumCollectedFen: 30000,
        perDay: {
          '2023-11-10': { enrolled: 1, ended: 0 },
          '2023-11-11': { enrolled: 1, ended: 0 },
          '2023-11-12': { enrolled: 1, ended: 0 },
        },
        atDeadline: expect.objectContaining({ active: 3 }),
      }),
    ]);
    expect(report.county.active).toBe(3);
    expect(report.unassigned).toBeUndefined();
    // Without the merge, t02's enrollments would be reported as unassigned, never dropped.
    const dropped = progressReport(
      definition({ townships: [merged.townships[0]].map(({ formerTownshipIds: _, ...t }) => t) }),
      counts,
    );
    expect(dropped.unassigned?.active).toBe(2);
  });
});

describe('Coinsurance view (DOMAIN.md: Coinsurance)', () => {
  it('Coinsurance: every premium is split by largest remainder; insurer allocations add up to total premium to the fen', () => {
    const def = definition({ coalition: COALITION });
    const events = [...planEvents(def)];
    // Three premiums of 10000 fen (one paid by two contributions): each split 3334 / 3333 / 3333.
    const payments: ContributionInput[][] = [
      [{ source: 'individual', amountFen: 10000 }],
      [{ source: 'individual', amountFen: 10000 }],
      [
        { source: 'individual', amountFen: 5000 },
        { source: 'employer', amountFen: 5000, funder: { funderId: 'u', name: '单位' } },
      ],
    ];
    payments.forEach((contributions, i) =>
      events.push(
        ...projected(
          `policy-k${i}`,
          enroll('t01', '2023-11-10T10:00:00+08:00', contributions).events,
        ),
      ),
    );
    const doc = fold(coinsuranceProjection, events).get('test-2024') as CoinsuranceDoc;
    const sum = Object.values(doc.insurers).reduce((s, x) => s + x.premiumFen, 0);
    expect(sum).toBe(doc.totalPremiumFen);
    expect(doc.totalPremiumFen).toBe(30000);
    // each 10000 → 3334 / 3333 / 3333
    expect(doc.insurers).toEqual({
      picc: { name: '人保财险', premiumFen: 10002 },
      cpic: { name: '太保财险', premiumFen: 9999 },
      pingan: { name: '平安产险', premiumFen: 9999 },
    });
    const report = coinsuranceReport(def, doc);
    expect(report.insurers.map((r) => [r.insurerId, r.rank])).toEqual([
      ['picc', 1],
      ['cpic', 2],
      ['pingan', 2],
    ]);
  });

  it('Coinsurance: premiums recorded before a coalition exists are allocated, each on its own, when it is set', () => {
    const events = [...planEvents(definition())];
    events.push(...projected('policy-u1', enroll('t01', '2023-11-10T10:00:00+08:00').events));
    let doc = fold(coinsuranceProjection, events).get('test-2024') as CoinsuranceDoc;
    expect(doc).toMatchObject({ totalPremiumFen: 10000, unallocatedFen: 10000, insurers: {} });
    events.push(
      ...projected('plan-test-2024', [
        {
          type: 'PlanAmended',
          data: {
            planId: 'test-2024',
            changes: { coalition: COALITION },
            reason: 'tender',
            occurredAt: '2023-11-11T00:00:00.000Z',
          },
        },
      ]),
    );
    doc = fold(coinsuranceProjection, events).get('test-2024') as CoinsuranceDoc;
    expect(doc).toMatchObject({ totalPremiumFen: 10000, unallocatedFen: 0, unallocated: {} });
    expect(Object.values(doc.insurers).map((x) => x.premiumFen)).toEqual([3334, 3333, 3333]);
  });

  it('Coinsurance: a refund is split like a premium and takes it back to the fen', () => {
    const def = definition({ coalition: COALITION });
    const e = enroll('t01', '2023-11-10T10:00:00+08:00');
    const cancel = decideCancel(foldPolicy(e.events), planState(def), {
      planId: 'test-2024',
      personRef: e.personRef,
      reason: 'r',
      occurredAt: at('2023-11-12T10:00:00+08:00'),
    });
    if (!cancel.ok) throw cancel.error;
    const doc = fold(coinsuranceProjection, [
      ...planEvents(def),
      ...projected('policy-r', [...e.events, ...cancel.events]),
    ]).get('test-2024') as CoinsuranceDoc;
    expect(doc.totalPremiumFen).toBe(0);
    expect(Object.values(doc.insurers).map((x) => x.premiumFen)).toEqual([0, 0, 0]);
  });
});

describe('Subsidy ledger view (DOMAIN.md: Who pays)', () => {
  it('Subsidies: per funder and category, people and amount owed, net of refunds', () => {
    const a = enroll('t01', '2023-11-10T10:00:00+08:00', [
      {
        source: 'department_subsidy',
        amountFen: 6000,
        category: 'disabled',
        funder: { funderId: 'dpf', name: '残联' },
      },
      { source: 'individual', amountFen: 4000 },
    ]);
    const b = enroll('t02', '2023-11-10T10:00:00+08:00', [
      {
        source: 'department_subsidy',
        amountFen: 10000,
        category: 'disabled',
        funder: { funderId: 'dpf', name: '残联' },
      },
    ]);
    const cancel = decideCancel(foldPolicy(b.events), PLAN, {
      planId: 'test-2024',
      personRef: b.personRef,
      reason: 'r',
      occurredAt: at('2023-11-12T10:00:00+08:00'),
    });
    if (!cancel.ok) throw cancel.error;
    const docs = fold(subsidyLedgerProjection, [
      ...projected('policy-a', a.events),
      ...projected('policy-b', [...b.events, ...cancel.events]),
    ]);
    expect([...docs.values()]).toEqual([
      {
        planId: 'test-2024',
        source: 'department_subsidy',
        funderId: 'dpf',
        funderName: '残联',
        category: 'disabled',
        people: 1,
        amountFen: 6000,
        refundedFen: 10000,
      },
    ]);
  });
});

describe('Roster reconciliation in the views (DOMAIN.md: Who pays)', () => {
  it('Roster reconciliation: a self-payer re-recorded as subsidized moves from individual to government in progress and subsidies; premium is unchanged', () => {
    const p = person('1970-03-03', 777, { localHouseholdRegistration: true });
    const enrolled = decideEnroll(undefined, PLAN, {
      planId: 'test-2024',
      enrollmentId: 'er',
      person: p,
      basicInsurance: { scheme: 'resident', insuredRegionCode: '330281' },
      townshipId: 't01',
      contributions: [{ source: 'individual', amountFen: 10000 }],
      occurredAt: at('2023-10-20T10:00:00+08:00'),
    });
    if (!enrolled.ok) throw enrolled.error;
    const { decision } = decideRosterLine(foldPolicy(enrolled.events), PLAN, {
      planId: 'test-2024',
      personRef: p.personRef,
      rosterId: 'r1',
      category: 'di_bao',
      dates: { listDate: '2023-11-15', receivedOn: '2023-11-15' },
      appliedAt: at('2023-11-15T10:00:00+08:00'),
    });
    if (!decision.ok) throw decision.error;
    const events = [
      ...planEvents(definition()),
      ...projected('policy-roster', [...enrolled.events, ...decision.events]),
    ];
    expect(fold(townshipProgressProjection, events).get('test-2024/t01')).toMatchObject({
      active: 1,
      bySource: { government_full_subsidy: 1 },
      byCategory: { di_bao: 1 },
      premiumCollectedFen: 10000,
    });
    expect([...fold(subsidyLedgerProjection, events).values()]).toEqual([
      expect.objectContaining({
        source: 'government_full_subsidy',
        category: 'di_bao',
        people: 1,
        amountFen: 10000,
      }),
    ]);
  });
});
