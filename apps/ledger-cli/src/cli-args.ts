import { existsSync, readFileSync } from 'node:fs';

/** A mistake in the command line: the CLI prints it with the usage and exits 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/**
 * `--name value` options and `--flag`s of one command; anything else is a positional argument.
 * Unknown options are refused by name, so a typo never silently changes what is checked.
 */
export function parseArgs(
  args: readonly string[],
  spec: { values?: readonly string[]; flags?: readonly string[] },
): { values: Map<string, string>; flags: Set<string>; positional: string[] } {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    if (spec.flags?.includes(a)) flags.add(a);
    else if (spec.values?.includes(a)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('--'))
        throw new CliUsageError(`${a} needs a value`);
      values.set(a, value);
    } else {
      const known = [...(spec.values ?? []), ...(spec.flags ?? [])];
      throw new CliUsageError(
        `unknown option ${a}${known.length ? ` (known: ${known.join(', ')})` : ''}`,
      );
    }
  }
  return { values, flags, positional };
}

/** A key given on the command line: a file holding it, or the key itself (PEM or base64). */
export function keyArgument(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return existsSync(value) ? readFileSync(value, 'utf8') : value;
}
