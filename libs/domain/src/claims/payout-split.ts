import { Fen } from '../common/money';
import { Instant } from '../common/time';
import { splitByLargestRemainder } from '../coinsurance/largest-remainder';
import { Coalition } from '../plan/plan-definition';
import { PlanState } from '../plan/plan-state';
import { PayoutPart } from './claim-events';

export interface CoalitionInEffect {
  effectiveAt: string;
  coalition: Coalition;
}

/** The coalition in effect at an instant: the last one set at or before it (history is kept). */
export function coalitionInEffect(
  history: PlanState['coalitionHistory'],
  at: Instant,
): CoalitionInEffect | undefined {
  let found: CoalitionInEffect | undefined;
  for (const entry of history) if (Date.parse(entry.effectiveAt) <= at) found = entry;
  return found;
}

/**
 * A payout split among the coalition like a premium (DOMAIN.md Coinsurance): largest remainder
 * in fen, ties to the coalition's order. Parts in coalition order, lead first; they add up to
 * the payout.
 */
export function splitPayout(payoutFen: Fen, coalition: Coalition): PayoutPart[] {
  const lead = coalition.members.filter((m) => m.insurerId === coalition.leadInsurerId);
  const ordered = [
    ...lead,
    ...coalition.members.filter((m) => m.insurerId !== coalition.leadInsurerId),
  ];
  const amounts = splitByLargestRemainder(payoutFen, ordered);
  return ordered.map((m) => ({
    insurerId: m.insurerId,
    name: m.name,
    shareBp: m.shareBp,
    amountFen: amounts.get(m.insurerId) ?? 0,
  }));
}
