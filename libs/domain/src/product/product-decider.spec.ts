import { GANZHOU_2024_BENEFITS } from '../benefits/seed-schedules';
import { coalitionOnDate } from '../coinsurance/coalition-in-force';
import { Decision, DomainError } from '../common/domain-error';
import { Coalition } from '../plan/plan-definition';
import { evolvePlan, PlanState } from '../plan/plan-state';
import { missingForEnrollment } from '../plan/plan-completeness';
import { at, planState, testPlanDefinition } from '../testing/fixtures';
import {
  decideAmendCoalitionShares,
  decideDerivePlan,
  decideSelectCoalitionTerm,
  decideStartRenewalRun,
  decideStateOperatingCost,
  DerivePlan,
  derivedPlanPublished,
} from './product-decider';
import { ProductEvent } from './product-events';
import { coalitionHistoryOfPlan, foldProduct, ProductState } from './product-state';

const Y2024: PlanState = planState(
  testPlanDefinition({
    planId: 'city-2024',
    productId: 'city',
    enrollmentWindow: { opensOn: '2023-12-12', closesOn: '2024-01-31' },
    coverage: { startsOn: '2024-01-01', endsOn: '2024-12-31', retroactiveToStart: true },
    benefits: GANZHOU_2024_BENEFITS,
    targets: {
      kind: 'rate',
      levels: [{ name: 'required', rateBp: 2000, description: { zh: '20%', en: '20%' } }],
      rounding: 'half_up',
      deadline: '2024-01-31',
      description: { zh: '参保率20%', en: '20%' },
    },
  }),
);

const COALITION: Coalition = {
  leadInsurerId: 'picc-pc',
  members: [
    { insurerId: 'picc-pc', name: { zh: '人保财险', en: 'PICC P&C' }, shareBp: 4000 },
    { insurerId: 'cpic-pc', name: { zh: '太保财险', en: 'CPIC P&C' }, shareBp: 3500 },
    { insurerId: 'pingan-pc', name: { zh: '平安产险', en: 'Ping An P&C' }, shareBp: 2500 },
  ],
};
const SHARES_CHANGED: Coalition = {
  ...COALITION,
  members: COALITION.members.map((m, i) => ({ ...m, shareBp: [5000, 3000, 2000][i] })),
};

const given = (...events: ProductEvent[]): ProductState => foldProduct('city', events);

function thenEvents<E>(decision: Decision<E>): E[] {
  if (!decision.ok)
    throw new Error(`expected events, got ${decision.error.rule}: ${decision.error.message}`);
  return decision.events;
}
function thenError<E>(decision: Decision<E>): DomainError {
  if (decision.ok) throw new Error('expected a refusal');
  return decision.error;
}

const derive = (overrides: Partial<DerivePlan> = {}): DerivePlan => ({
  productId: 'city',
  fromPlanId: 'city-2024',
  changes: {},
  reason: '2024年度赔付率偏高，提高起付线',
  occurredAt: at('2024-10-01T10:00:00+08:00'),
  ...overrides,
});

/** The plan stream of a derived plan, as the handler publishes it. */
function publishedFrom(events: ProductEvent[]): PlanState {
  const derived = events.find((e) => e.type === 'ProductPlanDerived');
  if (derived?.type !== 'ProductPlanDerived') throw new Error('no derivation');
  return evolvePlan(undefined, derivedPlanPublished(derived.data));
}

