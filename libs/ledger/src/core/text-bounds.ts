/**
 * Upper bounds on text that enters the permanent log (docs/errors.md, "Bounds"). The log cannot
 * be edited, so a 1.8 MB "reason" would stay forever: every free text has a limit that fits
 * what it is for.
 */
export const TEXT_BOUNDS = {
  /** Why: amendments, cancellations, failed deductions, erasures, suspensions. */
  reason: 500,
  /** A person's or an organisation's name. */
  name: 100,
  /** Identifiers a client chooses: claim, roster, funder, contribution, township ids, codes. */
  id: 64,
  /** Where a table or roster comes from ("宁都县 附件2"). */
  source: 200,
  /** Inspectors' notes. */
  note: 1_000,
  /** Hospital, drug, payment reference. */
  label: 200,
} as const;
