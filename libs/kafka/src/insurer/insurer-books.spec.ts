import Database from 'better-sqlite3';
import { LedgerEventMessage } from '../schemas/ledger-event-message';
import { InsurerBooks } from './insurer-books';

const event = (
  eventId: string,
  planId: string,
  parts: LedgerEventMessage['insurerParts'],
): LedgerEventMessage =>
  ({ eventId, planId, position: eventId.slice(1), insurerParts: parts }) as LedgerEventMessage;

describe('Example insurer books', () => {
  it('add up each insurer’s premium and payout parts per plan, refunds negative', () => {
    const books = new InsurerBooks(new Database(':memory:'), 'all');
    books.apply(
      event('e1', 'p1', [
        { insurerId: 'a', account: 'premium', amountFen: 3334 },
        { insurerId: 'b', account: 'premium', amountFen: 6666 },
      ]),
    );
    books.apply(event('e2', 'p1', [{ insurerId: 'a', account: 'premium', amountFen: -1667 }]));
    books.apply(
      event('e3', 'p2', [
        { insurerId: 'a', account: 'payout_approved', amountFen: 4117 },
        { insurerId: 'a', account: 'payout_paid', amountFen: 4117 },
      ]),
    );
    books.apply(event('e4', 'p1', []));
    expect(Object.fromEntries(books.totals())).toEqual({
      a: { premiumFen: 1667, payoutApprovedFen: 4117, payoutPaidFen: 4117 },
      b: { premiumFen: 6666, payoutApprovedFen: 0, payoutPaidFen: 0 },
    });
    expect(books.balances().filter((b) => b.insurerId === 'a' && b.planId === 'p1')).toEqual([
      { planId: 'p1', insurerId: 'a', account: 'premium', amountFen: 1667, entries: 2 },
    ]);
  });

  it('an insurer books only its own parts', () => {
    const books = new InsurerBooks(new Database(':memory:'), new Set(['b']));
    expect(
      books.apply(
        event('e1', 'p1', [
          { insurerId: 'a', account: 'premium', amountFen: 3334 },
          { insurerId: 'b', account: 'premium', amountFen: 6666 },
        ]),
      ),
    ).toBe(1);
    expect([...books.totals().keys()]).toEqual(['b']);
  });

  it('refuses an amount that is not integer fen', () => {
    const books = new InsurerBooks(new Database(':memory:'), 'all');
    expect(() =>
      books.apply(event('e1', 'p1', [{ insurerId: 'a', account: 'premium', amountFen: 0.5 }])),
    ).toThrow(/integer fen/);
  });
});