describe('Products: next year derived from this year (002 保障方案年度动态调整)', () => {
  it('Derivation: carries the plan over to the next year with the dates moved a year and the explicit changes applied (higher deductible), recording the reason', () => {
    const [event] = thenEvents(
      decideDerivePlan(
        given(),
        [Y2024],
        derive({
          changes: {
            responsibilities: [
              { code: 'in_catalogue', deductibleFen: 2_000_000 },
              { code: 'out_of_catalogue', deductibleFen: 2_000_000 },
            ],
          },
        }),
      ),
    );
    if (event.type !== 'ProductPlanDerived') throw new Error(event.type);
    const d = event.data.definition;
    expect(event.data).toMatchObject({
      planId: 'city-2025',
      planYear: 2025,
      fromPlanId: 'city-2024',
      fromPlanYear: 2024,
      reason: '2024年度赔付率偏高，提高起付线',
      shifted: [
        'enrollmentWindow',
        'coverage',
        'targets.deadline',
        // The scale started at the deductible and still does (nothing is paid below it).
        'benefits.in_catalogue.segments[0].fromFen',
        'benefits.out_of_catalogue.segments[0].fromFen',
      ],
    });
    expect(d.enrollmentWindow).toEqual({ opensOn: '2024-12-12', closesOn: '2025-01-31' });
    expect(d.coverage).toMatchObject({ startsOn: '2025-01-01', endsOn: '2025-12-31' });
    expect(d.targets?.deadline).toBe('2025-01-31');
    expect(d.benefits!.responsibilities.map((r) => [r.code, r.deductibleFen])).toEqual([
      ['in_catalogue', 2_000_000],
      ['out_of_catalogue', 2_000_000],
      ['special_drugs', 0],
    ]);
    expect(d.benefits!.responsibilities[0].segments).toEqual([
      { fromFen: 2_000_000, ratioBp: 5_500 },
      { fromFen: 20_000_000, ratioBp: 8_000 },
    ]);
    // Everything not changed is last year's: premium, ratios, caps, sources, townships.
    expect(d.premium).toEqual(Y2024.definition.premium);
    expect(d.benefits!.planCapFen).toBe(GANZHOU_2024_BENEFITS.planCapFen);
    expect(d.townships).toEqual(Y2024.definition.townships);
    expect(missingForEnrollment(d)).toEqual([]);
    // The plan stream starts with the same definition and how it was derived.
    const plan = publishedFrom([event]);
    expect(plan.definition).toEqual(d);
    expect(plan.derivation).toMatchObject({ fromPlanId: 'city-2024', shifted: event.data.shifted });
  });

  it('Derivation: the result is validated as a whole — a ratio above 100% is refused, nothing recorded', () => {
    const error = thenError(
      decideDerivePlan(
        given(),
        [Y2024],
        derive({
          changes: {
            responsibilities: [
              { code: 'in_catalogue', segments: [{ fromFen: 0, ratioBp: 12_000 }] },
            ],
          },
        }),
      ),
    );
    expect(error).toMatchObject({ kind: 'invalid', field: 'changes', rule: 'plan.definition' });
  });

  it('Derivation: an unknown responsibility or field is refused naming it', () => {
    expect(
      thenError(
        decideDerivePlan(
          given(),
          [Y2024],
          derive({
            changes: { responsibilities: [{ code: 'R9', deductibleFen: 1 }] },
          }),
        ),
      ),
    ).toMatchObject({
      field: 'changes.responsibilities[0].code',
      rule: 'derivation.knownResponsibility',
    });
    expect(
      thenError(decideDerivePlan(given(), [Y2024], derive({ changes: { planId: 'x' } as never }))),
    ).toMatchObject({ field: 'changes.planId', rule: 'derivation.changeableField' });
  });

  it('Derivation: only from the latest year, one plan per year, and with a reason', () => {
    const [event] = thenEvents(decideDerivePlan(given(), [Y2024], derive()));
    const y2025 = publishedFrom([event]);
    expect(thenError(decideDerivePlan(given(event), [Y2024, y2025], derive()))).toMatchObject({
      kind: 'conflict',
      rule: 'derivation.fromLatestYear',
    });
    expect(thenError(decideDerivePlan(given(), [Y2024], derive({ reason: ' ' })))).toMatchObject({
      field: 'reason',
      rule: 'product.reason',
    });
  });

  it('Derivation: a derived plan missing a required value stays a draft (it cannot open enrollment)', () => {
    const noWindow = planState({ ...Y2024.definition, enrollmentWindow: undefined });
    const [event] = thenEvents(decideDerivePlan(given(), [noWindow], derive()));
    if (event.type !== 'ProductPlanDerived') throw new Error(event.type);
    expect(missingForEnrollment(event.data.definition)).toEqual(['enrollmentWindow']);
  });
});

