import { ErrorItem, refusalOf } from '../../core/refusal';
import { EnrollmentOutcome } from '../enroll-batch.command';

/** What became of one enrollment of a batch or one line of an import file. */
export interface EnrollmentLineResult {
  /** 0-based index in the batch, or 1-based line number in a file. */
  line: number;
  /** A sheet's enrollment paid by several contributions: every row it spans (line is the first). */
  lines?: number[];
  /**
   * enrolled: written now; replayed: written by an earlier run of the same batch or file (nothing
   * written); refused: a rule refused it (nothing written); invalid: the line itself is malformed
   * (nothing written); failed: an internal error (nothing written, retry).
   */
  outcome: 'enrolled' | 'replayed' | 'refused' | 'invalid' | 'failed';
  /** The HTTP status a single enrollment would have had. */
  status: number;
  personRef?: string;
  enrollmentId?: string;
  enrollmentStatus?: string;
  premiumFen?: number;
  /** For a sheet's row, each item may also name the column and the row (ImportErrorItem). */
  errors?: (ErrorItem & { column?: string; line?: number })[];
}

export interface EnrollmentBatchSummary {
  lines: number;
  enrolled: number;
  replayed: number;
  refused: number;
  invalid: number;
  failed: number;
}

/** `logInternal` receives errors that are not refusals (they are not shown to the caller). */
export function lineResultOf(
  line: number,
  outcome: EnrollmentOutcome,
  logInternal: (error: unknown) => void,
): EnrollmentLineResult {
  if (outcome.ok) {
    const r = outcome.receipt;
    return {
      line,
      outcome: r.replayed ? 'replayed' : 'enrolled',
      status: r.replayed ? 200 : 201,
      personRef: r.personRef,
      enrollmentId: r.enrollmentId,
      enrollmentStatus: r.status,
      premiumFen: r.premiumFen,
    };
  }
  const refusal = refusalOf(outcome.error);
  if (refusal) {
    return {
      line,
      outcome: refusal.status === 400 ? 'invalid' : 'refused',
      status: refusal.status,
      errors: refusal.errors,
    };
  }
  logInternal(outcome.error);
  return {
    line,
    outcome: 'failed',
    status: 500,
    errors: [
      {
        field: 'server',
        rule: 'server.internal',
        message: 'internal error; nothing was recorded for this line; retry it',
      },
    ],
  };
}

export function summarize(results: readonly EnrollmentLineResult[]): EnrollmentBatchSummary {
  const summary: EnrollmentBatchSummary = {
    lines: 0,
    enrolled: 0,
    replayed: 0,
    refused: 0,
    invalid: 0,
    failed: 0,
  };
  for (const r of results) count(summary, r);
  return summary;
}

/** Adds one line's result to a running summary (a streamed import keeps no result list). */
export function count(summary: EnrollmentBatchSummary, result: EnrollmentLineResult): void {
  summary.lines++;
  summary[result.outcome]++;
}
