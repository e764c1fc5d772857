import { Role } from '@ledger/access';

/**
 * Who reads what (docs/access.md has the table and the reasons). Aggregates carry no personal
 * data; a person's records are for the roles that process them.
 */
/** Township progress and scorecard: everyone who follows enrollment, down to the township. */
export const PROGRESS_READERS: readonly Role[] = [
  'operator',
  'auditor',
  'county_official',
  'township_official',
  'viewer',
];
/** Plan-wide figures (subsidies owed): county level and up. */
export const PLAN_FIGURE_READERS: readonly Role[] = [
  'operator',
  'auditor',
  'county_official',
  'viewer',
];
/** Coinsurance and payouts: as above, and each insurer for its own share. */
export const INSURER_FIGURE_READERS: readonly Role[] = [...PLAN_FIGURE_READERS, 'insurer'];
/** A person's policy and claims: who processes them (identity and health per SENSITIVE_READS). */
export const PERSON_READERS: readonly Role[] = ['operator', 'auditor', 'privacy_officer'];
/** A person's event history: the same, and insurers in the de-identified form of the feed. */
export const HISTORY_READERS: readonly Role[] = [...PERSON_READERS, 'insurer'];
