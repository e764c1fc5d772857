import { composeResidentId, PlanDefinition } from '@ledger/domain';
import { EnrollmentRequest } from '../enrollments/enroll-person.command';

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
];

/** Deterministic pseudo-random numbers so the demo is the same on every machine. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Illustrative coalition: the seeds give no shares (a plan parameter); these are demo values. */
export const DEMO_COALITION = {
  leadInsurerId: 'picc-pc',
  members: [
    { insurerId: 'picc-pc', name: { zh: '人保财险', en: 'PICC P&C' }, shareBp: 4000 },
    { insurerId: 'cpic-pc', name: { zh: '太保财险', en: 'CPIC P&C' }, shareBp: 3500 },
    { insurerId: 'pingan-pc', name: { zh: '平安产险', en: 'Ping An P&C' }, shareBp: 2500 },
  ],
};

export interface DemoEnrollment {
  key: string;
  planId: string;
  request: EnrollmentRequest;
}

/** The demo campaign for a plan with a township table: every kind of payer, spread over the window. */
export function demoEnrollments(
  plan: PlanDefinition,
  regionCode: string,
  perTownship: number,
): DemoEnrollment[] {
  const rand = lcg(plan.planId.length * 7919);
  const window = plan.enrollmentWindow!;
  const windowDays = Math.round(
    (Date.parse(window.closesOn) - Date.parse(window.opensOn)) / 86_400_000,
  );
  const out: DemoEnrollment[] = [];
  const fullCategory = plan.subsidyCategories.find((c) => c.kind === 'full');
  const encouraged = plan.subsidyCategories.find((c) => c.kind === 'encouraged');
  for (const [ti, township] of plan.townships.entries()) {
    for (let k = 0; k < perTownship; k++) {
      const n = ti * 1000 + k;
      const year = 1940 + Math.floor(rand() * 80);
      const birth = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
      const idNumber = composeResidentId(regionCode, birth, (n % 999) + 1);
      const occurredAt = new Date(
        Date.parse(`${window.opensOn}T09:00:00+08:00`) +
          Math.floor(rand() * windowDays) * 86_400_000 +
          Math.floor(rand() * 36_000_000),
      ).toISOString();
      const name =
        SURNAMES[Math.floor(rand() * SURNAMES.length)] +
        GIVEN[Math.floor(rand() * GIVEN.length)] +
        GIVEN[Math.floor(rand() * GIVEN.length)];
      const premium = plan.premium!.rules.some(
        (r) => r.when.bornOnOrAfter && birth >= r.when.bornOnOrAfter,
      )
        ? 5000
        : plan.premium!.defaultFen;
      const kind = k % 5;
      const employee = kind === 1;
      let contributions: EnrollmentRequest['contributions'] = [
        { source: 'individual', amountFen: premium },
      ];
      if (employee)
        contributions = [
          {
            source: 'personal_account',
            amountFen: premium,
            relation: 'self',
            payer: { idNumber, scheme: 'employee' },
          },
        ];
      else if (
        kind === 2 &&
        fullCategory &&
        plan.acceptedSources.includes('government_full_subsidy')
      ) {
        contributions = [
          { source: 'government_full_subsidy', amountFen: premium, category: fullCategory.code },
        ];
      } else if (kind === 2 && encouraged && plan.acceptedSources.includes('department_subsidy')) {
        contributions = [
          {
            source: 'department_subsidy',
            amountFen: premium,
            category: encouraged.code,
            funder: { funderId: 'civil-affairs', name: '民政局' },
          },
        ];
      } else if (kind === 3 && plan.acceptedSources.includes('employer')) {
        contributions = [
          {
            source: 'employer',
            amountFen: premium / 2,
            fund: 'union',
            funder: { funderId: 'unit-1', name: '某单位工会' },
          },
          { source: 'individual', amountFen: premium / 2 },
        ];
      }
      out.push({
        key: `${plan.planId}:${n}`,
        planId: plan.planId,
        request: {
          person: {
            idNumber,
            name,
            phone: `138${String(10_000_000 + n).slice(-8)}`,
            localHouseholdRegistration: true,
          },
          basicInsurance: {
            scheme: employee ? 'employee' : 'resident',
            insuredRegionCode: regionCode,
          },
          townshipId: township.townshipId,
          occurredAt,
          contributions,
        },
      });
    }
  }
  return out;
}
