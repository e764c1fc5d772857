import { isLocalDate } from '../common/time';
import { TargetRule } from './plan-definition';

const ROUNDINGS = ['half_up', 'ceiling'];

/** Structural problems of a target rule (empty when it is well-formed). */
export function validateTargetRule(rule: TargetRule, field = 'targets'): string[] {
  const problems: string[] = [];
  if (typeof rule !== 'object' || rule === null) return [`${field} must be an object`];
  if (rule.kind !== 'rate' && rule.kind !== 'task_numbers') {
    problems.push(`${field}.kind must be rate or task_numbers`);
  }
  if (!Array.isArray(rule.levels) || rule.levels.length === 0) {
    problems.push(`${field}.levels must list at least one target level`);
  } else {
    const names = new Set<string>();
    rule.levels.forEach((level, i) => {
      if (typeof level?.name !== 'string' || !/^[a-z][a-z0-9_]{0,31}$/.test(level.name)) {
        problems.push(`${field}.levels[${i}].name must be a short lower-case name`);
      } else if (names.has(level.name)) {
        problems.push(`${field}.levels[${i}].name repeats ${level.name}`);
      } else names.add(level.name);
      if (
        rule.kind === 'rate' &&
        (!Number.isSafeInteger(level?.rateBp) || level.rateBp! <= 0 || level.rateBp! > 10_000)
      ) {
        problems.push(`${field}.levels[${i}].rateBp must be 1 to 10,000 basis points`);
      }
    });
  }
  if (rule.rounding !== undefined && !ROUNDINGS.includes(rule.rounding)) {
    problems.push(`${field}.rounding must be one of ${ROUNDINGS.join(', ')}`);
  }
  if (rule.deadline !== undefined && !isLocalDate(rule.deadline)) {
    problems.push(`${field}.deadline must be a date YYYY-MM-DD`);
  }
  return problems;
}
