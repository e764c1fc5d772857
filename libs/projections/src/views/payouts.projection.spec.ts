import {
  Coalition,
  composeResidentId,
  decideApprovePayout,
  decideEnroll,
  decidePayPayout,
  decideSubmitClaim,
  Decision,
  evolvePlan,
  foldPolicy,
  parseResidentId,
  PlanState,
  PolicyEvent,
  yuan,
} from '@ledger/domain';
import { GANZHOU_2024 } from '@ledger/plans';
import { DocumentBatch } from '../document-drafts';
import { ProjectedEvent } from '../projection';
import {
  lossRatios,
  payoutByInsurer,
  PayoutsDoc,
  payoutsProjection,
  payoutsView,
} from './payouts.projection';

const COALITION: Coalition = {
  leadInsurerId: 'picc-pc',
  members: [
    { insurerId: 'picc-pc', name: { zh: '人保财险', en: 'PICC P&C' }, shareBp: 4000 },
    { insurerId: 'cpic-pc', name: { zh: '太保财险', en: 'CPIC P&C' }, shareBp: 3500 },
    { insurerId: 'pingan-pc', name: { zh: '平安产险', en: 'Ping An P&C' }, shareBp: 2500 },
  ],
};

const PLAN: PlanState = evolvePlan(
  evolvePlan(undefined, {
    type: 'PlanPublished',
    data: { planId: 'ganzhou-2024', definition: GANZHOU_2024, occurredAt: '2023-12-01T00:00:00Z' },
  }),
  {
    type: 'PlanAmended',
    data: {
      planId: 'ganzhou-2024',
      changes: { coalition: COALITION },
      reason: 'coalition',
      occurredAt: '2024-01-01T00:00:00Z',
    },
  },
);

const ok = <E>(d: Decision<E>): E[] => {
  if (!d.ok) throw new Error(`${d.error.rule}: ${d.error.message}`);
  return d.events;
};

/** A policy stream written by the real deciders: enrolled, then the given steps. */
function policyStream(seq: number, steps: ((history: PolicyEvent[]) => PolicyEvent[])[]) {
  const id = parseResidentId(composeResidentId('360730', '1980-05-06', seq), 'id', '2024-12-31');
  const personRef = `ref-${seq}`;
  let history: PolicyEvent[] = ok(
    decideEnroll(undefined, PLAN, {
      planId: 'ganzhou-2024',
      enrollmentId: `e${seq}`,
      person: {
        personRef,
        idKind: id.kind,
        birthDate: id.birthDate,
        sex: id.sex,
        sealedIdentity: { sealed: true },
      },
      basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
      contributions: [{ source: 'individual', amountFen: 10000 }],
      occurredAt: Date.parse('2023-12-20T10:00:00+08:00'),
    }),
  );
  for (const step of steps) history = [...history, ...step(history)];
  return { personRef, history };
}

const at = (n: number) => Date.parse(`2024-06-01T10:00:${String(n).padStart(2, '0')}+08:00`);
const submit =
  (
    claimId: string,
    lines: { responsibilityCode: string; residualFen: number; drug?: string }[],
    serviceDate = '2024-03-01',
  ) =>
  (h: PolicyEvent[]) =>
    ok(
      decideSubmitClaim(foldPolicy(h), PLAN, {
        planId: 'ganzhou-2024',
        personRef: h[0].data.personRef,
        claim: {
          claimId,
          serviceDate,
          hospital: '宁都县人民医院',
          totalExpenseFen: lines.reduce((s, l) => s + l.residualFen, 0),
          priorLayers: { basicInsuranceFen: 0, criticalIllnessInsuranceFen: 0, medicalAidFen: 0 },
          lines,
          preExisting: false,
          outOfArea: false,
        },
        occurredAt: at(h.length),
      }),
    );
const approve = (claimId: string) => (h: PolicyEvent[]) =>
  ok(
    decideApprovePayout(foldPolicy(h), PLAN, {
      planId: 'ganzhou-2024',
      personRef: h[0].data.personRef,
      claimId,
      occurredAt: at(h.length),
    }),
  );
const pay = (claimId: string) => (h: PolicyEvent[]) =>
  ok(
    decidePayPayout(foldPolicy(h), {
      planId: 'ganzhou-2024',
      personRef: h[0].data.personRef,
      claimId,
      occurredAt: at(h.length),
    }),
  );

/** Runs the reducer over events the way the runner does, with documents in a map. */
function project(streams: { personRef: string; history: PolicyEvent[] }[]) {
  const docs = new Map<string, PayoutsDoc>();
  let n = 0;
  for (const s of streams) {
    for (const e of s.history) {
      const event: ProjectedEvent = {
        streamId: `policy-ganzhou-2024-${s.personRef}`,
        type: e.type,
        data: e.data as unknown as ProjectedEvent['data'],
        position: { commit: BigInt(++n), prepare: BigInt(n) },
        recordedAt: e.data.occurredAt,
      };
      const before = JSON.stringify([...docs]);
      const drafts = new DocumentBatch(docs);
      payoutsProjection.apply(event, drafts);
      // The reducer edits drafts only: the committed documents are untouched.
      expect(JSON.stringify([...docs])).toBe(before);
      for (const [k, d] of drafts.changed) docs.set(k, d);
    }
  }
  return docs;
}

