import { redactConnectionString } from '@ledger/event-store';
import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { dirname } from 'node:path';
import { describeScope, loadAccessConfig } from '@ledger/access';
import { loadConfig, LoadDemoCampaignCommand } from '@ledger/ledger';
import { createLedgerApp } from './create-ledger-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const access = loadAccessConfig(process.env, {
    host: config.host,
    dataDir: dirname(config.keysPath),
  });
  // The keys are hashed now: drop their clear text from the environment, so that it is neither
  // kept for the life of the process nor inherited by anything it starts.
  delete process.env.LEDGER_API_KEYS;
  const app = await createLedgerApp({ config, access });
  if (config.loadDemo) await app.get(CommandBus).execute(new LoadDemoCampaignCommand());
  await app.listen(config.port, config.host);
  const logger = new Logger('Ledger');
  logger.log(
    `ledger on http://${config.host}:${config.port} (store: ${config.store} ${config.store === 'kurrentdb' ? redactConnectionString(config.kurrentdbUrl ?? '') : config.sqlitePath}); OpenAPI at /docs`,
  );
  if (access.openMode)
    logger.warn(
      'LEDGER_OPEN_MODE=1: no authentication, every caller on this machine is a ledger-wide operator (identities stay sealed); for local use only',
    );
  else
    logger.log(
      `access: ${access.keys.length} key(s) from LEDGER_API_KEYS${access.accessFile ? `, access file ${access.accessFile.path} (watched)` : ''}${access.jwt ? ', JWTs' : ''}; ${access.keys.map((k) => `${k.identity.id} ${k.identity.role} ${describeScope(k.identity.scope)}`).join(', ')}`,
    );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
