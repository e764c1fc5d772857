import { LocalDate, shanghaiDate } from '../common/time';
import { Coalition } from '../plan/plan-definition';

/**
 * A coalition and the first Asia/Shanghai date its shares apply. Histories are ordered by
 * `effectiveOn`; the first entry also applies to every earlier date (premiums recorded before a
 * plan had any coalition are split by the first one set, as they always were).
 */
export interface DatedCoalition {
  effectiveOn: LocalDate;
  coalition: Coalition;
  /** The coalition term (承办期, 002: three years) the entry belongs to, when selected per term. */
  termId?: string;
  /** For a coalition set on the plan itself: the instant it was recorded. */
  effectiveAt?: string;
}

/**
 * The coalition in force on a date (DOMAIN.md Coinsurance, docs/products.md): the last entry
 * effective on or before it, or the first entry for a date before them all. Premiums are split
 * by their enrollment's date, payouts by their service date.
 */
export function coalitionOnDate(
  history: readonly DatedCoalition[],
  date: LocalDate,
): DatedCoalition | undefined {
  let found = history[0];
  for (const entry of history) if (entry.effectiveOn <= date) found = entry;
  return found;
}

/**
 * A plan's own coalition history (set when published or by amendment, recorded as instants) as
 * dates: a coalition set by a plan amendment is in force from the start of the Shanghai day it
 * was recorded on.
 */
export function datedPlanCoalitions(
  history: readonly { effectiveAt: string; coalition: Coalition }[],
): DatedCoalition[] {
  return history.map((e) => ({
    effectiveOn: shanghaiDate(Date.parse(e.effectiveAt)),
    coalition: e.coalition,
    effectiveAt: e.effectiveAt,
  }));
}
