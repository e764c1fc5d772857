import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Express } from 'express';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import { DestinationStream } from 'pino';
import { AccessRoutes, assertOpenModeAllowed, mediaTypeGate } from '@ledger/access';
import { DEFAULT_HTTP_SETTINGS, PublishBundledPlansCommand } from '@ledger/ledger';
import { LedgerApiModule, LedgerApiOptions } from './app.module';
import { correlationIdMiddleware } from './http/correlation-id';
import { JSON_BODY_LIMIT, refuseDeepJson } from './http/json-body';
import { securityHeaders } from './http/security-headers';
import { LedgerIntegrityError } from '@ledger/audit';
import { ledgerValidationPipe } from './http/validation.pipe';
import { setUpOpenApi } from './openapi/openapi-document';
import { accessLog } from './observability/access-log';
import { httpMetricsMiddleware, metricsEndpoint } from './observability/http-metrics';
import { createLedgerLogger } from './observability/ledger-logger';
import { LedgerMetrics } from './observability/ledger-metrics';
import { RouteTemplates } from './observability/route-template';

export interface CreateLedgerAppOptions extends Omit<LedgerApiOptions, 'log'> {
  /** false: no log output at all (most tests). */
  logger?: false;
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

/** Builds the HTTP app (used by main.ts and by the e2e tests) and publishes the bundled plans. */
export async function createLedgerApp(options: CreateLedgerAppOptions): Promise<INestApplication> {
  const { logger, logDestination, ...ledger } = options;
  // Open mode is for a ledger only this machine can reach: refused here too, not only in main.
  assertOpenModeAllowed(options.access, options.config.host);
  const settings = options.config.http ?? DEFAULT_HTTP_SETTINGS;
  const log = createLedgerLogger(
    logger === false ? { ...settings, logLevel: 'silent' } : settings,
    logDestination,
  );
  const app = await NestFactory.create<NestExpressApplication>(
    LedgerApiModule.register({ ...ledger, log }),
    {
      // Lines written while the app is built wait for the pino logger below.
      bufferLogs: true,
      // Body parsers are added below, after the media-type gate: a form or text body is refused
      // before anything parses it, and no urlencoded parser exists at all.
      bodyParser: false,
      // CORS stays closed: no Access-Control-Allow-* header is ever sent (docs/access.md).
      cors: false,
    },
  );
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  if (options.access.trustProxy) app.set('trust proxy', options.access.trustProxy);
  const metrics = app.get(LedgerMetrics);
  const routes = new RouteTemplates(() => (app.getHttpAdapter().getInstance() as Express).router);
  // In this order: timing and security headers cover every answer, refusals of the correlation
  // id and of the body included; the access log and the correlation id come before anything
  // that can refuse.
  app.use(httpMetricsMiddleware(metrics, routes));
  app.use(securityHeaders());
  app.use(accessLog(log, routes));
  app.use(correlationIdMiddleware);
  app.use('/metrics', metricsEndpoint(metrics, settings.metrics));
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
  setUpOpenApi(app);
  await app.init();
  try {
    await app.get(CommandBus).execute(new PublishBundledPlansCommand());
  } catch (error) {
    // A log found altered: serve not-ready (health, audit routes) rather than not at all, and
    // publish nothing onto it.
    if (!(error instanceof LedgerIntegrityError)) throw error;
    log.error(`bundled plans not published: ${error.message}`);
  }
  return app;
}
