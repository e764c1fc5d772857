import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { Logger } from 'pino';
import { AccessConfig, AccessModule } from '@ledger/access';
import { DEFAULT_HTTP_SETTINGS, LedgerModule, LedgerModuleOptions } from '@ledger/ledger';
import { AccessLogController } from './access/access-log.controller';
import { SessionController } from './access/session.controller';
import { AuditController } from './audit/audit.controller';
import { ClaimsController } from './claims/claims.controller';
import { DashboardAssets } from './dashboard/dashboard-assets';
import { DashboardController } from './dashboard/dashboard.controller';
import { EnrollmentsController } from './enrollments/enrollments.controller';
import { GroupPurchasesController } from './group-purchases/group-purchases.controller';
import { HealthController } from './health/health.controller';
import { EventStoreHealthIndicator } from './health/event-store.health';
import { IntegrityHealthIndicator } from './health/integrity.health';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { WriteThrottleModule } from './http/write-throttle';
import { LedgerMetrics } from './observability/ledger-metrics';
import { PlansController } from './plans/plans.controller';
import { ProductsController } from './products/products.controller';
import { TownshipTablesController } from './plans/township-tables.controller';
import { RostersController } from './rosters/rosters.controller';
import { AssessmentsController } from './scorecard/assessments.controller';
import { ViewsController } from './views/views.controller';
import { ClaimImportsController } from './imports/claim-imports.controller';
import { EnrollmentImportsController } from './imports/enrollment-imports.controller';
import { ImportJobsController } from './imports/import-jobs.controller';

export interface LedgerApiOptions extends LedgerModuleOptions {
  /** Who may call what (libs/access): credentials, open mode, sessions. */
  access: AccessConfig;
  /** The process's pino logger (createLedgerLogger); Nest's own lines go through it too. */
  log: Logger;
}

/**
 * HTTP on top of the ledger: one controller per feature, one guard (AccessModule: every route
 * declares its @Access rule), then the write rate limit (after it: it keys on the identity the
 * access guard sets), one error filter, metrics.
 */
@Module({})
export class LedgerApiModule {
  static register(options: LedgerApiOptions): DynamicModule {
    const { log, access, ...ledger } = options;
    return {
      module: LedgerApiModule,
      imports: [
        LedgerModule.register(ledger),
        AccessModule.register(access),
        TerminusModule.forRoot({ logger: false }),
        // The access log middleware is installed by createLedgerApp, before the body parser, so
        // refused bodies are logged too; this module binds its logger again after parsing.
        LoggerModule.forRoot({ pinoHttp: { logger: log }, useExisting: true }),
        // After AccessModule: its guard first, then the write rate limit (keyed on the identity).
        WriteThrottleModule.register(options.config.http ?? DEFAULT_HTTP_SETTINGS),
      ],
      controllers: [
        PlansController,
        ProductsController,
        TownshipTablesController,
        EnrollmentsController,
        ClaimsController,
        RostersController,
        GroupPurchasesController,
        EnrollmentImportsController,
        ClaimImportsController,
        ImportJobsController,
        AssessmentsController,
        ViewsController,
        DashboardController,
        HealthController,
        SessionController,
        AccessLogController,
        AuditController,
      ],
      providers: [
        EventStoreHealthIndicator,
        IntegrityHealthIndicator,
        DashboardAssets,
        LedgerMetrics,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