describe('Payouts view: per plan and responsibility, per insurer (DOMAIN.md Benefits, Coinsurance)', () => {
  // Person 1: in-catalogue 250,000 yuan → 101,750 + 40,000 = 141,750 yuan; approved and paid.
  // Person 2: special drugs 1,300,000 yuan (two drugs) → 1,040,000 raw, capped at 1,000,000;
  //           approved, not paid. Then a claim during no coverage → rejected.
  // Person 3: in-catalogue 15,000 yuan → 0 (deductible), never approved.
  const streams = [
    policyStream(101, [
      submit('A', [{ responsibilityCode: 'in_catalogue', residualFen: yuan(250_000) }]),
      approve('A'),
      pay('A'),
    ]),
    policyStream(102, [
      submit('B', [
        { responsibilityCode: 'special_drugs', residualFen: yuan(800_000), drug: '药品A' },
        { responsibilityCode: 'special_drugs', residualFen: yuan(500_000), drug: '药品B' },
      ]),
      approve('B'),
      submit('B2', [{ responsibilityCode: 'in_catalogue', residualFen: 1 }], '2023-12-31'),
    ]),
    policyStream(103, [
      submit('C', [{ responsibilityCode: 'in_catalogue', residualFen: yuan(15_000) }]),
    ]),
  ];

  it('Benefits: payouts per plan and responsibility — counted, raw, after caps, approved and paid', () => {
    const view = payoutsView('ganzhou-2024', project(streams).get('ganzhou-2024'));
    expect(view.claims).toEqual({ adjudicated: 3, rejected: 1, approved: 2, paid: 1 });
    expect(view.rejectionsByRule).toEqual({ 'claim.serviceDateWithinCoverage': 1 });
    expect(view.byResponsibility).toEqual([
      {
        responsibilityCode: 'in_catalogue',
        lines: 2,
        countedFen: yuan(250_000 + 15_000),
        rawPayoutFen: yuan(141_750),
        adjudicatedFen: yuan(141_750),
        cappedLines: 0,
        approvedFen: yuan(141_750),
        paidFen: yuan(141_750),
      },
      {
        responsibilityCode: 'special_drugs',
        lines: 1,
        countedFen: yuan(1_300_000),
        rawPayoutFen: yuan(1_040_000),
        adjudicatedFen: yuan(1_000_000),
        cappedLines: 1,
        approvedFen: yuan(1_000_000),
        paidFen: 0,
      },
    ]);
    expect(view.totals).toEqual({
      countedFen: yuan(1_565_000),
      adjudicatedFen: yuan(1_141_750),
      approvedFen: yuan(1_141_750),
      paidFen: yuan(141_750),
    });
  });

  it("Coinsurance: each insurer's parts, in coalition order, add up to the approved and paid totals to the fen", () => {
    const doc = project(streams).get('ganzhou-2024');
    const view = payoutsView('ganzhou-2024', doc);
    // 14_175_000 fen: 40% 5_670_000, 35% 4_961_250, 25% 3_543_750 (exact).
    // 100_000_000 fen: 40_000_000, 35_000_000, 25_000_000.
    expect(view.byInsurer).toEqual([
      {
        insurerId: 'picc-pc',
        name: '人保财险',
        approvedFen: 45_670_000,
        paidFen: 5_670_000,
        approvals: 2,
      },
      {
        insurerId: 'cpic-pc',
        name: '太保财险',
        approvedFen: 39_961_250,
        paidFen: 4_961_250,
        approvals: 2,
      },
      {
        insurerId: 'pingan-pc',
        name: '平安产险',
        approvedFen: 28_543_750,
        paidFen: 3_543_750,
        approvals: 2,
      },
    ]);
    expect(view.partsAddUp).toBe(true);
    expect(payoutByInsurer(doc, 'paid')).toEqual({
      'picc-pc': 5_670_000,
      'cpic-pc': 4_961_250,
      'pingan-pc': 3_543_750,
    });
  });

  it('Payouts view: a rebuild from zero gives the same documents; other events and streams are ignored', () => {
    expect(project(streams)).toEqual(project(streams));
    expect(payoutsProjection.streamPrefixes).toEqual(['policy-']);
    const enrolledOnly = project([policyStream(104, [])]);
    expect(enrolledOnly.size).toBe(0);
    expect(payoutsView('none', undefined)).toMatchObject({
      planId: 'none',
      byInsurer: [],
      partsAddUp: true,
    });
  });
});

describe('Coinsurance: loss ratio per insurer (payouts ÷ premiums)', () => {
  it('Coinsurance: loss ratio in basis points rounded half-up; null without premium income', () => {
    expect(
      lossRatios(
        { a: 1_000_000, b: 300, c: 0, d: 3 },
        { a: 654_321, b: 100, c: 5_000, e: 10, d: 1 },
      ),
    ).toEqual({
      a: 6543, // 65.4321% → 6543.21 bp → 6543
      b: 3333, // 33.333…% → 3333.33 bp → 3333
      c: null, // no premium
      d: 3333, // 1/3 → 3333.33 bp
      e: null, // payouts but no premium recorded
    });
    expect(lossRatios({ a: 2 }, { a: 1 })).toEqual({ a: 5000 });
    expect(lossRatios({ a: 20_000 }, { a: 1 })).toEqual({ a: 1 }); // 0.5 bp → 1 (half-up)
    expect(lossRatios({ a: 100 }, {})).toEqual({ a: 0 });
  });
});
