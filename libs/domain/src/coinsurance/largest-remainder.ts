import { Fen } from '../common/money';

export interface Share {
  insurerId: string;
  shareBp: number;
}

/**
 * Splits an amount among shares (basis points summing to 10,000) with the largest-remainder
 * method in fen: floor each part, then hand the leftover fen one by one to the largest
 * remainders, ties to the order given (lead insurer first). The parts always add up to the whole.
 */
export function splitByLargestRemainder(amount: Fen, shares: readonly Share[]): Map<string, Fen> {
  if (!Number.isSafeInteger(amount)) throw new RangeError('amount must be integer fen');
  const totalBp = shares.reduce((s, x) => s + x.shareBp, 0);
  if (totalBp !== 10_000) throw new RangeError(`shares must sum to 10,000 bp, got ${totalBp}`);
  const sign = amount < 0 ? -1 : 1;
  const abs = Math.abs(amount);
  const parts = shares.map((s, index) => {
    const exact = abs * s.shareBp; // in 1/10,000 fen, exact integer
    return {
      insurerId: s.insurerId,
      index,
      fen: Math.floor(exact / 10_000),
      remainder: exact % 10_000,
    };
  });
  let leftover = abs - parts.reduce((s, p) => s + p.fen, 0);
  const byRemainder = [...parts].sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let i = 0; leftover > 0; i++, leftover--) byRemainder[i % byRemainder.length].fen += 1;
  const result = new Map<string, Fen>();
  for (const p of parts) result.set(p.insurerId, sign * p.fen + 0);
  return result;
}
