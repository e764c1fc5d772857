import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStore, SqliteEventStore } from '@ledger/event-store';
import { PersonKeyStore, PersonRefHasher, SqlitePersonKeyStore } from '@ledger/privacy';
import { RecordAssessmentHandler } from './assessments/record-assessment.command';
import { RecordBasicInsuranceHandler } from './claims/basic-insurance.command';
import { ClaimCsvImport } from './claims/claim-csv-import';
import { ImportJobs } from './imports/import-jobs';
import { ClaimViews } from './claims/claim-views';
import { RecordPayoutHandler } from './claims/payout.command';
import { SubmitClaimHandler } from './claims/submit-claim.command';
import { LedgerConfig } from './config/ledger-config';
import { openEventStore } from './config/open-event-store';
import { Clock, SystemClock } from './core/clock';
import { LedgerStreams } from './core/ledger-streams';
import { PlanRepository } from './core/plan-repository';
import { ProductRepository } from './core/product-repository';
import {
  AmendCoalitionSharesHandler,
  SelectCoalitionTermHandler,
} from './products/coalition-term.command';
import { DerivePlanHandler } from './products/derive-plan.command';
import { StateOperatingCostHandler } from './products/operating-cost.command';
import { ProductViews } from './products/product-views';
import {
  GiveRenewalConsentHandler,
  WithdrawRenewalConsentHandler,
} from './products/renewal-consent.command';
import { RenewalRuns } from './products/renewal-runs';
import { EVENT_STORE, LEDGER_CONFIG, PERSON_KEY_STORE } from './core/tokens';
import { LoadDemoCampaignHandler } from './demo/demo-campaign.command';
import { EventStoreIdempotencyRecords } from './idempotency/event-store-idempotency-records';
import { IDEMPOTENCY_RECORDS, IdempotencyRecords } from './idempotency/idempotency-records';
import { SqliteIdempotencyRecords } from './idempotency/sqlite-idempotency-records';
import { HuidebaoDemo } from './demo/huidebao/huidebao-demo';
import { EnrollBatchHandler } from './enrollments/enroll-batch.command';
import { EnrollPersonHandler } from './enrollments/enroll-person.command';
import { EnrollmentFileImport } from './enrollments/import/enrollment-file-import';
import { ChangePolicyHandler } from './enrollments/policy-change.command';
import { PolicyViews } from './enrollments/policy-views';
import { EmbeddedKafkaGateway } from './kafka/embedded-kafka-gateway';
import { LedgerIntegrity } from './integrity/ledger-integrity.service';
import { ErasePersonHandler } from './persons/erase-person.command';
import { AmendPlanHandler } from './plans/amend-plan.command';
import {
  ImportTownshipTableHandler,
  TownshipTableImports,
} from './plans/import-township-table.command';
import { PlanViews } from './plans/plan-views';
import { PublishBundledPlansHandler } from './plans/publish-bundled-plans.command';
import { PersonIdentities } from './privacy/person-identities';
import {
  GroupPurchases,
  RecordGroupRemittanceHandler,
  SubmitGroupPurchaseHandler,
} from './group-purchase/group-purchase.command';
import { ImportSubsidyRosterHandler } from './rosters/import-subsidy-roster.command';
import { LedgerViews } from './views/ledger-views.service';
import { ViewReports } from './views/view-reports';

export interface LedgerModuleOptions {
  config: LedgerConfig;
  clock?: Clock;
  /** Tests may hand in a store (e.g. another adapter); by default the config chooses. */
  eventStore?: EventStore;
}

/** Answers to idempotent requests are kept this long; a retry is expected within hours. */
const IDEMPOTENCY_RETENTION_MS = 30 * 24 * 3600 * 1000;

async function idempotencyRecords(store: EventStore, clock: Clock): Promise<IdempotencyRecords> {
  const records =
    store instanceof SqliteEventStore
      ? new SqliteIdempotencyRecords(store.db, () => store.durable())
      : new EventStoreIdempotencyRecords(store);
  await records.forgetBefore(new Date(clock.now() - IDEMPOTENCY_RETENTION_MS).toISOString());
  return records;
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

const HANDLERS = [
  EnrollPersonHandler,
  EnrollBatchHandler,
  ChangePolicyHandler,
  AmendPlanHandler,
  PublishBundledPlansHandler,
  ImportTownshipTableHandler,
  ErasePersonHandler,
  LoadDemoCampaignHandler,
  RecordAssessmentHandler,
  ImportSubsidyRosterHandler,
  SubmitClaimHandler,
  RecordPayoutHandler,
  RecordBasicInsuranceHandler,
  SubmitGroupPurchaseHandler,
  RecordGroupRemittanceHandler,
  DerivePlanHandler,
  SelectCoalitionTermHandler,
  AmendCoalitionSharesHandler,
  StateOperatingCostHandler,
  GiveRenewalConsentHandler,
  WithdrawRenewalConsentHandler,
];

const SERVICES = [
  LedgerIntegrity,
  LedgerStreams,
  PlanRepository,
  ProductRepository,
  ProductViews,
  RenewalRuns,
  HuidebaoDemo,
  PersonIdentities,
  PlanViews,
  PolicyViews,
  ClaimViews,
  LedgerViews,
  ViewReports,
  EnrollmentFileImport,
  ClaimCsvImport,
  TownshipTableImports,
  GroupPurchases,
  ImportJobs,
];

/**
 * The ledger without a transport: stores, command handlers, views. The API adds HTTP to it; the
 * CLI and the benches open it as an application context.
 */
@Module({})
export class LedgerModule {
  static register(options: LedgerModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: LedgerModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
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
        {
          provide: IDEMPOTENCY_RECORDS,
          inject: [EVENT_STORE, Clock],
          useFactory: idempotencyRecords,
        },
        StoreLifecycle,
        EmbeddedKafkaGateway,
        ...HANDLERS,
        ...SERVICES,
      ],
      exports: [
        CqrsModule,
        LEDGER_CONFIG,
        Clock,
        EVENT_STORE,
        PERSON_KEY_STORE,
        PersonRefHasher,
        IDEMPOTENCY_RECORDS,
        EmbeddedKafkaGateway,
        ...SERVICES,
      ],
    };
  }
}
