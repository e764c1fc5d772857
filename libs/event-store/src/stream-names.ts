/** Stream naming: ids only, never raw personal data (personRef is a keyed hash). */
export const StreamNames = {
  plan: (planId: string) => `plan-${planId}`,
  policy: (planId: string, personRef: string) => `policy-${planId}-${personRef}`,
  person: (personRef: string) => `person-${personRef}`,
  /** A product's series of yearly plans, coalition terms, operating costs, renewal runs. */
  product: (productId: string) => `product-${productId}`,
  /** One person's renewal consent (续保) in one product. */
  renewal: (productId: string, personRef: string) => `renewal-${productId}-${personRef}`,
} as const;

export const LEDGER_STREAM_PREFIXES = [
  'plan-',
  'policy-',
  'person-',
  'roster-',
  'assessment-',
  'product-',
  'renewal-',
] as const;
