import { invalid, notFound } from '../common/domain-error';
import { formatShanghai, formatShanghaiIso, Instant } from '../common/time';
import { PolicyState } from '../enrollment/policy-state';

/** Claims and basic-insurance facts are recorded on an existing policy stream only. */
export function requirePolicy(policy: PolicyState | undefined, planId: string): PolicyState {
  if (!policy || policy.enrollments.length === 0) {
    throw notFound(
      'personRef',
      'enrollment.exists',
      `this person has no enrollment in plan ${planId}`,
    );
  }
  return policy;
}

/** Facts happen in order within a policy: a command may not be dated before the last event. */
export function requireInOrder(policy: PolicyState, at: Instant): void {
  if (at < Date.parse(policy.lastOccurredAt)) {
    throw invalid(
      'occurredAt',
      'policy.eventOrder',
      `occurredAt ${formatShanghai(at)} is before this policy's last recorded event (${formatShanghaiIso(policy.lastOccurredAt)}, Asia/Shanghai)`,
      { at: formatShanghai(at), last: formatShanghaiIso(policy.lastOccurredAt) },
    );
  }
}
