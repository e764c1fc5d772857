import { RecordedEvent } from '@ledger/event-store';
import { CoinsuranceDoc, coinsuranceProjection } from '@ledger/projections';
import { InsurerAccount, InsurerPart } from '../schemas/ledger-event-message';
import { DocumentChange } from './gateway-views';

const PAYOUT_ACCOUNTS: Readonly<Record<string, InsurerAccount>> = {
  PayoutApproved: 'payout_approved',
  PayoutPaid: 'payout_paid',
};

/**
 * Each insurer's part of what an event records. Premium parts are read off the coinsurance view
 * (the insurer's income after the event minus before), so they include the largest-remainder
 * split and the premiums held back until a coalition exists, exactly as the ledger counts them;
 * an insurer that adds up its parts gets the view's figure to the fen. Payout parts are on the
 * payout events themselves (split when approved).
 */
export function insurerParts(
  event: RecordedEvent,
  changes: readonly DocumentChange[],
): InsurerPart[] {
  const parts: InsurerPart[] = [];
  for (const change of changes) {
    if (change.view !== coinsuranceProjection.name) continue;
    const before = (change.before as CoinsuranceDoc | undefined)?.insurers ?? {};
    const after = (change.after as CoinsuranceDoc).insurers;
    for (const [insurerId, entry] of Object.entries(after)) {
      const amountFen = entry.premiumFen - (before[insurerId]?.premiumFen ?? 0);
      if (amountFen !== 0) parts.push({ insurerId, account: 'premium', amountFen });
    }
  }
  const account = Object.hasOwn(PAYOUT_ACCOUNTS, event.type)
    ? PAYOUT_ACCOUNTS[event.type]
    : undefined;
  const payoutParts = (event.data as { parts?: unknown }).parts;
  if (account && Array.isArray(payoutParts)) {
    for (const p of payoutParts as { insurerId?: unknown; amountFen?: unknown }[]) {
      if (typeof p.insurerId !== 'string' || !Number.isSafeInteger(p.amountFen)) continue;
      if (p.amountFen !== 0)
        parts.push({ insurerId: p.insurerId, account, amountFen: p.amountFen as number });
    }
  }
  return parts;
}
