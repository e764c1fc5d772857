import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { TownshipTable } from '@ledger/domain';
import { ImportTownshipTableCommand } from '@ledger/ledger';
import { cliContext } from '../cli-context';

/** ledger import-table <planId> <file.csv|file.json> [source]: prints the discrepancy report. */
export async function importTable(
  app: INestApplicationContext,
  [planId, file, source]: string[],
): Promise<number> {
  if (!planId || !file)
    throw new Error('usage: import-table <planId> <file.csv|file.json> [source]');
  const text = readFileSync(file, 'utf8');
  const content: string | TownshipTable = file.endsWith('.json')
    ? (JSON.parse(text) as TownshipTable)
    : text;
  const result = await app
    .get(CommandBus)
    .execute(
      new ImportTownshipTableCommand(
        planId,
        source ?? basename(file),
        content,
        undefined,
        cliContext('import-table'),
      ),
    );
  console.log(`${planId}: imported ${result.townships} townships from ${result.source}`);
  console.log(`totals (sums of the rows): ${JSON.stringify(result.totals)}`);
  if (result.discrepancies.length === 0) console.log('no discrepancies');
  for (const d of result.discrepancies as { kind: string; message: string }[])
    console.log(`DISCREPANCY ${d.kind}: ${d.message}`);
  return 0;
}
