import { BenefitSchedule, ResponsibilityDef } from './responsibility';

const FULL_BP = 10_000;

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isBp = (v: unknown): boolean => isInteger(v) && v >= 0 && v <= FULL_BP;
const isNonEmptyString = (v: unknown): boolean => typeof v === 'string' && v.trim().length > 0;

/**
 * Structural problems of a benefit schedule, as readable strings (empty when valid). Used when a
 * plan is published or amended, and by `adjudicate` before it pays anything. Tolerates malformed
 * input (data read back from events), reporting instead of throwing.
 */
export function validateBenefitSchedule(schedule: BenefitSchedule): string[] {
  const problems: string[] = [];
  const responsibilities: unknown = schedule?.responsibilities;
  if (!Array.isArray(responsibilities) || responsibilities.length === 0) {
    problems.push('responsibilities must be a non-empty list');
  } else {
    const seen = new Set<string>();
    responsibilities.forEach((r: ResponsibilityDef, i) => {
      const at = `responsibilities[${i}]${typeof r?.code === 'string' ? ` (${r.code})` : ''}`;
      if (!isNonEmptyString(r?.code)) problems.push(`${at}.code must be a non-empty string`);
      else if (seen.has(r.code)) problems.push(`${at}.code must be unique (${r.code} repeats)`);
      else seen.add(r.code);
      if (!isNonEmptyString(r?.name?.zh) || !isNonEmptyString(r?.name?.en)) {
        problems.push(`${at}.name must give both zh and en`);
      }
      problems.push(...validateResponsibilityAmounts(r, at));
    });
  }
  const planCap: unknown = schedule?.planCapFen;
  if (planCap !== undefined && !(isInteger(planCap) && planCap > 0)) {
    problems.push('planCapFen must be a positive integer of fen when set');
  }
  return problems;
}

function validateResponsibilityAmounts(r: ResponsibilityDef, at: string): string[] {
  const problems: string[] = [];
  const deductible: unknown = r?.deductibleFen;
  const deductibleOk = isInteger(deductible) && deductible >= 0;
  if (!deductibleOk) problems.push(`${at}.deductibleFen must be a non-negative integer of fen`);
  const segments: unknown = r?.segments;
  if (!Array.isArray(segments) || segments.length === 0) {
    problems.push(`${at}.segments must be a non-empty list`);
  } else {
    let previous: number | undefined;
    segments.forEach((s: { fromFen?: unknown; ratioBp?: unknown } | undefined, j) => {
      const from = s?.fromFen;
      if (!isInteger(from) || from < 0) {
        problems.push(`${at}.segments[${j}].fromFen must be a non-negative integer of fen`);
      } else {
        if (previous !== undefined && from <= previous) {
          problems.push(
            `${at}.segments[${j}].fromFen must be above segments[${j - 1}].fromFen (ascending)`,
          );
        }
        previous = from;
      }
      if (!isBp(s?.ratioBp)) {
        problems.push(`${at}.segments[${j}].ratioBp must be an integer from 0 to 10000 bp`);
      }
    });
    const first: unknown = (segments[0] as { fromFen?: unknown } | undefined)?.fromFen;
    if (deductibleOk && isInteger(first) && first >= 0 && first < deductible) {
      problems.push(
        `${at}.segments[0].fromFen must not be below deductibleFen (nothing is paid below the deductible)`,
      );
    }
  }
  if (r?.preExistingRatioBp !== undefined && !isBp(r.preExistingRatioBp)) {
    problems.push(`${at}.preExistingRatioBp must be an integer from 0 to 10000 bp when set`);
  }
  if (r?.capFen !== undefined && !(isInteger(r.capFen) && r.capFen > 0)) {
    problems.push(`${at}.capFen must be a positive integer of fen when set`);
  }
  if (r?.outOfAreaCountingShareBp !== undefined && !isBp(r.outOfAreaCountingShareBp)) {
    problems.push(`${at}.outOfAreaCountingShareBp must be an integer from 0 to 10000 bp when set`);
  }
  return problems;
}
