import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { Logger } from 'pino';
import { DEFAULT_HTTP_SETTINGS, LedgerModule, LedgerModuleOptions } from '@ledger/ledger';
import { ClaimsController } from './claims/claims.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { EnrollmentsController } from './enrollments/enrollments.controller';
import { HealthController } from './health/health.controller';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RolesGuard } from './http/roles.guard';
import { writeThrottlerOptions } from './http/write-throttle';
import { LedgerMetrics } from './observability/ledger-metrics';
import { PlansController } from './plans/plans.controller';
import { TownshipTablesController } from './plans/township-tables.controller';
import { RostersController } from './rosters/rosters.controller';
import { AssessmentsController } from './scorecard/assessments.controller';
import { ViewsController } from './views/views.controller';

export interface LedgerApiOptions extends LedgerModuleOptions {
  /** The process's pino logger (createLedgerLogger); Nest's own lines go through it too. */
  log: Logger;
}

/**
 * HTTP on top of the ledger: one controller per feature, the access guard, then the write rate
 * limit (after it: it keys on the identity the access guard sets), one error filter, metrics.
 */
@Module({})
export class LedgerApiModule {
  static register(options: LedgerApiOptions): DynamicModule {
    const { log, ...ledger } = options;
    return {
      module: LedgerApiModule,
      imports: [
        LedgerModule.register(ledger),
        // The access log middleware is installed by createLedgerApp, before the body parser, so
        // refused bodies are logged too; this module binds its logger again after parsing.
        LoggerModule.forRoot({ pinoHttp: { logger: log }, useExisting: true }),
        ThrottlerModule.forRoot(
          writeThrottlerOptions(options.config.http ?? DEFAULT_HTTP_SETTINGS),
        ),
      ],
      controllers: [
        PlansController,
        TownshipTablesController,
        EnrollmentsController,
        ClaimsController,
        RostersController,
        AssessmentsController,
        ViewsController,
        DashboardController,
        HealthController,
      ],
      providers: [
        LedgerMetrics,
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
