import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { parseSubsidyRosterCsv } from '@ledger/plans';
import { ImportSubsidyRosterCommand, RosterLineReport } from '@ledger/ledger';

/** ledger import-roster <planId> <rosterId> <file.csv>: apply a full-subsidy roster, a line each. */
export async function importRoster(
  app: INestApplicationContext,
  [planId, rosterId, file]: string[],
): Promise<number> {
  if (!planId || !rosterId || !file)
    throw new Error('usage: import-roster <planId> <rosterId> <file.csv>');
  const lines = parseSubsidyRosterCsv(readFileSync(file, 'utf8'));
  const ctx = {
    commandId: `roster:${planId}:${rosterId}`,
    correlationId: `cli:import-roster`,
    actor: 'cli',
  };
  const result = await app
    .get(CommandBus)
    .execute(new ImportSubsidyRosterCommand(planId, rosterId, basename(file), lines, ctx));
  for (const l of result.lines as RosterLineReport[])
    console.log(
      `line ${l.line} ${l.personRef ?? ''} ${l.outcome}${l.rule ? ` ${l.rule}: ${l.message}` : ''}`,
    );
  console.log(`roster ${rosterId}: ${JSON.stringify(result.summary)}`);
  return 0;
}
