import { INestApplicationContext } from '@nestjs/common';
import { loadConfig, openLedgerContext } from '@ledger/ledger';

/** The ledger without HTTP, on the configured store; views are driven by the CLI itself. */
export function openLedger(): Promise<INestApplicationContext> {
  return openLedgerContext({ config: { ...loadConfig(), projections: 'external' } });
}

export const cliContext = (name: string) => ({
  commandId: `cli:${name}:${Date.now()}`,
  correlationId: `cli:${name}`,
  actor: 'cli',
});
