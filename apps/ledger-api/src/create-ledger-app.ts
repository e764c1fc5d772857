import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { AccessRoutes, assertOpenModeAllowed, mediaTypeGate, SESSION_COOKIE } from '@ledger/access';
import { PublishBundledPlansCommand } from '@ledger/ledger';
import { LedgerApiModule, LedgerApiOptions } from './app.module';
import { correlationIdMiddleware } from './http/correlation-id';
import { docsGate } from './http/docs-gate';
import { JSON_BODY_LIMIT, refuseDeepJson } from './http/json-body';
import { ledgerValidationPipe } from './http/validation.pipe';

/** Builds the HTTP app (used by main.ts and by the e2e tests) and publishes the bundled plans. */
export async function createLedgerApp(
  options: LedgerApiOptions & { logger?: false },
): Promise<INestApplication> {
  // Open mode is for a ledger only this machine can reach: refused here too, not only in main.
  assertOpenModeAllowed(options.access, options.config.host);
  const app = await NestFactory.create<NestExpressApplication>(LedgerApiModule.register(options), {
    logger: options.logger ?? ['log', 'warn', 'error'],
    // Body parsers are added below, after the media-type gate: a form or text body is refused
    // before anything parses it, and no urlencoded parser exists at all.
    bodyParser: false,
    // CORS stays closed: no Access-Control-Allow-* header is ever sent (docs/access.md).
    cors: false,
  });
  app.disable('x-powered-by');
  if (options.access.trustProxy) app.set('trust proxy', options.access.trustProxy);
  app.use(correlationIdMiddleware);
  app.use(mediaTypeGate(() => app.get(AccessRoutes).uploadTypes()));
  // Enrollment batches carry up to 1,000 enrollments (≈ 0.5 MB); Express's default is 100 kB.
  // The limit counts the inflated size, so a gzip bomb stops at it (413).
  app.useBodyParser('json', {
    limit: JSON_BODY_LIMIT,
    type: ['application/json', 'application/*+json'],
    verify: refuseDeepJson,
  });
  app.use(cookieParser());
  app.useGlobalPipes(ledgerValidationPipe());
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('Huiminbao enrollment ledger (惠民保参保台账)')
    .setDescription(
      'Commands append events; queries read them. Money is integer fen; times are ISO-8601 instants; dates are Asia/Shanghai. ' +
        'Every operation lists who may call it in x-ledger-access (docs/access.md).',
    )
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth(SESSION_COOKIE)
    .build();
  // The API description is for callers with a valid identity (a key, a token or a session).
  app.use(['/docs', '/docs-json', '/docs-yaml'], docsGate(app));
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  await app.init();
  await app.get(CommandBus).execute(new PublishBundledPlansCommand());
  return app;
}
