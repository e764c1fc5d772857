import { TargetRounding } from './plan-definition';

/** base × rate under the plan's rounding rule, in exact integer arithmetic (rate in bp). */
export function targetFromRate(base: number, rateBp: number, rounding: TargetRounding): number {
  const scaled = base * rateBp; // target × 10,000
  if (rounding === 'ceiling') return Math.ceil(scaled / 10_000);
  return Math.floor((scaled + 5_000) / 10_000);
}
