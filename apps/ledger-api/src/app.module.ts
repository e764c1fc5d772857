import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStore } from '@ledger/event-store';
import { PersonKeyStore, PersonRefHasher, SqlitePersonKeyStore } from '@ledger/privacy';
import { AmendPlanHandler } from './commands/amend-plan.command';
import { EnrollBatchHandler } from './commands/enroll-batch.command';
import { EnrollPersonHandler } from './commands/enroll-person.command';
import { EnrollmentFileImport } from './enrollment-batches/enrollment-file-import';
import { ErasePersonHandler } from './commands/erase-person.command';
import { ChangePolicyHandler } from './commands/policy-change.command';
import { PublishBundledPlansHandler } from './commands/publish-bundled-plans.command';
import { LedgerConfig } from './config/ledger-config';
import { openEventStore } from './config/open-event-store';
import { LoadDemoCampaignHandler } from './demo/demo-campaign.command';
import { EnrollmentsController } from './http/enrollments.controller';
import { HealthController } from './http/health.controller';
import { LedgerExceptionFilter } from './http/ledger-exception.filter';
import { PlansController } from './http/plans.controller';
import { RolesGuard } from './http/roles.guard';
import { Clock, SystemClock } from './ledger/clock';
import { LedgerStreams } from './ledger/ledger-streams';
import { PlanRepository } from './ledger/plan-repository';
import { EVENT_STORE, LEDGER_CONFIG, PERSON_KEY_STORE } from './ledger/tokens';
import { PersonIdentities } from './privacy/person-identities';
import { PlanViews } from './queries/plan-views';
import { LedgerViews } from './views/ledger-views.service';
import { ViewReports } from './views/view-reports';
import { ViewsController } from './views/views.controller';
import { ImportTownshipTableHandler } from './commands/import-township-table.command';
import { RecordAssessmentHandler } from './commands/record-assessment.command';
import { ImportSubsidyRosterHandler } from './commands/import-subsidy-roster.command';
import { EmbeddedKafkaGateway } from './kafka/embedded-kafka-gateway';
import { PolicyViews } from './queries/policy-views';
import { CLAIM_CONTROLLERS, CLAIM_PROVIDERS } from './claims';

export interface LedgerModuleOptions {
  config: LedgerConfig;
  clock?: Clock;
  /** Tests may hand in a store (e.g. another adapter); by default the config chooses. */
  eventStore?: EventStore;
}

/** Closes the stores on shutdown so every acknowledged write is on disk. */
class StoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSON_KEY_STORE) private readonly keys: PersonKeyStore,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.keys.close();
  }
}

@Module({})
export class LedgerApiModule {
  static register(options: LedgerModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: LedgerApiModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        PlansController,
        EnrollmentsController,
        HealthController,
        ViewsController,
        ...CLAIM_CONTROLLERS,
      ],
      providers: [
        ...CLAIM_PROVIDERS,
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        {
          provide: EVENT_STORE,
          // LEDGER_STORE chooses; a KurrentDB that does not answer fails the start-up here.
          useFactory: () => options.eventStore ?? openEventStore(config),
        },
        {
          provide: PERSON_KEY_STORE,
          useFactory: () => new SqlitePersonKeyStore(config.keysPath, config.masterKey),
        },
        { provide: PersonRefHasher, useFactory: () => new PersonRefHasher(config.personRefKey) },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: LedgerExceptionFilter },
        StoreLifecycle,
        LedgerStreams,
        PlanRepository,
        PersonIdentities,
        PlanViews,
        PolicyViews,
        EnrollPersonHandler,
        EnrollBatchHandler,
        EnrollmentFileImport,
        ChangePolicyHandler,
        AmendPlanHandler,
        PublishBundledPlansHandler,
        ErasePersonHandler,
        LoadDemoCampaignHandler,
        LedgerViews,
        ViewReports,
        ImportTownshipTableHandler,
        RecordAssessmentHandler,
        ImportSubsidyRosterHandler,
        EmbeddedKafkaGateway,
      ],
      exports: [
        EVENT_STORE,
        LedgerStreams,
        PlanRepository,
        PersonIdentities,
        Clock,
        LedgerViews,
        ViewReports,
      ],
    };
  }
}
