import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { LedgerApiModule } from '../../ledger-api/src/app.module';
import { PublishBundledPlansCommand } from '../../ledger-api/src/commands/publish-bundled-plans.command';
import { loadConfig } from '../../ledger-api/src/config/ledger-config';

/** The ledger without HTTP, on the configured store; views are driven by the CLI itself. */
export async function openLedger(): Promise<INestApplicationContext> {
  const config = { ...loadConfig(), projections: 'external' as const };
  const app = await NestFactory.createApplicationContext(LedgerApiModule.register({ config }), {
    logger: ['warn', 'error'],
  });
  await app.get(CommandBus).execute(new PublishBundledPlansCommand());
  return app;
}

export const cliContext = (name: string) => ({
  commandId: `cli:${name}:${Date.now()}`,
  correlationId: `cli:${name}`,
  actor: 'cli',
});