describe('Products: coalition terms (002 四(二) 承办期每期3年)', () => {
  const selected = (occurredAt = '2024-09-01T10:00:00+08:00') =>
    thenEvents(
      decideSelectCoalitionTerm(given(), [Y2024], {
        productId: 'city',
        fromYear: 2025,
        coalition: COALITION,
        reason: '公开遴选',
        occurredAt: at(occurredAt),
      }),
    );

  it('Coalition term: selected for three plan years by default, listing the plans inside it', () => {
    const [event] = selected();
    expect(event).toMatchObject({
      type: 'CoalitionTermSelected',
      data: { termId: '2025-2027', fromYear: 2025, toYear: 2027, plans: [] },
    });
  });

  it('Coalition term: a plan derived into the term takes its coalition; after the term ends none is carried over (到期后重新遴选)', () => {
    const term = selected();
    const [e2025] = thenEvents(
      decideDerivePlan(
        given(...term),
        [Y2024],
        derive({ occurredAt: at('2024-10-01T10:00:00+08:00') }),
      ),
    );
    if (e2025.type !== 'ProductPlanDerived') throw new Error(e2025.type);
    expect(e2025.data.definition.coalition).toEqual(COALITION);
    expect(e2025.data.coalitionTerm).toMatchObject({ termId: '2025-2027' });
    // Years 2026, 2027 inside the term; 2028 after it: no coalition until a new selection.
    let plans = [Y2024, publishedFrom([e2025])];
    let history: ProductEvent[] = [...term, e2025];
    for (const year of [2026, 2027, 2028]) {
      const [e] = thenEvents(
        decideDerivePlan(
          given(...history),
          plans,
          derive({
            fromPlanId: `city-${year - 1}`,
            occurredAt: at(`${year - 1}-10-01T10:00:00+08:00`),
          }),
        ),
      );
      if (e.type !== 'ProductPlanDerived') throw new Error(e.type);
      expect([year, e.data.definition.coalition !== undefined]).toEqual([year, year <= 2027]);
      plans = [...plans, publishedFrom([e])];
      history = [...history, e];
    }
  });

  it("Coalition term: terms do not overlap, and a term is selected before its first year's coverage starts", () => {
    const term = selected();
    expect(
      thenError(
        decideSelectCoalitionTerm(given(...term), [Y2024], {
          productId: 'city',
          fromYear: 2027,
          coalition: COALITION,
          reason: '重新遴选',
          occurredAt: at('2024-09-02T10:00:00+08:00'),
        }),
      ),
    ).toMatchObject({ kind: 'conflict', rule: 'term.noOverlap' });
    expect(
      thenError(
        decideSelectCoalitionTerm(given(), [Y2024], {
          productId: 'city',
          fromYear: 2024,
          coalition: COALITION,
          reason: '补选',
          occurredAt: at('2024-03-01T10:00:00+08:00'),
        }),
      ),
    ).toMatchObject({ kind: 'conflict', rule: 'term.selectedBeforeCoverage' });
  });

  it('Coalition in force: a change of shares effective on a date applies from that date; the selected shares before it', () => {
    const term = selected();
    const [amended] = thenEvents(
      decideAmendCoalitionShares(given(...term), [Y2024], {
        productId: 'city',
        termId: '2025-2027',
        effectiveOn: '2025-07-01',
        coalition: SHARES_CHANGED,
        reason: '共保协议调整份额',
        occurredAt: at('2025-05-20T10:00:00+08:00'),
      }),
    );
    const product = given(...term, amended);
    const plan2025 = planState({ ...Y2024.definition, planId: 'city-2025', planYear: 2025 });
    const history = coalitionHistoryOfPlan(plan2025, product);
    expect(coalitionOnDate(history, '2024-12-20')?.coalition).toEqual(COALITION);
    expect(coalitionOnDate(history, '2025-06-30')?.coalition).toEqual(COALITION);
    expect(coalitionOnDate(history, '2025-07-01')?.coalition).toEqual(SHARES_CHANGED);
    expect(coalitionOnDate(history, '2025-07-01')?.termId).toBe('2025-2027');
    // A plan year outside every term keeps its own coalition history.
    expect(coalitionHistoryOfPlan(Y2024, product)).toEqual([]);
  });

  it('Coalition term: a change of shares is never retroactive, stays within the term and keeps the lead', () => {
    const product = given(...selected());
    const amend = (effectiveOn: string, coalition = SHARES_CHANGED) =>
      decideAmendCoalitionShares(product, [Y2024], {
        productId: 'city',
        termId: '2025-2027',
        effectiveOn,
        coalition,
        reason: '调整',
        occurredAt: at('2025-05-20T10:00:00+08:00'),
      });
    expect(thenError(amend('2025-05-19'))).toMatchObject({ rule: 'term.amendmentNotRetroactive' });
    expect(thenError(amend('2028-01-01'))).toMatchObject({ rule: 'term.amendmentWithinTerm' });
    const newLead = {
      ...SHARES_CHANGED,
      leadInsurerId: 'pingan-pc',
      members: [...SHARES_CHANGED.members].reverse(),
    };
    expect(thenError(amend('2025-07-01', newLead))).toMatchObject({ rule: 'term.sameLead' });
    const badShares = {
      ...COALITION,
      members: COALITION.members.map((m) => ({ ...m, shareBp: 3000 })),
    };
    expect(thenError(amend('2025-07-01', badShares))).toMatchObject({
      field: 'coalition',
      rule: 'plan.definition',
    });
  });
});

