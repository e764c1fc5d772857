/**
 * The parts of the ledger's answers the dashboard reads, as the dashboard reads them. Plain
 * interfaces with no imports, so the root typecheck can prove them compatible with the server's
 * own types (test/browser/api-types.check.ts) without the browser bundle importing server code.
 */

export interface LocalizedName {
  zh: string;
  en: string;
}

/** GET /session */
export interface SessionIdentity {
  id: string;
  role: string;
  scope: {
    plans?: readonly string[];
    counties?: readonly string[];
    districts?: readonly string[];
    townships?: readonly string[];
    insurer?: string;
  };
  scopeText: string;
  via: string;
}

export interface EnrollmentWindow {
  opensOn: string;
  closesOn: string;
}

export interface TargetLevel {
  name: string;
  rateBp?: number;
  description: LocalizedName;
}

export interface TargetRule {
  kind: 'rate' | 'task_numbers';
  levels: TargetLevel[];
  deadline?: string;
  description?: LocalizedName;
}

/** GET /plans (one item) */
export interface PlanSummary {
  planId: string;
  productName: LocalizedName;
  planYear?: number;
  region: {
    name: LocalizedName;
    regionCode: string;
    targetCounty?: { name: LocalizedName; regionCode: string };
  };
  status: string;
  enrollmentWindow?: EnrollmentWindow;
  townships: number;
}

export interface PlanTownship {
  townshipId: string;
  name: LocalizedName;
  districtId?: string;
  baseParticipants?: number;
  targets: Record<string, number>;
}

export interface PlanDistrict {
  districtId: string;
  name: LocalizedName;
  promotingInsurers: { insurerId: string; name: LocalizedName }[];
}

export interface CoalitionMember {
  insurerId: string;
  name: LocalizedName;
  shareBp: number;
}

/** GET /plans/{planId} */
export interface PlanView extends PlanSummary {
  definition: {
    productName: LocalizedName;
    region: PlanSummary['region'];
    enrollmentWindow?: EnrollmentWindow;
    subsidyCategories: { code: string; name: LocalizedName }[];
    coalition?: { leadInsurerId: string; members: CoalitionMember[] };
    districts: PlanDistrict[];
    townships: PlanTownship[];
    targets?: TargetRule;
    scorecard?: { enabled: boolean };
    benefits?: { responsibilities: { code: string; name: LocalizedName }[] };
  };
}

export interface TargetStatus {
  target: number;
  gap: number;
  reached: boolean;
}

export interface ProgressRow {
  level: 'township' | 'district' | 'county';
  id: string;
  name: LocalizedName;
  districtId?: string;
  baseParticipants?: number;
  active: number;
  pending: number;
  enrolled: number;
  cancelled: number;
  lapsed: number;
  rateBp?: number;
  targets: Record<string, TargetStatus>;
  bySource: Record<string, number>;
  byCategory: Record<string, number>;
  premiumCollectedFen: number;
  perDay: Record<string, { enrolled: number; ended: number }>;
  atDeadline?: {
    deadline: string;
    active: number;
    pending: number;
    premiumCollectedFen: number;
    rateBp?: number;
    targets: Record<string, TargetStatus>;
  };
}

/** GET /plans/{planId}/progress */
export interface ProgressReport {
  planId: string;
  targetRule?: TargetRule;
  county: ProgressRow;
  districts: ProgressRow[];
  townships: ProgressRow[];
  unassigned?: ProgressRow;
}

/** GET /plans/{planId}/townships/{townshipId}/progress */
export interface TownshipProgress {
  planId: string;
  targetRule?: TargetRule;
  township: ProgressRow;
  district?: ProgressRow;
  county: ProgressRow;
}

export interface InsurerRow {
  insurerId: string;
  name: string;
  lead: boolean;
  shareBp?: number;
  premiumFen: number;
  approvedPayoutFen: number;
  paidPayoutFen: number;
  lossRatioBp: number | null;
  rank: number;
}

/** GET /plans/{planId}/coinsurance */
export interface CoinsuranceReport {
  planId: string;
  totalPremiumFen: number;
  allocatedFen: number;
  unallocatedFen: number;
  insurers: InsurerRow[];
  promotion: {
    districtId: string;
    name: LocalizedName;
    insurers: { insurerId: string; name: LocalizedName }[];
    active: number;
    targets: Record<string, number>;
  }[];
}

/** GET /plans/{planId}/payouts */
export interface PayoutsView {
  planId: string;
  claims: { adjudicated: number; rejected: number; approved: number; paid: number };
  totals: { countedFen: number; adjudicatedFen: number; approvedFen: number; paidFen: number };
  byResponsibility: {
    responsibilityCode: string;
    lines: number;
    adjudicatedFen: number;
    approvedFen: number;
    paidFen: number;
  }[];
  byInsurer: { insurerId: string; name: string; approvedFen: number; paidFen: number }[];
}

export interface ScorecardItem {
  item: string;
  points: number;
  max: number;
  basis: string;
}

/** GET /plans/{planId}/scorecard */
export interface ScorecardReport {
  planId: string;
  enabled: boolean;
  townships: { townshipId: string; name: LocalizedName; total: number; items: ScorecardItem[] }[];
}

/** An RFC 9457 problem document (docs/errors.md). */
export interface ProblemDocument {
  title?: string;
  status?: number;
  detail?: string;
  errors?: { field: string; rule: string; message: string }[];
}
