import { invalid } from '../common/domain-error';
import { Fen } from '../common/money';
import { ageOn, LocalDate } from '../common/time';
import { PremiumCondition, PremiumSchedule, ResidentTier } from './plan-definition';

export interface PremiumSubject {
  birthDate: LocalDate;
  sex: 'male' | 'female';
  residentTier?: ResidentTier;
}

export interface PremiumQuote {
  amountFen: Fen;
  /** The matching rule, or "default": recorded so an auditor can see why this amount. */
  ruleId: string;
}

function matches(
  when: PremiumCondition,
  subject: PremiumSubject,
  coverageStartsOn: LocalDate,
): boolean {
  if (when.bornOnOrAfter !== undefined && subject.birthDate < when.bornOnOrAfter) return false;
  if (when.bornBefore !== undefined && subject.birthDate >= when.bornBefore) return false;
  if (when.residentTiers !== undefined) {
    if (subject.residentTier === undefined || !when.residentTiers.includes(subject.residentTier)) {
      return false;
    }
  }
  if (when.sex !== undefined && subject.sex !== when.sex) return false;
  if (when.minAge !== undefined || when.maxAge !== undefined) {
    const age = ageOn(subject.birthDate, coverageStartsOn);
    if (when.minAge !== undefined && age < when.minAge) return false;
    if (when.maxAge !== undefined && age > when.maxAge) return false;
  }
  return true;
}

/**
 * The premium for one person: the first rule whose conditions all hold, else the default.
 * Rules may use a birth-date cutoff (003: born on or after 2006-01-01), the resident student
 * tier (003), age bands on the coverage start date, and sex (risk-based pricing).
 */
export function quotePremium(
  schedule: PremiumSchedule,
  subject: PremiumSubject,
  coverageStartsOn: LocalDate,
): PremiumQuote {
  for (const rule of schedule.rules) {
    if (matches(rule.when, subject, coverageStartsOn))
      return { amountFen: rule.amountFen, ruleId: rule.id };
  }
  return { amountFen: schedule.defaultFen, ruleId: 'default' };
}

export function validatePremiumSchedule(schedule: PremiumSchedule, field = 'premium'): string[] {
  const problems: string[] = [];
  const positive = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
  if (!positive(schedule.defaultFen))
    problems.push(`${field}.defaultFen must be a positive integer of fen`);
  const ids = new Set<string>();
  schedule.rules.forEach((r, i) => {
    if (!positive(r.amountFen))
      problems.push(`${field}.rules[${i}].amountFen must be a positive integer of fen`);
    if (!r.id || ids.has(r.id)) problems.push(`${field}.rules[${i}].id must be present and unique`);
    ids.add(r.id);
    if (r.id === 'default') problems.push(`${field}.rules[${i}].id "default" is reserved`);
  });
  return problems;
}

export function assertPremiumSchedule(schedule: PremiumSchedule, field = 'premium'): void {
  const problems = validatePremiumSchedule(schedule, field);
  if (problems.length) throw invalid(field, 'plan.premiumSchedule', problems.join('; '));
}
