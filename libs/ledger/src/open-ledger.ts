import { INestApplicationContext, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { LedgerModule, LedgerModuleOptions } from './ledger.module';
import { PublishBundledPlansCommand } from './plans/publish-bundled-plans.command';

/**
 * The ledger without HTTP (CLI write commands, benchmarks): stores, handlers and views on the
 * configured store, with the bundled plans published. Never used by read-only audit tools, which
 * open the log file themselves (libs/audit).
 */
export async function openLedgerContext(
  options: LedgerModuleOptions & { logger?: LoggerService | LogLevel[] | false },
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(LedgerModule.register(options), {
    logger: options.logger ?? ['warn', 'error'],
  });
  try {
    // Refused (LedgerIntegrityError) when the log was found altered: nothing is written onto it.
    await app.get(CommandBus).execute(new PublishBundledPlansCommand());
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}
