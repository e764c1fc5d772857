import { ClaimSubmission, composeResidentId } from '@ledger/domain';
import { NINGDU_TOWNSHIP_TABLE } from '@ledger/plans';
import { EnrollmentRequest } from '@ledger/ledger';

/**
 * A synthetic Ningdu campaign: valid ID numbers, townships weighted like the seed table's base,
 * and a realistic mix of payers — mostly individuals, some personal accounts (some pending),
 * department subsidies for hardship groups, a few splits — and claims for a few of them.
 * Deterministic for a given seed.
 */
export class SyntheticCampaign {
  private state: number;
  private readonly cumulative: number[];

  constructor(seed = 42) {
    this.state = seed >>> 0;
    let sum = 0;
    this.cumulative = NINGDU_TOWNSHIP_TABLE.rows.map((r) => (sum += r.base!));
  }

  private random(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return this.state / 2 ** 32;
  }

  private township(): string {
    const x = this.random() * this.cumulative[this.cumulative.length - 1];
    const i = this.cumulative.findIndex((c) => x < c);
    return `t${String(i + 1).padStart(2, '0')}`;
  }

  /** The n-th enrollment (n < 20,000 × 999 distinct people). */
  enrollment(n: number): EnrollmentRequest {
    const birth = new Date(Date.UTC(1940, 0, 1) + (n % 20_000) * 86_400_000 * 1.3)
      .toISOString()
      .slice(0, 10);
    const idNumber = composeResidentId('360730', birth, (Math.floor(n / 20_000) % 999) + 1);
    const r = this.random();
    const occurredAt = new Date(
      Date.parse('2023-12-12T08:00:00+08:00') +
        Math.floor(this.random() * 50) * 86_400_000 +
        Math.floor(this.random() * 43_200_000),
    ).toISOString();
    let contributions: EnrollmentRequest['contributions'];
    let scheme: 'employee' | 'resident' = 'resident';
    if (r < 0.62) contributions = [{ source: 'individual', amountFen: 10000 }];
    else if (r < 0.82) {
      scheme = 'employee';
      contributions = [
        {
          source: 'personal_account',
          amountFen: 10000,
          relation: 'self',
          payer: { idNumber, scheme: 'employee' },
          ...(r < 0.7 ? { deduction: 'pending' as const } : {}),
        },
      ];
    } else if (r < 0.95) {
      contributions = [
        {
          source: 'department_subsidy',
          amountFen: 10000,
          category: 'hardship_groups',
          funder: { funderId: `dept-${Math.floor(r * 100) % 7}`, name: '宁都县民政局' },
        },
      ];
    } else
      contributions = [
        { source: 'individual', amountFen: 4000 },
        {
          source: 'department_subsidy',
          amountFen: 6000,
          category: 'hardship_groups',
          funder: { funderId: 'dept-0', name: '宁都县民政局' },
        },
      ];
    return {
      person: { idNumber, name: '测试', phone: '13800000000' },
      basicInsurance: { scheme, insuredRegionCode: '360730' },
      townshipId: this.township(),
      occurredAt,
      contributions,
    };
  }

  /**
   * The n-th claim (a few per thousand enrollments): one in-catalogue residual after basic
   * insurance, critical-illness insurance and medical aid; about half stay under the plan's
   * deductible (no payout), the rest pay. Service dates in January 2024 (coverage from 01-01).
   */
  claim(n: number): ClaimSubmission {
    const below = this.random() < 0.5;
    const residualFen = below
      ? 200_000 + Math.floor(this.random() * 1_000_000)
      : 1_600_000 + Math.floor(this.random() * 8_000_000);
    return {
      claimId: `CLM-2024-${String(n).padStart(7, '0')}`,
      serviceDate: `2024-01-${String(2 + (n % 28)).padStart(2, '0')}`,
      hospital: '宁都县人民医院',
      totalExpenseFen: residualFen * 3,
      priorLayers: {
        basicInsuranceFen: residualFen,
        criticalIllnessInsuranceFen: Math.floor(residualFen / 2),
        medicalAidFen: residualFen - Math.floor(residualFen / 2),
      },
      lines: [{ responsibilityCode: 'in_catalogue', residualFen }],
      preExisting: this.random() < 0.1,
      outOfArea: false,
    };
  }
}
