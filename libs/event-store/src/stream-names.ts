/** Stream naming: ids only, never raw personal data (personRef is a keyed hash). */
export const StreamNames = {
  plan: (planId: string) => `plan-${planId}`,
  policy: (planId: string, personRef: string) => `policy-${planId}-${personRef}`,
  person: (personRef: string) => `person-${personRef}`,
} as const;

export const LEDGER_STREAM_PREFIXES = [
  'plan-',
  'policy-',
  'person-',
  'roster-',
  'assessment-',
  // Seals of the log (libs/audit): part of the global log the commitment covers.
  'audit-',
] as const;
