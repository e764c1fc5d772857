import { coalitionInEffect, splitPayout } from './payout-split';
import { COALITION, GANZHOU, withCoalition } from './testing/claim-fixtures';
import { at } from '../testing/fixtures';

describe('Coinsurance: payouts split among the coalition (DOMAIN.md Coinsurance)', () => {
  it('Coinsurance: per-insurer payout parts add up to each payout to the fen (every amount 0..20,000 fen and some large ones)', () => {
    const amounts = [
      ...Array.from({ length: 20_001 }, (_, i) => i),
      99_999_999,
      300_000_000,
      123_456_789_01,
    ];
    const wrong: string[] = [];
    for (const amount of amounts) {
      const parts = splitPayout(amount, COALITION);
      const sum = parts.reduce((s, p) => s + p.amountFen, 0);
      if (sum !== amount) wrong.push(`${amount}: parts add up to ${sum}`);
      // Each part is its exact share rounded down or up by less than one fen.
      for (const p of parts) {
        if (Math.abs(p.amountFen * 10_000 - amount * p.shareBp) >= 10_000)
          wrong.push(`${amount}: ${p.insurerId} gets ${p.amountFen}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('Coinsurance: ties go to the coalition order, lead first (1 fen over three equal-remainder shares)', () => {
    const thirds = {
      leadInsurerId: 'b',
      members: [
        { insurerId: 'b', name: { zh: '乙', en: 'B' }, shareBp: 3334 },
        { insurerId: 'a', name: { zh: '甲', en: 'A' }, shareBp: 3333 },
        { insurerId: 'c', name: { zh: '丙', en: 'C' }, shareBp: 3333 },
      ],
    };
    // 2 fen: exact 0.6668 / 0.6666 / 0.6666 → floors 0, leftover 2 → b (largest), then a (tie, earlier).
    expect(splitPayout(2, thirds).map((p) => [p.insurerId, p.amountFen])).toEqual([
      ['b', 1],
      ['a', 1],
      ['c', 0],
    ]);
  });

  it('Coinsurance: the coalition in effect is the last one set at or before the instant', () => {
    const second = { ...COALITION, members: COALITION.members.map((m) => ({ ...m })) };
    const state = withCoalition(
      withCoalition(GANZHOU, COALITION),
      second,
      '2024-07-01T00:00:00.000Z',
    );
    expect(coalitionInEffect(GANZHOU.coalitionHistory, at('2024-06-01T00:00:00Z'))).toBeUndefined();
    expect(coalitionInEffect(state.coalitionHistory, at('2023-12-31T23:59:59Z'))).toBeUndefined();
    expect(coalitionInEffect(state.coalitionHistory, at('2024-01-01T00:00:00Z'))?.coalition).toBe(
      COALITION,
    );
    expect(coalitionInEffect(state.coalitionHistory, at('2024-06-30T23:59:59Z'))?.coalition).toBe(
      COALITION,
    );
    expect(coalitionInEffect(state.coalitionHistory, at('2024-07-01T00:00:00Z'))?.coalition).toBe(
      second,
    );
  });
});
