/** Stream naming: ids only, never raw personal data (personRef is a keyed hash). */
export const StreamNames = {
  plan: (planId: string) => `plan-${planId}`,
  policy: (planId: string, personRef: string) => `policy-${planId}-${personRef}`,
  person: (personRef: string) => `person-${personRef}`,
  /** A group purchaser (employer or union) in one plan: its batches and remittances. */
  employer: (planId: string, employerId: string) => `employer-${planId}-${employerId}`,
} as const;

export const LEDGER_STREAM_PREFIXES = [
  'plan-',
  'policy-',
  'person-',
  'roster-',
  'assessment-',
  'employer-',
] as const;
