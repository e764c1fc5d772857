import { RandomPool } from './random-pool';

describe('RandomPool: keys and IVs from a refilled CSPRNG buffer', () => {
  it('never hands out the same bytes twice, across refills', () => {
    const pool = new RandomPool(256);
    const seen = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const iv = pool.bytes(12).toString('hex');
      expect(seen.has(iv)).toBe(false);
      seen.add(iv);
    }
  });

  it('gives the caller its own copy: zeroing the pool or the next draw does not change it', () => {
    const pool = new RandomPool(64);
    const key = pool.bytes(32);
    const copy = Buffer.from(key);
    pool.bytes(32);
    pool.bytes(32); // refills the pool
    expect(key.equals(copy)).toBe(true);
  });

  it('refuses a draw it cannot serve, naming the sizes', () => {
    const pool = new RandomPool(64);
    expect(() => pool.bytes(65)).toThrow(/cannot draw 65 random bytes from a pool of 64/);
    expect(() => pool.bytes(0)).toThrow(RangeError);
  });

  it('draws bytes that look random (not zero-filled)', () => {
    const pool = new RandomPool(1024);
    const sample = Buffer.concat(Array.from({ length: 32 }, () => pool.bytes(32)));
    const distinct = new Set(sample).size;
    expect(distinct).toBeGreaterThan(200);
  });
});
