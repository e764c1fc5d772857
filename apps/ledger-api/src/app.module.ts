import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { LedgerModule, LedgerModuleOptions } from '@ledger/ledger';
import { ClaimsController } from './claims/claims.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { EnrollmentsController } from './enrollments/enrollments.controller';
import { HealthController } from './health/health.controller';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RolesGuard } from './http/roles.guard';
import { PlansController } from './plans/plans.controller';
import { TownshipTablesController } from './plans/township-tables.controller';
import { RostersController } from './rosters/rosters.controller';
import { AssessmentsController } from './scorecard/assessments.controller';
import { ViewsController } from './views/views.controller';
import { ClaimImportsController } from './imports/claim-imports.controller';
import { EnrollmentImportsController } from './imports/enrollment-imports.controller';
import { ImportJobsController } from './imports/import-jobs.controller';

/** HTTP on top of the ledger: one controller per feature, one guard, one error filter. */
@Module({})
export class LedgerApiModule {
  static register(options: LedgerModuleOptions): DynamicModule {
    return {
      module: LedgerApiModule,
      imports: [LedgerModule.register(options)],
      controllers: [
        PlansController,
        TownshipTablesController,
        EnrollmentsController,
        ClaimsController,
        RostersController,
        EnrollmentImportsController,
        ClaimImportsController,
        ImportJobsController,
        AssessmentsController,
        ViewsController,
        DashboardController,
        HealthController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
