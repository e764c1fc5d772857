import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LedgerModuleOptions, PublishBundledPlansCommand } from '@ledger/ledger';
import { LedgerApiModule } from './app.module';
import { correlationIdMiddleware } from './http/correlation-id';
import { JSON_BODY_LIMIT, refuseDeepJson } from './http/json-body';
import { ledgerValidationPipe } from './http/validation.pipe';

/** Builds the HTTP app (used by main.ts and by the e2e tests) and publishes the bundled plans. */
export async function createLedgerApp(
  options: LedgerModuleOptions & { logger?: false },
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(LedgerApiModule.register(options), {
    logger: options.logger ?? ['log', 'warn', 'error'],
    // Only the parsers registered below: no form bodies, ever.
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.use(correlationIdMiddleware);
  // Enrollment batches carry up to 1,000 enrollments (≈ 0.5 MB); Express's default is 100 kB.
  // The limit counts the inflated size, so a gzip bomb stops at it (413).
  app.useBodyParser('json', {
    limit: JSON_BODY_LIMIT,
    type: ['application/json', 'application/*+json'],
    verify: refuseDeepJson,
  });
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
  await app.get(CommandBus).execute(new PublishBundledPlansCommand());
  return app;
}
