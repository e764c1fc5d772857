import { parseArgs } from 'node:util';

/**
 * Command-line arguments of the benchmark scripts: positional numbers (underscores allowed, e.g.
 * 10_000_000) and --name value / --flag options.
 */
export function benchArgs(
  options: Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>,
) {
  const { values, positionals } = parseArgs({ options, allowPositionals: true, strict: true });
  const positional = (index: number, fallback: number): number => {
    const raw = positionals[index];
    if (raw === undefined) return fallback;
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isFinite(n) || n <= 0)
      throw new Error(`argument ${index + 1}: not a number: ${raw}`);
    return n;
  };
  const str = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  const num = (name: string, fallback: number): number => {
    const v = str(name);
    return v === undefined ? fallback : Number(v.replace(/_/g, ''));
  };
  const flag = (name: string): boolean => values[name] === true;
  return { positional, str, num, flag };
}
