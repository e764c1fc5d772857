import { LocalizedName } from '../common/localized-name';
import { Fen } from '../common/money';
import { LocalDate } from '../common/time';
import { BenefitSchedule } from '../benefits/responsibility';
import { ContributionSource } from './contribution-source';

/**
 * Everything DOMAIN.md says a plan carries. Plain data (JSON-serializable) so it travels in
 * events. Optional fields are the ones a seed may not give: they stay unset, never invented.
 */
export interface PlanDefinition {
  planId: string;
  productId: string;
  productName: LocalizedName;
  planYear?: number;
  /** Seed documents the values come from, e.g. "000_362029478f95dca2.txt". */
  sources: string[];
  region: PlanRegion;
  eligibility: Eligibility;
  enrollmentWindow?: EnrollmentWindow;
  coverage?: Coverage;
  premium?: PremiumSchedule;
  acceptedSources: ContributionSource[];
  subsidyCategories: SubsidyCategory[];
  cancellation: CancellationRule;
  benefits?: BenefitSchedule;
  /** A ratio the seed states only as a range, which the benefit schedule must stay within (004). */
  benefitRatioRange?: BenefitRatioRange;
  coalition?: Coalition;
  districts: District[];
  townships: Township[];
  targets?: TargetRule;
  scorecard?: ScorecardSettings;
  notes?: string[];
}

export interface PlanRegion {
  name: LocalizedName;
  /** GB/T 2260 code of the area whose basic-insurance participants the plan covers. */
  regionCode: string;
  /** The county whose townships carry targets, when the plan has a target table. */
  targetCounty?: { name: LocalizedName; regionCode: string };
}

export type BasicInsuranceScheme = 'employee' | 'resident';
/** Resident-insurance tiers (003: 成年居民档, 婴幼儿档, 中小学生档). */
export type ResidentTier = 'adult' | 'infant' | 'student';

export interface Eligibility {
  /** Basic-insurance schemes admitted (all seeds: employee and resident). */
  schemes: BasicInsuranceScheme[];
  /** Basic insurance must be held in this area (prefix of a GB/T 2260 code, e.g. "3607"). */
  insuredRegionPrefixes: string[];
  /** 001: people insured elsewhere who live long-term in the region (新市民). */
  newCitizens?: { residenceRegionPrefixes: string[] };
  /** 001: HK/Macau/Taiwan residents insured in this province's basic insurance (港澳台同胞). */
  hkMacauTaiwan?: { insuredRegionPrefixes: string[] };
}

/** Inclusive Asia/Shanghai dates; the closing date is included to 24:00. */
export interface EnrollmentWindow {
  opensOn: LocalDate;
  closesOn: LocalDate;
}

export interface Coverage {
  startsOn: LocalDate;
  endsOn: LocalDate;
  /** 000 "待遇可追溯": claims from coverage start are paid even if enrolled later. */
  retroactiveToStart: boolean;
  /** Unset where the seed does not say (000); 003 states none (0). */
  waitingPeriodDays?: number;
}

/** First matching rule wins; `defaultFen` otherwise. */
export interface PremiumSchedule {
  rules: PremiumRule[];
  defaultFen: Fen;
}

export interface PremiumRule {
  id: string;
  description: LocalizedName;
  amountFen: Fen;
  when: PremiumCondition;
}

/** All set conditions must hold. Ages are whole years on the coverage start date. */
export interface PremiumCondition {
  bornOnOrAfter?: LocalDate;
  bornBefore?: LocalDate;
  residentTiers?: ResidentTier[];
  minAge?: number;
  maxAge?: number;
  sex?: 'male' | 'female';
}

export type SubsidyKind = 'full' | 'encouraged';

export interface SubsidyCategory {
  code: string;
  name: LocalizedName;
  kind: SubsidyKind;
  /** Who pays, e.g. "县财政" (county finance) or the responsible department. */
  funder: LocalizedName;
  /** 003: only residents with local household registration (本市户籍). */
  requiresLocalHouseholdRegistration?: boolean;
}

export interface CancellationRule {
  /** Before coverage starts every contribution is refunded to whoever paid it (DOMAIN.md). */
  afterCoverageStart: 'no_refund' | 'pro_rata_unexpired_days';
}

/**
 * 004 "还可以再提高65%~80%的报销比例": the added reimbursement is stated only as a range. The plan
 * keeps the range; a benefit schedule, when an operator completes it, must keep every segment
 * ratio inside it (pre-existing-condition ratios are not covered by the statement).
 */
export interface BenefitRatioRange {
  minBp: number;
  maxBp: number;
  description: LocalizedName;
}

export interface CoalitionMember {
  insurerId: string;
  name: LocalizedName;
  shareBp: number;
}

/** Lead first; shares in basis points summing to 10,000. */
export interface Coalition {
  leadInsurerId: string;
  members: CoalitionMember[];
  termYears?: number;
}

export interface District {
  districtId: string;
  name: LocalizedName;
  /** 003: two insurers promote enrollment in each district (助推保险公司), apart from shares. */
  promotingInsurers: { insurerId: string; name: LocalizedName }[];
}

export interface Township {
  /**
   * Stable identity, assigned once and never reused: the township's statistical division code
   * when the table that added it gave one, otherwise a code the plan assigns (t01, t02, …).
   * Enrollments are recorded under it; a table import matches rows to it, never by position.
   */
  townshipId: string;
  /** National statistical division code (统计用区划代码, 12 digits) where known; never invented. */
  divisionCode?: string;
  /** Townships merged into this one by a table import: their enrollments count here. */
  formerTownshipIds?: string[];
  /** Blank when the seed row has no name (001's first row); reported by the table import. */
  name: LocalizedName;
  districtId?: string;
  /** Basic-insurance participants (参保人数), the base of the enrollment rate. */
  baseParticipants?: number;
  /** Targets by name ("required", "stretch"), as adopted: stated in the table or computed. */
  targets: Record<string, number>;
}

export type TargetRounding = 'half_up' | 'ceiling';

export interface TargetRule {
  /** rate: each township's target is base × rate, rounded per plan; tasks: absolute numbers. */
  kind: 'rate' | 'task_numbers';
  levels: { name: string; rateBp?: number; description: LocalizedName }[];
  rounding?: TargetRounding;
  /** The date the target is due (the figure "as of the deadline"); unset where not stated. */
  deadline?: LocalDate;
  description: LocalizedName;
}

export interface ScorecardSettings {
  enabled: boolean;
  requiredRateBp: number;
  staffRelativesRateBp: number;
}
