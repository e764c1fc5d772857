import { composeResidentId, parseResidentId } from '../identity/resident-id';
import { InsuredPerson } from '../enrollment/insured-person';
import { PlanDefinition } from '../plan/plan-definition';
import { evolvePlan, PlanState } from '../plan/plan-state';

/** A complete plan shaped like the seeds (window, coverage, premium rules, subsidies). */
export function testPlanDefinition(overrides: Partial<PlanDefinition> = {}): PlanDefinition {
  return {
    planId: 'test-2024',
    productId: 'test-product',
    productName: { zh: '测试惠民保', en: 'Test Huiminbao' },
    planYear: 2024,
    sources: ['test'],
    region: { name: { zh: '测试市', en: 'Test City' }, regionCode: '330200' },
    eligibility: { schemes: ['employee', 'resident'], insuredRegionPrefixes: ['3302'] },
    enrollmentWindow: { opensOn: '2023-10-10', closesOn: '2023-12-10' },
    coverage: {
      startsOn: '2024-01-01',
      endsOn: '2024-12-31',
      retroactiveToStart: false,
      waitingPeriodDays: 0,
    },
    premium: {
      rules: [
        {
          id: 'minor',
          description: { zh: '未成年人', en: 'Minors' },
          amountFen: 5000,
          when: { bornOnOrAfter: '2006-01-01' },
        },
        {
          id: 'student',
          description: { zh: '学生档', en: 'Student tier' },
          amountFen: 5000,
          when: { residentTiers: ['student'] },
        },
      ],
      defaultFen: 10000,
    },
    acceptedSources: [
      'individual',
      'personal_account',
      'employer',
      'government_full_subsidy',
      'department_subsidy',
      'village_collective',
      'charity',
    ],
    subsidyCategories: [
      {
        code: 'di_bao',
        name: { zh: '低保', en: 'Minimum allowance' },
        kind: 'full',
        funder: { zh: '财政', en: 'Finance' },
        requiresLocalHouseholdRegistration: true,
      },
      {
        code: 'disabled',
        name: { zh: '残疾人', en: 'Disabled' },
        kind: 'encouraged',
        funder: { zh: '残联', en: 'Disabled persons federation' },
      },
    ],
    cancellation: { afterCoverageStart: 'no_refund' },
    districts: [],
    townships: [{ townshipId: 't01', name: { zh: '兰江街道', en: 'Lanjiang' }, targets: {} }],
    ...overrides,
  };
}

export function planState(definition: PlanDefinition = testPlanDefinition()): PlanState {
  return evolvePlan(undefined, {
    type: 'PlanPublished',
    data: { planId: definition.planId, definition, occurredAt: '2023-09-01T00:00:00.000Z' },
  });
}

/** A person as the app layer hands them to the domain (the ID parsed, identity sealed). */
export function person(
  birthDate: string,
  sequence = 11,
  extra: Partial<InsuredPerson> = {},
): InsuredPerson {
  const id = parseResidentId(
    composeResidentId('330281', birthDate, sequence),
    'person.idNumber',
    '2030-01-01',
  );
  return {
    personRef: `ref-${id.normalized}`,
    idKind: id.kind,
    birthDate: id.birthDate,
    sex: id.sex,
    sealedIdentity: { sealed: true },
    ...extra,
  };
}

export const at = (iso: string) => Date.parse(iso);
