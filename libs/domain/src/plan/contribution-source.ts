/** Who pays a premium (DOMAIN.md, "Who pays: contributions"). */
export const CONTRIBUTION_SOURCES = [
  'individual', // the insured or anyone on their behalf
  'personal_account', // employee medical personal account (个人账户 / 历年账户 / 家庭共济账户)
  'employer', // employer or union group purchase (单位 / 工会)
  'government_full_subsidy', // full subsidy by category, from a roster (财政全额资助)
  'department_subsidy', // encouraged categories, paid by the responsible department (部门资助)
  'village_collective', // village collective (村集体)
  'charity', // donations for people in hardship (慈善)
] as const;
export type ContributionSource = (typeof CONTRIBUTION_SOURCES)[number];

export const PERSONAL_ACCOUNT_KINDS = ['personal', 'accumulated', 'family_mutual_aid'] as const;
export type PersonalAccountKind = (typeof PERSONAL_ACCOUNT_KINDS)[number];

/** The insured's relation to an account holder who pays for them. */
export const ACCOUNT_RELATIONS = ['self', 'spouse', 'parent', 'child'] as const;
export type AccountRelation = (typeof ACCOUNT_RELATIONS)[number];
