import { at, planState, testPlanDefinition } from '../testing/fixtures';
import { decideAmendPlan, decideImportTownshipTable, decidePublishPlan } from './plan-decider';
import { evolvePlan, isDraft } from './plan-state';

const coalition = {
  leadInsurerId: 'picc',
  members: [
    { insurerId: 'picc', name: { zh: '人保财险', en: 'PICC' }, shareBp: 5000 },
    { insurerId: 'cpic', name: { zh: '太保财险', en: 'CPIC' }, shareBp: 3000 },
    { insurerId: 'pingan', name: { zh: '平安产险', en: 'Ping An' }, shareBp: 2000 },
  ],
};

describe('Plan decider (DOMAIN.md: Product, plan, geography)', () => {
  it('Product, plan: a plan is published once', () => {
    const def = testPlanDefinition();
    const published = decidePublishPlan(undefined, {
      definition: def,
      occurredAt: at('2023-09-01T00:00:00Z'),
    });
    expect(published.ok && published.events[0].type).toBe('PlanPublished');
    const again = decidePublishPlan(planState(def), {
      definition: def,
      occurredAt: at('2023-09-02T00:00:00Z'),
    });
    expect(!again.ok && again.error.rule).toBe('plan.publishedOnce');
  });

  it('Product, plan: a draft is completed by an amendment, which is an event with its reason', () => {
    const draft = planState(
      testPlanDefinition({ enrollmentWindow: undefined, premium: undefined }),
    );
    expect(isDraft(draft)).toBe(true);
    const decision = decideAmendPlan(draft, {
      planId: 'test-2024',
      changes: {
        enrollmentWindow: { opensOn: '2023-10-10', closesOn: '2023-12-10' },
        premium: { rules: [], defaultFen: 10000 },
      },
      reason: 'county notice',
      occurredAt: at('2023-09-05T00:00:00Z'),
    });
    if (!decision.ok) throw decision.error;
    const amended = decision.events.reduce(evolvePlan, draft);
    expect(isDraft(amended)).toBe(false);
    expect(amended.amendments).toEqual([
      {
        occurredAt: '2023-09-05T00:00:00.000Z',
        reason: 'county notice',
        fields: ['enrollmentWindow', 'premium'],
      },
    ]);
  });

  it('Enrollment window: an open window can be extended by an amendment but not shortened', () => {
    const plan = planState();
    const during = at('2023-11-01T00:00:00+08:00');
    const extended = decideAmendPlan(plan, {
      planId: 'test-2024',
      changes: { enrollmentWindow: { opensOn: '2023-10-10', closesOn: '2023-12-25' } },
      reason: 'extension',
      occurredAt: during,
    });
    expect(extended.ok).toBe(true);
    const shortened = decideAmendPlan(plan, {
      planId: 'test-2024',
      changes: { enrollmentWindow: { opensOn: '2023-10-10', closesOn: '2023-12-01' } },
      reason: 'x',
      occurredAt: during,
    });
    expect(!shortened.ok && shortened.error).toMatchObject({
      field: 'changes.enrollmentWindow.closesOn',
      rule: 'plan.windowOnlyExtends',
    });
  });

  it('Product, plan: once enrollment opened, the premium people enrolled under cannot change', () => {
    const decision = decideAmendPlan(planState(), {
      planId: 'test-2024',
      changes: { premium: { rules: [], defaultFen: 12000 } },
      reason: 'x',
      occurredAt: at('2023-11-01T00:00:00+08:00'),
    });
    expect(!decision.ok && decision.error).toMatchObject({
      field: 'changes.premium',
      rule: 'plan.frozenOnceEnrollmentOpens',
    });
  });

  it('Coinsurance: a coalition needs shares summing to 10,000 bp with the lead first; changes keep history', () => {
    const bad = decideAmendPlan(planState(), {
      planId: 'test-2024',
      changes: { coalition: { ...coalition, members: coalition.members.slice(0, 2) } },
      reason: 'x',
      occurredAt: at('2023-11-01T00:00:00Z'),
    });
    expect(!bad.ok && bad.error.message).toContain('sum to 10,000 bp (got 8000)');
    const first = decideAmendPlan(planState(), {
      planId: 'test-2024',
      changes: { coalition },
      reason: 'tender',
      occurredAt: at('2023-11-01T00:00:00Z'),
    });
    if (!first.ok) throw first.error;
    const state = first.events.reduce(evolvePlan, planState());
    expect(state.coalitionHistory).toHaveLength(1);
    expect(state.coalitionHistory[0].effectiveAt).toBe('2023-11-01T00:00:00.000Z');
  });

  it.each([
    [
      'a member whose insurerId is a number',
      {
        ...coalition,
        members: [{ ...coalition.members[0], insurerId: 7 }, ...coalition.members.slice(1)],
      },
      'coalition.members[0].insurerId',
    ],
    [
      'a member without a Chinese name',
      {
        ...coalition,
        members: [{ ...coalition.members[0], name: { en: 'PICC' } }, ...coalition.members.slice(1)],
      },
      'coalition.members[0].name',
    ],
    ['members that are not a list', { ...coalition, members: {} }, 'coalition.members'],
    ['a member that is not an object', { ...coalition, members: [null] }, 'coalition.members[0]'],
    ['a coalition that is a string', 'picc', 'coalition'],
  ])(
    'Coinsurance: a coalition of the wrong shape is refused before any rule reads it (%s)',
    (_what, value, named) => {
      const refused = decideAmendPlan(planState(), {
        planId: 'test-2024',
        changes: { coalition: value as never },
        reason: 'x',
        occurredAt: at('2023-11-01T00:00:00Z'),
      });
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.error.message).toContain(named);
    },
  );
});

