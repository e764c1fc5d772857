import { Finding } from '../verify/finding';

/**
 * The ledger found its own log altered: it refuses to decide or serve anything built on it
 * (HTTP 503, rule `ledger.integrity`) until an operator restores the log and restarts it.
 */
export class LedgerIntegrityError extends Error {
  override readonly name = 'LedgerIntegrityError';
  readonly rule = 'ledger.integrity';

  constructor(readonly finding: Finding) {
    super(
      `the ledger's log was altered${finding.position ? ` at position ${finding.position}` : ''} (${finding.kind}: ${finding.message}); ` +
        'the ledger refuses commands until the log is restored (see docs/audit.md)',
    );
  }
}
