import 'reflect-metadata';
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LedgerIntegrityError } from '@ledger/audit';
import { LedgerModuleOptions, PublishBundledPlansCommand } from '@ledger/ledger';
import { LedgerApiModule } from './app.module';
import { ledgerValidationPipe } from './http/validation.pipe';

/** Builds the HTTP app (used by main.ts and by the e2e tests) and publishes the bundled plans. */
export async function createLedgerApp(
  options: LedgerModuleOptions & { logger?: false },
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(LedgerApiModule.register(options), {
    logger: options.logger ?? ['log', 'warn', 'error'],
  });
  // Enrollment batches carry up to 1,000 enrollments (≈ 0.5 MB); Express's default is 100 kB.
  app.useBodyParser('json', { limit: '2mb' });
  app.useGlobalPipes(ledgerValidationPipe());
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('Huiminbao enrollment ledger (惠民保参保台账)')
    .setDescription(
      'Commands append events; queries read them. Money is integer fen; times are ISO-8601 instants; dates are Asia/Shanghai.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  await app.init();
  try {
    await app.get(CommandBus).execute(new PublishBundledPlansCommand());
  } catch (error) {
    // A log found altered: serve not-ready (health, audit routes) rather than not at all, and
    // publish nothing onto it.
    if (!(error instanceof LedgerIntegrityError)) throw error;
    new Logger('Ledger').error(`bundled plans not published: ${error.message}`);
  }
  return app;
}
