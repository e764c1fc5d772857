import { DomainError } from '../common/domain-error';
import { at, person, planState, testPlanDefinition } from '../testing/fixtures';
import { ContributionInput } from './contribution';
import {
  decideCancel,
  decideEnroll,
  decideFailDeduction,
  decideSettleDeduction,
  Enroll,
} from './policy-decider';
import { PolicyEvent } from './policy-events';
import { currentEnrollment, foldPolicy, PolicyState } from './policy-state';

const PLAN = planState();
const ADULT = person('1980-05-06');
const IN_WINDOW = at('2023-11-01T10:00:00+08:00');
const resident = { scheme: 'resident' as const, insuredRegionCode: '330281' };
const employee = { scheme: 'employee' as const, insuredRegionCode: '330281' };

function enroll(overrides: Partial<Enroll> = {}, contributions?: ContributionInput[]): Enroll {
  return {
    planId: 'test-2024',
    enrollmentId: 'e1',
    person: ADULT,
    basicInsurance: resident,
    contributions: contributions ?? [{ source: 'individual', amountFen: 10000 }],
    occurredAt: IN_WINDOW,
    ...overrides,
  };
}

/** given events → state */
const given = (...events: PolicyEvent[]): PolicyState | undefined => foldPolicy(events);

function thenEvents(decision: ReturnType<typeof decideEnroll>): PolicyEvent[] {
  if (!decision.ok)
    throw new Error(`expected events, got ${decision.error.rule}: ${decision.error.message}`);
  return decision.events;
}

function thenError(decision: ReturnType<typeof decideEnroll>): DomainError {
  if (decision.ok)
    throw new Error(`expected a refusal, got ${decision.events.map((e) => e.type).join(', ')}`);
  return decision.error;
}

function enrolled(
  overrides: Partial<Enroll> = {},
  contributions?: ContributionInput[],
): PolicyEvent[] {
  return thenEvents(decideEnroll(undefined, PLAN, enroll(overrides, contributions)));
}

