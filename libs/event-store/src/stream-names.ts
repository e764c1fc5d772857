/** Stream naming: ids only, never raw personal data (personRef is a keyed hash). */
export const StreamNames = {
  plan: (planId: string) => `plan-${planId}`,
  policy: (planId: string, personRef: string) => `policy-${planId}-${personRef}`,
  person: (personRef: string) => `person-${personRef}`,
  /** Who read a person's identity or health data, when and why (the access log). */
  accessLog: (personRef: string) => `access-${personRef}`,
  /** A group purchaser (employer or union) in one plan: its batches and remittances. */
  employer: (planId: string, employerId: string) => `employer-${planId}-${employerId}`,
  /** A product's series of yearly plans, coalition terms, operating costs, renewal runs. */
  product: (productId: string) => `product-${productId}`,
  /** One person's renewal consent (续保) in one product. */
  renewal: (productId: string, personRef: string) => `renewal-${productId}-${personRef}`,
} as const;

export const ACCESS_LOG_STREAM_PREFIX = 'access-';

export const LEDGER_STREAM_PREFIXES = [
  'plan-',
  'policy-',
  'person-',
  'roster-',
  'assessment-',
  // In the log (so tamper evidence and verify cover it), never published (libs/kafka).
  'access-',
  'employer-',
  'product-',
  'renewal-',
  // Seals of the log (libs/audit): part of the global log the commitment covers.
  'audit-',
] as const;
