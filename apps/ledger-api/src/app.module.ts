import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LedgerModule, LedgerModuleOptions } from '@ledger/ledger';
import { AuditController } from './audit/audit.controller';
import { ClaimsController } from './claims/claims.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { EnrollmentsController } from './enrollments/enrollments.controller';
import { HealthController } from './health/health.controller';
import { LedgerExceptionFilter } from './http/ledger-exception.filter';
import { RolesGuard } from './http/roles.guard';
import { PlansController } from './plans/plans.controller';
import { TownshipTablesController } from './plans/township-tables.controller';
import { RostersController } from './rosters/rosters.controller';
import { AssessmentsController } from './scorecard/assessments.controller';
import { ViewsController } from './views/views.controller';

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
        AssessmentsController,
        ViewsController,
        DashboardController,
        HealthController,
        AuditController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: LedgerExceptionFilter },
      ],
    };
  }
}