describe('Enrollment decider (DOMAIN.md: Eligibility, Enrollment window, Premium, Who pays)', () => {
  it('Enrollment: records the premium from the plan rule and the contributions that pay it', () => {
    const [e] = enrolled({ townshipId: 't01' });
    expect(e.type).toBe('PolicyEnrolled');
    expect(e.data).toMatchObject({
      planId: 'test-2024',
      personRef: ADULT.personRef,
      premiumFen: 10000,
      premiumRuleId: 'default',
      townshipId: 't01',
      eligibility: 'insured_in_region',
      insured: { birthYear: 1980, sex: 'male', sealedIdentity: { sealed: true } },
      contributions: [
        { contributionId: 'e1/c1', source: 'individual', amountFen: 10000, status: 'paid' },
      ],
    });
  });

  it('Eligibility: one active enrollment per person per plan (a second one is a conflict)', () => {
    const error = thenError(
      decideEnroll(given(...enrolled()), PLAN, enroll({ enrollmentId: 'e2' })),
    );
    expect(error).toMatchObject({
      kind: 'conflict',
      field: 'person.idNumber',
      rule: 'enrollment.oneActivePerPersonPerPlan',
    });
  });

  it('Eligibility: re-enrolling after a cancellation is allowed while the window is open', () => {
    const first = enrolled();
    const cancelled = decideCancel(given(...first), PLAN, {
      planId: 'test-2024',
      personRef: ADULT.personRef,
      reason: 'changed mind',
      occurredAt: at('2023-11-02T10:00:00+08:00'),
    });
    const history = [...first, ...thenEvents(cancelled)];
    const again = thenEvents(
      decideEnroll(
        given(...history),
        PLAN,
        enroll({ enrollmentId: 'e2', occurredAt: at('2023-11-03T10:00:00+08:00') }),
      ),
    );
    expect(again[0].type).toBe('PolicyEnrolled');
    const state = given(...history, ...again)!;
    expect(state.enrollments.map((e) => e.status)).toEqual(['cancelled', 'active']);
  });

  it('Enrollment window: the closing date is included to 24:00 and one second later is refused', () => {
    expect(enrolled({ occurredAt: at('2023-12-10T23:59:59+08:00') })[0].type).toBe(
      'PolicyEnrolled',
    );
    expect(enrolled({ occurredAt: at('2023-10-10T00:00:00+08:00') })[0].type).toBe(
      'PolicyEnrolled',
    );
    const late = thenError(
      decideEnroll(undefined, PLAN, enroll({ occurredAt: at('2023-12-11T00:00:01+08:00') })),
    );
    expect(late).toMatchObject({ field: 'occurredAt', rule: 'enrollment.window' });
    const early = thenError(
      decideEnroll(undefined, PLAN, enroll({ occurredAt: at('2023-10-09T23:59:59+08:00') })),
    );
    expect(early.rule).toBe('enrollment.window');
  });

  it('Enrollment window: a refusal states the window and the time in Asia/Shanghai, never UTC (all dates are Asia/Shanghai)', () => {
    const late = thenError(
      decideEnroll(undefined, PLAN, enroll({ occurredAt: at('2023-12-11T07:49:17+08:00') })),
    );
    expect(late.message).toContain('2023-12-11 07:49:17 (Asia/Shanghai) is outside it');
    expect(late.message).not.toContain('T23:49:17');
    expect(late.details).toEqual({
      opensOn: '2023-10-10',
      closesOn: '2023-12-10',
      at: '2023-12-11 07:49:17',
    });
  });

  it('Product, plan: a plan with a required value unset is a draft and refuses enrollment, listing what is missing', () => {
    const draft = planState(
      testPlanDefinition({ premium: undefined, enrollmentWindow: undefined }),
    );
    const error = thenError(decideEnroll(undefined, draft, enroll()));
    expect(error).toMatchObject({
      kind: 'conflict',
      field: 'planId',
      rule: 'plan.draftCannotEnroll',
    });
    expect(error.message).toContain('enrollmentWindow, premium');
  });

  it('Eligibility: basic insurance outside the plan region is refused; a resident tier needs resident insurance', () => {
    expect(
      thenError(
        decideEnroll(
          undefined,
          PLAN,
          enroll({ basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' } }),
        ),
      ).rule,
    ).toBe('eligibility.basicInsuranceRegion');
    expect(
      thenError(
        decideEnroll(
          undefined,
          PLAN,
          enroll({ basicInsurance: { ...employee, residentTier: 'student' } }),
        ),
      ).rule,
    ).toBe('eligibility.residentTierOnlyForResidents');
  });

  it('Eligibility (001): new citizens living in the region and HK/Macau/Taiwan residents insured in the province', () => {
    const plan = planState(
      testPlanDefinition({
        eligibility: {
          schemes: ['employee', 'resident'],
          insuredRegionPrefixes: ['350423'],
          newCitizens: { residenceRegionPrefixes: ['3504'] },
          hkMacauTaiwan: { insuredRegionPrefixes: ['35'] },
        },
      }),
    );
    const newCitizen = thenEvents(
      decideEnroll(
        undefined,
        plan,
        enroll({
          basicInsurance: {
            scheme: 'employee',
            insuredRegionCode: '360730',
            residenceRegionCode: '350423',
          },
        }),
      ),
    );
    expect(newCitizen[0].data).toMatchObject({ eligibility: 'new_citizen' });
    const permit = { ...ADULT, idKind: 'taiwan_residence_permit' as const };
    const taiwan = thenEvents(
      decideEnroll(
        undefined,
        plan,
        enroll({
          person: permit,
          basicInsurance: { scheme: 'resident', insuredRegionCode: '350102' },
        }),
      ),
    );
    expect(taiwan[0].data).toMatchObject({ eligibility: 'hong_kong_macau_taiwan' });
    expect(
      thenError(
        decideEnroll(
          undefined,
          plan,
          enroll({ basicInsurance: { scheme: 'resident', insuredRegionCode: '350102' } }),
        ),
      ).rule,
    ).toBe('eligibility.basicInsuranceRegion');
  });

  it('Who pays: contributions must add up exactly to the premium', () => {
    const error = thenError(
      decideEnroll(
        undefined,
        PLAN,
        enroll({}, [
          { source: 'individual', amountFen: 6000 },
          { source: 'employer', amountFen: 3000, funder: { funderId: 'u1', name: '余姚市某单位' } },
        ]),
      ),
    );
    expect(error).toMatchObject({ field: 'contributions', rule: 'contribution.sumEqualsPremium' });
    expect(error.message).toContain(
      '90.00 yuan (9000 fen) but the premium is 100.00 yuan (10000 fen)',
    );
  });

  it('Who pays: employer or union may cover part of the premium beside the individual', () => {
    const [e] = enrolled({}, [
      { source: 'individual', amountFen: 4000 },
      {
        source: 'employer',
        amountFen: 6000,
        fund: 'union',
        funder: { funderId: 'u1', name: '余姚市某单位工会' },
      },
    ]);
    expect(e.data).toMatchObject({
      contributions: [
        { source: 'individual' },
        { source: 'employer', fund: 'union', funder: { funderId: 'u1' } },
      ],
    });
  });

  it("Who pays: a personal account pays only for the holder's self, spouse, parent or child", () => {
    const holder = person('1985-01-01', 21);
    const bad = thenError(
      decideEnroll(
        undefined,
        PLAN,
        enroll({}, [
          {
            source: 'personal_account',
            amountFen: 10000,
            payer: { personRef: holder.personRef, scheme: 'employee' },
            relation: 'sibling' as never,
          },
        ]),
      ),
    );
    expect(bad).toMatchObject({
      field: 'contributions[0].relation',
      rule: 'contribution.personalAccountRelation',
    });
    const ok = enrolled({}, [
      {
        source: 'personal_account',
        amountFen: 10000,
        payer: { personRef: holder.personRef, scheme: 'employee' },
        relation: 'parent',
        account: 'family_mutual_aid',
      },
    ]);
    expect(ok[0].data).toMatchObject({
      contributions: [
        { payerRef: holder.personRef, relation: 'parent', account: 'family_mutual_aid' },
      ],
    });
  });

  it('Who pays: the personal-account holder must hold employee basic insurance', () => {
    const holder = person('1985-01-01', 21);
    const error = thenError(
      decideEnroll(
        undefined,
        PLAN,
        enroll({}, [
          {
            source: 'personal_account',
            amountFen: 10000,
            payer: { personRef: holder.personRef, scheme: 'resident' },
            relation: 'spouse',
          },
        ]),
      ),
    );
    expect(error).toMatchObject({
      field: 'contributions[0].payer.scheme',
      rule: 'contribution.personalAccountHolderIsEmployee',
    });
    const self = thenError(
      decideEnroll(
        undefined,
        PLAN,
        enroll({ basicInsurance: resident }, [
          {
            source: 'personal_account',
            amountFen: 10000,
            payer: { personRef: ADULT.personRef },
            relation: 'self',
          },
        ]),
      ),
    );
    expect(self.rule).toBe('contribution.personalAccountHolderIsEmployee');
    expect(
      enrolled({ basicInsurance: employee }, [
        {
          source: 'personal_account',
          amountFen: 10000,
          payer: { personRef: ADULT.personRef },
          relation: 'self',
        },
      ])[0].type,
    ).toBe('PolicyEnrolled');
  });

  it('Who pays: a subsidy category may be named as the plan prints it (低保, 低保户); the event records its code', () => {
    const local = { ...ADULT, localHouseholdRegistration: true };
    for (const name of ['低保', '低保户', 'Minimum allowance', 'DI_BAO']) {
      const [e] = enrolled({ person: local }, [
        { source: 'government_full_subsidy', amountFen: 10000, category: name },
      ]);
      expect(e.data).toMatchObject({
        contributions: [{ source: 'government_full_subsidy', category: 'di_bao' }],
      });
    }
    const refused = thenError(
      decideEnroll(
        undefined,
        PLAN,
        enroll({ person: local }, [
          { source: 'government_full_subsidy', amountFen: 10000, category: '特困' },
        ]),
      ),
    );
    expect(refused.rule).toBe('contribution.fullSubsidyCategory');
    expect(refused.message).toContain('di_bao 低保');
  });

  it('Who pays: a government full subsidy needs a full-subsidy category of the plan and pays the whole premium', () => {
    const local = { ...ADULT, localHouseholdRegistration: true };
    const [e] = enrolled({ person: local }, [
      { source: 'government_full_subsidy', amountFen: 10000, category: 'di_bao' },
    ]);
    expect(e.data).toMatchObject({
      contributions: [
        { source: 'government_full_subsidy', category: 'di_bao', funder: { name: '财政' } },
      ],
    });
    expect(
      thenError(
        decideEnroll(
          undefined,
          PLAN,
          enroll({ person: local }, [
            { source: 'government_full_subsidy', amountFen: 10000, category: 'disabled' },
          ]),
        ),
      ).rule,
    ).toBe('contribution.fullSubsidyCategory');
    expect(
      thenError(
        decideEnroll(
          undefined,
          PLAN,
          enroll({ person: local }, [
            { source: 'government_full_subsidy', amountFen: 5000, category: 'di_bao' },
            { source: 'individual', amountFen: 5000 },
          ]),
        ),
      ).rule,
    ).toBe('contribution.fullSubsidyPaysWholePremium');
    expect(
      thenError(
        decideEnroll(
          undefined,
          PLAN,
          enroll({}, [{ source: 'government_full_subsidy', amountFen: 10000, category: 'di_bao' }]),
        ),
      ).rule,
    ).toBe('contribution.fullSubsidyLocalRegistration');
  });

  it('Who pays: department, village and charity contributions name their funder; a source the plan does not accept is refused', () => {
    const [e] = enrolled({}, [
      {
        source: 'department_subsidy',
        amountFen: 5000,
        category: 'disabled',
        funder: { funderId: 'dpf', name: '残联' },
      },
      { source: 'village_collective', amountFen: 3000, funder: { funderId: 'v1', name: '某村' } },
      { source: 'charity', amountFen: 2000, funder: { funderId: 'c1', name: '慈善总会' } },
    ]);
    expect(e.data).toMatchObject({
      contributions: [
        { category: 'disabled' },
        { source: 'village_collective' },
        { source: 'charity' },
      ],
    });
    expect(
      thenError(
        decideEnroll(undefined, PLAN, enroll({}, [{ source: 'charity', amountFen: 10000 }])),
      ).rule,
    ).toBe('contribution.funderRequired');
    const plan = planState(testPlanDefinition({ acceptedSources: ['individual'] }));
    expect(
      thenError(
        decideEnroll(
          undefined,
          plan,
          enroll({}, [
            { source: 'charity', amountFen: 10000, funder: { funderId: 'c', name: 'c' } },
          ]),
        ),
      ).rule,
    ).toBe('contribution.acceptedSource');
  });

  it('Who pays: a pending personal-account deduction settles, and the enrollment becomes active', () => {
    const holder = person('1985-01-01', 21);
    const first = enrolled({}, [
      {
        source: 'personal_account',
        amountFen: 10000,
        payer: { personRef: holder.personRef, scheme: 'employee' },
        relation: 'child',
        deduction: 'pending',
      },
    ]);
    expect(currentEnrollment(given(...first))?.status).toBe('pending_payment');
    const settled = decideSettleDeduction(given(...first), {
      planId: 'test-2024',
      personRef: ADULT.personRef,
      contributionId: 'e1/c1',
      occurredAt: at('2023-11-05T00:00:00+08:00'),
    });
    expect(thenEvents(settled).map((e) => e.type)).toEqual(['PersonalAccountDeductionSettled']);
    expect(currentEnrollment(given(...first, ...thenEvents(settled)))?.status).toBe('active');
    expect(
      thenError(
        decideSettleDeduction(given(...first, ...thenEvents(settled)), {
          planId: 'test-2024',
          personRef: ADULT.personRef,
          contributionId: 'e1/c1',
          occurredAt: at('2023-11-06T00:00:00+08:00'),
        }),
      ).rule,
    ).toBe('contribution.deductionPending');
  });

  it('Who pays: a failed deduction lapses the enrollment and refunds what others paid', () => {
    const holder = person('1985-01-01', 21);
    const first = enrolled({}, [
      {
        source: 'personal_account',
        amountFen: 7000,
        payer: { personRef: holder.personRef, scheme: 'employee' },
        relation: 'spouse',
        deduction: 'pending',
      },
      { source: 'individual', amountFen: 3000 },
    ]);
    const failed = thenEvents(
      decideFailDeduction(given(...first), {
        planId: 'test-2024',
        personRef: ADULT.personRef,
        contributionId: 'e1/c1',
        reason: 'insufficient balance',
        occurredAt: at('2023-11-05T00:00:00+08:00'),
      }),
    );
    expect(failed.map((e) => e.type)).toEqual([
      'PersonalAccountDeductionFailed',
      'EnrollmentLapsed',
      'ContributionRefunded',
    ]);
    expect(failed[2].data).toMatchObject({
      contributionId: 'e1/c2',
      amountFen: 3000,
      reason: 'enrollment_lapsed',
    });
    expect(currentEnrollment(given(...first, ...failed))).toBeUndefined();
  });

  it('Enrollment and coverage: cancellation before coverage starts refunds every contribution to whoever paid it', () => {
    const first = enrolled({}, [
      { source: 'individual', amountFen: 4000 },
      { source: 'employer', amountFen: 6000, funder: { funderId: 'u1', name: '单位' } },
    ]);
    const events = thenEvents(
      decideCancel(given(...first), PLAN, {
        planId: 'test-2024',
        personRef: ADULT.personRef,
        reason: 'moved away',
        occurredAt: at('2023-12-31T23:00:00+08:00'),
      }),
    );
    expect(events.map((e) => e.type)).toEqual([
      'EnrollmentCancelled',
      'ContributionRefunded',
      'ContributionRefunded',
    ]);
    expect(events[0].data).toMatchObject({ refundRule: 'full_before_coverage' });
    expect(events.slice(1).map((e) => e.data)).toMatchObject([
      { amountFen: 4000, source: 'individual' },
      { amountFen: 6000, funder: { funderId: 'u1' } },
    ]);
  });

  it('Enrollment and coverage: after coverage starts the plan rule applies (default: no refund)', () => {
    const first = enrolled();
    const events = thenEvents(
      decideCancel(given(...first), PLAN, {
        planId: 'test-2024',
        personRef: ADULT.personRef,
        reason: 'moved away',
        occurredAt: at('2024-01-01T00:00:00+08:00'),
      }),
    );
    expect(events.map((e) => e.type)).toEqual(['EnrollmentCancelled']);
    expect(events[0].data).toMatchObject({ refundRule: 'no_refund' });
  });

  it('Enrollment and coverage: a pro-rata rule refunds the unexpired days, split over contributions to the fen', () => {
    const plan = planState(
      testPlanDefinition({ cancellation: { afterCoverageStart: 'pro_rata_unexpired_days' } }),
    );
    const first = thenEvents(
      decideEnroll(
        undefined,
        plan,
        enroll({}, [
          { source: 'individual', amountFen: 3333 },
          { source: 'employer', amountFen: 6667, funder: { funderId: 'u', name: 'u' } },
        ]),
      ),
    );
    // 2024 has 366 days; cancelled on 2024-12-01 leaves 30 days (Dec 2..31): refund ⌊10000 × 30 / 366⌋ = 819 fen.
    const events = thenEvents(
      decideCancel(given(...first), plan, {
        planId: 'test-2024',
        personRef: ADULT.personRef,
        reason: 'r',
        occurredAt: at('2024-12-01T12:00:00+08:00'),
      }),
    );
    const refunds = events
      .filter((e) => e.type === 'ContributionRefunded')
      .map((e) => e.data as { amountFen: number });
    expect(refunds.reduce((s, r) => s + r.amountFen, 0)).toBe(819);
    expect(refunds.map((r) => r.amountFen)).toEqual([273, 546]);
  });

  it('Enrollment: facts happen in order within a policy (a command dated before the last event is refused)', () => {
    const first = enrolled({ occurredAt: at('2023-11-10T10:00:00+08:00') });
    const error = thenError(
      decideCancel(given(...first), PLAN, {
        planId: 'test-2024',
        personRef: ADULT.personRef,
        reason: 'r',
        occurredAt: at('2023-11-09T10:00:00+08:00'),
      }),
    );
    expect(error.rule).toBe('policy.eventOrder');
  });
});
