import { splitByLargestRemainder } from './largest-remainder';

const shares = [
  { insurerId: 'lead', shareBp: 3334 },
  { insurerId: 'b', shareBp: 3333 },
  { insurerId: 'c', shareBp: 3333 },
];

describe('Coinsurance: largest-remainder split in fen (DOMAIN.md, Coinsurance)', () => {
  it('Coinsurance: floors each share, then hands leftover fen to the largest remainders', () => {
    // 10000 fen: 3334, 3333, 3333 exactly.
    expect([...splitByLargestRemainder(10000, shares).values()]).toEqual([3334, 3333, 3333]);
    // 100 fen: exact parts 33.34, 33.33, 33.33 → floors 33,33,33 (99); 1 fen to the largest remainder (.34 → lead).
    expect([...splitByLargestRemainder(100, shares).values()]).toEqual([34, 33, 33]);
  });

  it('Coinsurance: ties go to the coalition order, lead first', () => {
    const equal = [
      { insurerId: 'lead', shareBp: 2500 },
      { insurerId: 'b', shareBp: 2500 },
      { insurerId: 'c', shareBp: 2500 },
      { insurerId: 'd', shareBp: 2500 },
    ];
    // 7 fen: floors 1,1,1,1 (4), remainders all .75 → 3 leftover fen to lead, b, c.
    expect([...splitByLargestRemainder(7, equal).values()]).toEqual([2, 2, 2, 1]);
  });

  it('Coinsurance: the parts always add up to the whole (also for refunds, negative amounts)', () => {
    for (let amount = -500; amount <= 20000; amount += 37) {
      const parts = [...splitByLargestRemainder(amount, shares).values()];
      expect(parts.reduce((s, p) => s + p, 0)).toBe(amount);
    }
  });

  it('Coinsurance: shares must sum to 10,000 basis points', () => {
    expect(() => splitByLargestRemainder(100, shares.slice(0, 2))).toThrow('sum to 10,000');
  });
});
