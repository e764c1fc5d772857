import { addDays, LocalDate, shanghaiDate } from '../common/time';
import { Coverage } from '../plan/plan-definition';
import { EnrollmentState } from '../enrollment/policy-state';
import { ClaimRejectionRule } from './claim-events';

export type CoverageCheck =
  | { covered: true; enrollmentId: string }
  | { covered: false; field: string; rule: ClaimRejectionRule; reason: string };

const notCovered = (rule: ClaimRejectionRule, reason: string): CoverageCheck => ({
  covered: false,
  field: 'serviceDate',
  rule,
  reason,
});

const later = (a: LocalDate, b: LocalDate): LocalDate => (a > b ? a : b);

/**
 * Whether one enrollment episode covers a service date (DOMAIN.md Enrollment window and
 * coverage). An episode covers from the later of coverage start and its enrollment date, or
 * from coverage start when the plan is retroactive (000 Q5 "待遇可追溯"); a waiting period, when
 * set, runs from the enrollment date and applies even to a retroactive plan (no seed sets both).
 * A cancelled episode covers up to and including its cancellation date; an episode that never
 * became active (pending payment, lapsed, or cancelled while a deduction was pending) covers
 * nothing.
 */
function episodeCovers(
  coverage: Coverage,
  e: EnrollmentState,
  serviceDate: LocalDate,
): CoverageCheck {
  const id = e.enrollmentId;
  if (e.status === 'pending_payment') {
    return notCovered(
      'claim.policyActiveOnServiceDate',
      `enrollment ${id} is pending payment (a scheduled deduction has not settled): not active for claims`,
    );
  }
  const neverPaid =
    e.status === 'lapsed' || e.contributions.some((c) => c.currentStatus === 'withdrawn');
  if (neverPaid) {
    return notCovered(
      'claim.policyActiveOnServiceDate',
      `enrollment ${id} ended (${e.status}) before its premium was paid and never took effect`,
    );
  }
  const enrolledOn = shanghaiDate(Date.parse(e.enrolledAt));
  const from = coverage.retroactiveToStart
    ? coverage.startsOn
    : later(coverage.startsOn, enrolledOn);
  if (serviceDate < from) {
    return notCovered(
      'claim.policyActiveOnServiceDate',
      `enrollment ${id} was taken on ${enrolledOn}, after the service date ${serviceDate}, and the plan's benefits are not retroactive`,
    );
  }
  const waitingDays = coverage.waitingPeriodDays ?? 0;
  if (waitingDays > 0 && serviceDate < addDays(enrolledOn, waitingDays)) {
    return notCovered(
      'claim.waitingPeriod',
      `service date ${serviceDate} is within the ${waitingDays}-day waiting period from enrollment on ${enrolledOn} (covered from ${addDays(enrolledOn, waitingDays)})`,
    );
  }
  if (e.status === 'cancelled' && e.endedAt !== undefined) {
    const endedOn = shanghaiDate(Date.parse(e.endedAt));
    if (serviceDate > endedOn) {
      return notCovered(
        'claim.policyActiveOnServiceDate',
        `enrollment ${id} was cancelled on ${endedOn}, before the service date ${serviceDate}`,
      );
    }
  }
  return { covered: true, enrollmentId: id };
}

/**
 * Whether the person is covered on the service date: the date within the plan's coverage and
 * an enrollment episode active on it. When none covers it, the newest episode's reason is given.
 */
export function coverageOn(
  coverage: Coverage,
  enrollments: readonly EnrollmentState[],
  serviceDate: LocalDate,
): CoverageCheck {
  if (serviceDate < coverage.startsOn || serviceDate > coverage.endsOn) {
    return notCovered(
      'claim.serviceDateWithinCoverage',
      `service date ${serviceDate} is outside the plan's coverage ${coverage.startsOn} 00:00 to ${coverage.endsOn} 24:00`,
    );
  }
  let newest: CoverageCheck | undefined;
  for (const e of [...enrollments].reverse()) {
    const check = episodeCovers(coverage, e, serviceDate);
    if (check.covered) return check;
    newest ??= check;
  }
  return (
    newest ??
    notCovered('claim.policyActiveOnServiceDate', 'the person has no enrollment in this plan')
  );
}
