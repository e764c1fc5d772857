import { redactConnectionString } from '@ledger/event-store';
import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { loadConfig, LoadDemoCampaignCommand } from '@ledger/ledger';
import { createLedgerApp } from './create-ledger-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createLedgerApp({ config });
  if (config.loadDemo) await app.get(CommandBus).execute(new LoadDemoCampaignCommand());
  await app.listen(config.port, config.host);
  const logger = new Logger('Ledger');
  logger.log(
    `ledger on http://${config.host}:${config.port} (store: ${config.store} ${config.store === 'kurrentdb' ? redactConnectionString(config.kurrentdbUrl ?? '') : config.sqlitePath}); OpenAPI at /docs`,
  );
  if (config.apiKeys.size === 0)
    logger.warn(
      'LEDGER_API_KEYS is not set: open mode (every caller is an operator, identities stay sealed)',
    );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