describe('Products: operating cost and renewal runs', () => {
  const withCoalition = planState({ ...Y2024.definition, coalition: COALITION });

  it("Operating cost: stated by an insurer of the year's coalition; a later statement corrects the earlier", () => {
    const state = (amountFen: number, occurredAt: string) =>
      decideStateOperatingCost(given(), [withCoalition], {
        productId: 'city',
        planYear: 2024,
        insurerId: 'picc-pc',
        amountFen,
        note: '宣传、理赔服务',
        occurredAt: at(occurredAt),
      });
    const [first] = thenEvents(state(100_000, '2025-02-01T10:00:00+08:00'));
    const [second] = thenEvents(state(120_000, '2025-02-02T10:00:00+08:00'));
    expect(given(first, second).operatingCosts).toEqual([
      expect.objectContaining({ planYear: 2024, insurerId: 'picc-pc', amountFen: 120_000 }),
    ]);
    expect(
      thenError(
        decideStateOperatingCost(given(), [withCoalition], {
          productId: 'city',
          planYear: 2024,
          insurerId: 'someone-else',
          amountFen: 1,
          occurredAt: at('2025-02-01T10:00:00+08:00'),
        }),
      ),
    ).toMatchObject({ field: 'insurerId', rule: 'product.insurerOfCoalition' });
  });

  it("Renewal run: runs while the new year's window is open; an unfinished run is resumed with its own business time", () => {
    const [event] = thenEvents(decideDerivePlan(given(), [Y2024], derive()));
    const y2025 = publishedFrom([event]);
    const start = (when: string, product = given(event)) =>
      decideStartRenewalRun(product, [Y2024, y2025], {
        productId: 'city',
        planYear: 2025,
        occurredAt: at(when),
      });
    expect(() => start('2024-12-01T10:00:00+08:00')).toThrow(
      expect.objectContaining({ rule: 'renewal.windowOpen' }),
    );
    const run = start('2024-12-12T09:00:00+08:00');
    expect(run).toMatchObject({
      runId: '2025-1',
      resumed: false,
      planId: 'city-2025',
      fromPlanId: 'city-2024',
    });
    const resumed = start('2024-12-20T09:00:00+08:00', given(event, ...run.events));
    expect(resumed).toMatchObject({
      runId: '2025-1',
      resumed: true,
      occurredAt: '2024-12-12T01:00:00.000Z',
      events: [],
    });
    const completed = given(event, ...run.events, {
      type: 'RenewalRunCompleted',
      data: {
        productId: 'city',
        runId: '2025-1',
        planId: 'city-2025',
        planYear: 2025,
        consents: 0,
        renewed: 0,
        skipped: {},
        occurredAt: '2024-12-12T01:00:00.000Z',
      },
    });
    // The same run asked for again is repeated; a run at another time is a new one.
    expect(start('2024-12-12T09:00:00+08:00', completed)).toMatchObject({
      runId: '2025-1',
      events: [],
    });
    expect(start('2024-12-20T09:00:00+08:00', completed)).toMatchObject({
      runId: '2025-2',
      resumed: false,
    });
  });
});
