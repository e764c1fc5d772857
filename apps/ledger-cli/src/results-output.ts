import { writeFile } from 'node:fs/promises';
import { ResultLine, resultsCsv, resultsXlsx } from '@ledger/ledger';
import { UsageError } from './cli-command';

/** --results FILE: checked before the ledger opens (a .csv or .xlsx name). */
export function checkResultsPath(path: unknown): void {
  if (path !== undefined && !/\.(csv|xlsx)$/i.test(String(path))) {
    throw new UsageError(`--results names a .csv or .xlsx file, not "${String(path)}"`);
  }
}

/** Writes the results file (every line, its outcome and message in Chinese and English). */
export async function writeResults(path: string, lines: readonly ResultLine[]): Promise<void> {
  const sorted = [...lines].sort((a, b) => a.line - b.line);
  await writeFile(path, /\.xlsx$/i.test(path) ? await resultsXlsx(sorted) : resultsCsv(sorted));
}