describe('Plan amendments are validated as a whole (DOMAIN.md: "A plan with a required value unset stays a draft and cannot open enrollment")', () => {
  const live = () => planState(testPlanDefinition());
  const amend = (changes: Record<string, unknown>, state = live()) =>
    decideAmendPlan(state, {
      planId: 'test-2024',
      changes: changes as never,
      reason: 'typo',
      occurredAt: at('2023-09-05T00:00:00Z'),
    });
  const ruleOf = (d: ReturnType<typeof amend>) =>
    d.ok ? undefined : [d.error.field, d.error.rule];

  it.each(['enrollmentWindow', 'targets', 'benefits', 'premium', 'coverage'])(
    'a part of a plan cannot be removed: %s: null is refused (plan.amendmentNull)',
    (part) => {
      expect(ruleOf(amend({ [part]: null }))).toEqual([`changes.${part}`, 'plan.amendmentNull']);
    },
  );

  it('an amendment that would leave an enrollable plan a draft is refused (plan.amendmentKeepsEnrollable)', () => {
    expect(ruleOf(amend({ acceptedSources: [] }))).toEqual([
      'changes',
      'plan.amendmentKeepsEnrollable',
    ]);
  });

  it('townships and districts change only through a table import (plan.townshipsByTableImport)', () => {
    expect(ruleOf(amend({ townships: [] }))).toEqual([
      'changes.townships',
      'plan.townshipsByTableImport',
    ]);
  });

  it('unknown parts and parts of the wrong type are refused, never a crash', () => {
    expect(ruleOf(amend({ colour: 'red' }))).toEqual(['changes.colour', 'plan.amendableField']);
    expect(ruleOf(amend({ acceptedSources: 'individual' }))).toEqual([
      'changes.acceptedSources',
      'plan.amendmentType',
    ]);
    expect(ruleOf(amend({ eligibility: { schemes: 5 } }))).toEqual(['changes', 'plan.definition']);
    expect(ruleOf(amend({ premium: { rules: 'x' } }))).toEqual(['changes', 'plan.definition']);
  });

  it('a ledger that already recorded a removed window can still be repaired by an amendment', () => {
    const broken = evolvePlan(live(), {
      type: 'PlanAmended',
      data: {
        planId: 'test-2024',
        changes: { enrollmentWindow: null } as never,
        reason: 'recorded before amendments were checked',
        occurredAt: '2023-09-02T00:00:00.000Z',
      },
    });
    expect(isDraft(broken)).toBe(true);
    const repaired = amend(
      { enrollmentWindow: { opensOn: '2023-10-10', closesOn: '2023-12-10' } },
      broken,
    );
    expect(repaired.ok).toBe(true);
  });
});

describe('Target rules are checked before a table is imported against them (DOMAIN.md: Targets and township progress)', () => {
  it.each([{}, { kind: 'rate', levels: [] }, { kind: 'rate', levels: [{ name: 'required' }] }])(
    'a malformed target rule is refused, never a crash: %j',
    (targets) => {
      const decision = decideImportTownshipTable(planState(testPlanDefinition()), {
        planId: 'test-2024',
        source: 'x',
        table: { rows: [{ name: '梅江镇', base: 100, targets: {} }] },
        targets: targets as never,
        occurredAt: at('2023-09-05T00:00:00Z'),
      });
      expect(decision.ok ? undefined : [decision.error.field, decision.error.rule]).toEqual([
        'targets',
        'plan.targetRule',
      ]);
    },
  );
});
