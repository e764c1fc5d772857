import { DomainError, invalid } from '../common/domain-error';
import { missingForEnrollment } from './plan-completeness';
import { isLocalDate } from '../common/time';
import { validateBenefitSchedule } from '../benefits/schedule-validation';
import { CONTRIBUTION_SOURCES } from './contribution-source';
import { Coalition, PlanDefinition } from './plan-definition';
import { validatePremiumSchedule } from './premium';
import { validateTargetRule } from './target-rule-validation';

const INSURER_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const isText = (v: unknown, max = 100): v is string =>
  typeof v === 'string' && v.trim().length > 0 && v.length <= max;

/**
 * A coalition (共保体) as recorded on a plan or a term: its shape first (it may come from a
 * request's free-form `changes`), then its rules — lead first, distinct members, shares in basis
 * points summing to 10,000.
 */
export function validateCoalition(coalition: Coalition, field = 'coalition'): string[] {
  const raw = coalition as unknown as Record<string, unknown> | null;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return [`${field} must be an object {leadInsurerId, members}`];
  if (!Array.isArray(raw.members)) return [`${field}.members must be a list of insurers`];
  const problems: string[] = [];
  if (!isText(raw.leadInsurerId, 64) || !INSURER_ID.test(raw.leadInsurerId))
    problems.push(`${field}.leadInsurerId must be an insurer id (letters, digits, . _ -)`);
  (raw.members as unknown[]).forEach((m, i) => {
    const at = `${field}.members[${i}]`;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) {
      problems.push(`${at} must be an object {insurerId, name, shareBp}`);
      return;
    }
    const member = m as Record<string, unknown>;
    if (!isText(member.insurerId, 64) || !INSURER_ID.test(member.insurerId))
      problems.push(`${at}.insurerId must be an insurer id (letters, digits, . _ -)`);
    const name = member.name as Record<string, unknown> | null | undefined;
    if (typeof name !== 'object' || name === null || !isText(name.zh) || !isText(name.en))
      problems.push(`${at}.name must be {zh, en}, both text`);
  });
  if (problems.length > 0) return problems;
  const ids = coalition.members.map((m) => m.insurerId);
  if (coalition.members.length === 0) problems.push(`${field}.members must not be empty`);
  if (new Set(ids).size !== ids.length)
    problems.push(`${field}.members must have distinct insurerId`);
  if (coalition.members[0]?.insurerId !== coalition.leadInsurerId) {
    problems.push(`${field}.leadInsurerId must be the first member (lead first)`);
  }
  coalition.members.forEach((m, i) => {
    if (!Number.isSafeInteger(m.shareBp) || m.shareBp <= 0) {
      problems.push(`${field}.members[${i}].shareBp must be a positive integer of basis points`);
    }
  });
  const total = coalition.members.reduce((s, m) => s + m.shareBp, 0);
  if (total !== 10_000)
    problems.push(`${field}.members shares must sum to 10,000 bp (got ${total})`);
  return problems;
}

/** Structural checks of a whole definition (after an amendment is applied too). */
export function validatePlanDefinition(plan: PlanDefinition): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(plan.planId)) {
    problems.push('planId must be lower-case letters, digits and dashes');
  }
  const w = plan.enrollmentWindow;
  if (w) {
    if (!isLocalDate(w.opensOn) || !isLocalDate(w.closesOn)) {
      problems.push('enrollmentWindow dates must be YYYY-MM-DD');
    } else if (w.opensOn > w.closesOn)
      problems.push('enrollmentWindow.opensOn must not be after closesOn');
  }
  const c = plan.coverage;
  if (c) {
    if (!isLocalDate(c.startsOn) || !isLocalDate(c.endsOn))
      problems.push('coverage dates must be YYYY-MM-DD');
    else if (c.startsOn > c.endsOn) problems.push('coverage.startsOn must not be after endsOn');
    if (
      c.waitingPeriodDays !== undefined &&
      (!Number.isSafeInteger(c.waitingPeriodDays) || c.waitingPeriodDays < 0)
    ) {
      problems.push('coverage.waitingPeriodDays must be a non-negative integer');
    }
  }
  if (plan.premium) problems.push(...validatePremiumSchedule(plan.premium));
  for (const s of plan.acceptedSources) {
    if (!(CONTRIBUTION_SOURCES as readonly string[]).includes(s))
      problems.push(`acceptedSources: unknown source ${s}`);
  }
  const codes = plan.subsidyCategories.map((c) => c.code);
  if (new Set(codes).size !== codes.length) problems.push('subsidyCategories codes must be unique');
  if (plan.coalition) problems.push(...validateCoalition(plan.coalition));
  if (plan.targets) problems.push(...validateTargetRule(plan.targets));
  if (plan.benefits)
    problems.push(...validateBenefitSchedule(plan.benefits).map((p) => `benefits: ${p}`));
  problems.push(...benefitRatioRangeProblems(plan));
  const townshipIds = plan.townships.map((t) => t.townshipId);
  if (new Set(townshipIds).size !== townshipIds.length)
    problems.push('townships must have distinct townshipId');
  const districtIds = new Set(plan.districts.map((d) => d.districtId));
  for (const t of plan.townships) {
    if (t.districtId !== undefined && !districtIds.has(t.districtId)) {
      problems.push(`township ${t.townshipId} refers to unknown district ${t.districtId}`);
    }
  }
  return problems;
}

/**
 * Refuses a definition with structural problems. Values arrive from requests, so a part of the
 * wrong shape deep inside (a string where a list belongs) is a refusal too, never a crash.
 */
export function assertValidPlan(plan: PlanDefinition, field = 'plan'): void {
  let problems: string[];
  try {
    problems = validatePlanDefinition(plan);
    missingForEnrollment(plan);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw invalid(field, 'plan.definition', `the plan is malformed: ${(error as Error).message}`);
  }
  if (problems.length) throw invalid(field, 'plan.definition', problems.join('; '), { problems });
}

/** Every segment ratio of the schedule inside the range the seed states (004: 65%–80%). */
function benefitRatioRangeProblems(plan: PlanDefinition): string[] {
  const range = plan.benefitRatioRange;
  if (!range) return [];
  const { minBp, maxBp } = range;
  if (
    !Number.isSafeInteger(minBp) ||
    !Number.isSafeInteger(maxBp) ||
    minBp <= 0 ||
    minBp > maxBp ||
    maxBp > 10_000
  ) {
    return ['benefitRatioRange must satisfy 0 < minBp <= maxBp <= 10,000'];
  }
  const problems: string[] = [];
  for (const r of plan.benefits?.responsibilities ?? []) {
    r.segments.forEach((s, i) => {
      if (s.ratioBp < minBp || s.ratioBp > maxBp) {
        problems.push(
          `benefits: ${r.code} segment ${i + 1} ratio ${s.ratioBp} bp is outside the stated range ${minBp}–${maxBp} bp (${range.description.zh})`,
        );
      }
    });
  }
  return problems;
}
