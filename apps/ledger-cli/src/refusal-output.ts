import { chineseMessage, refusalOf } from '@ledger/ledger';

/**
 * Prints a refusal (a broken rule, a conflict) the way a clerk reads it: Chinese first, English
 * beside, with the rule code. False when the error is not a refusal (the caller rethrows it).
 */
export function printRefusal(error: unknown): boolean {
  const refusal = refusalOf(error);
  if (!refusal) return false;
  for (const item of refusal.errors)
    console.error(
      `拒绝 refused (${item.rule}): ${chineseMessage(item)} / ${item.field}: ${item.message}`,
    );
  return true;
}
