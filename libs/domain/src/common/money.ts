import { invalid } from './domain-error';

/** Integer fen (1 yuan = 100 fen). No floating point anywhere in amounts. */
export type Fen = number;

export const FEN_PER_YUAN = 100;

export function yuan(amount: number): Fen {
  const fen = amount * FEN_PER_YUAN;
  if (!Number.isSafeInteger(fen))
    throw new RangeError(`yuan(${amount}) is not a whole number of fen`);
  return fen;
}

export function assertFen(value: unknown, field: string, opts: { min?: number } = {}): Fen {
  const min = opts.min ?? 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalid(
      field,
      'money.integerFen',
      `${field} must be an integer number of fen (1 yuan = 100 fen)`,
    );
  }
  if (value < min) throw invalid(field, 'money.minimum', `${field} must be at least ${min} fen`);
  return value;
}

/** "100.00" style rendering for reports; never used for arithmetic. */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
