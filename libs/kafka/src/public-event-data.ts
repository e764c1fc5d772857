/**
 * What of an event's data may leave the ledger on a shared topic (DOMAIN.md, Personal data: no
 * raw identifiers on Kafka; personRef, the keyed hash, is the only handle on a person).
 *
 * Two rules:
 * 1. Identity keys are removed at any depth: every sealed envelope (`sealedIdentity`,
 *    `payerSealedIdentity`, any key containing "sealed") and, should one ever appear in clear,
 *    `idNumber`, `phone`, `birthDate`, `fullName`. A new envelope named like the existing ones
 *    is covered without touching this file.
 * 2. Claim events carry medical facts (hospital, drugs, service date, pre-existing condition,
 *    residual expenses, accumulators), which are sensitive personal information (PIPL Art. 28):
 *    only their identifiers and money travel, by an allowlist, so a field added to a claim event
 *    later stays in the ledger until someone decides it may go out; a new Claim…/Payout… event
 *    type travels with its identifiers only until it is listed here.
 */
export const IDENTITY_KEY = /sealed|^idNumber$|^phone$|^birthDate$|^fullName$/i;

export const CLAIM_EVENT_PUBLIC_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ClaimRejected: ['planId', 'personRef', 'claimId', 'field', 'rule', 'occurredAt'],
  ClaimAdjudicated: [
    'planId',
    'personRef',
    'claimId',
    'enrollmentId',
    'planYear',
    'payoutFen',
    'occurredAt',
  ],
  PayoutApproved: [
    'planId',
    'personRef',
    'claimId',
    'payoutFen',
    'byResponsibility',
    'coalition',
    'parts',
    'occurredAt',
  ],
  PayoutPaid: [
    'planId',
    'personRef',
    'claimId',
    'payoutFen',
    'byResponsibility',
    'parts',
    'occurredAt',
  ],
};

function withoutIdentities(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIdentities);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!IDENTITY_KEY.test(key)) out[key] = withoutIdentities(inner);
  }
  return out;
}

/** A claim or payout event not listed above yet: only what identifies it travels. */
export const UNLISTED_CLAIM_FIELDS = ['planId', 'personRef', 'claimId', 'occurredAt'];
const CLAIM_LIKE = /^(Claim|Payout)/;

/** The members of a type's data that may travel; undefined: all but identities. */
export function publicFieldsOf(type: string): readonly string[] | undefined {
  return Object.hasOwn(CLAIM_EVENT_PUBLIC_FIELDS, type)
    ? CLAIM_EVENT_PUBLIC_FIELDS[type]
    : CLAIM_LIKE.test(type)
      ? UNLISTED_CLAIM_FIELDS
      : undefined;
}

/** The event's data as published: a new object, the input untouched. */
export function publicEventData(type: string, data: unknown): Record<string, unknown> {
  const allowed = publicFieldsOf(type);
  const source =
    data !== null && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : { value: data };
  const picked = allowed
    ? Object.fromEntries(allowed.filter((k) => Object.hasOwn(source, k)).map((k) => [k, source[k]]))
    : source;
  return withoutIdentities(picked) as Record<string, unknown>;
}
