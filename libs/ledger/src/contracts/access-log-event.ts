/**
 * One read of a person's identity or health data (or an ID-number lookup), as the access log
 * records it in stream access-{personRef} (libs/access writes it; docs/access.md). Kept in the
 * ledger's own log, so tamper evidence covers it; never published.
 */
export interface PersonalDataAccessedData {
  personRef: string;
  planId: string;
  /** identity, health or lookup (libs/access SensitiveRead). */
  reads: ('identity' | 'health' | 'lookup')[];
  purpose: string;
  /** Method and route pattern, e.g. "GET /plans/:planId/policies/:personRef/history". */
  route: string;
  identityId: string;
  /** The caller's role (libs/access Role). */
  role: string;
  /** How the caller proved who it is (libs/access CredentialKind). */
  via: string;
  occurredAt: string;
}

export type AccessLogEvent = { type: 'PersonalDataAccessed'; data: PersonalDataAccessedData };
