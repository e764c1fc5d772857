import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EventStore } from '@ledger/event-store';
import {
  AppendObservation,
  EmbeddedKafkaGateway,
  ErrorItem,
  EVENT_STORE,
  LedgerStreams,
  LedgerViews,
} from '@ledger/ledger';

/**
 * The API's Prometheus metrics (docs/observability.md lists them). One registry per app, so
 * several apps in one process (the tests) keep their own counts. Labels are closed sets only:
 * route templates, rule codes, event types, view names, never an id or a raw URL, so /metrics
 * cannot tell anything about a person.
 */
@Injectable()
export class LedgerMetrics {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status code, and how long they took',
    labelNames: ['method', 'route', 'status_code'],
    // From a cached progress read (well under a millisecond) to a 1,000-enrollment batch.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly appends = new Counter({
    name: 'ledger_event_store_appends_total',
    help: 'Appends to the event store by outcome (appended, conflict: wrong expected revision, failed)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  private readonly appendDuration = new Histogram({
    name: 'ledger_event_store_append_duration_seconds',
    help: 'How long one append to the event store took (hash chain excluded, fsync included)',
    labelNames: ['outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  private readonly eventsAppended = new Counter({
    name: 'ledger_events_appended_total',
    help: 'Events this process appended, by event type',
    labelNames: ['type'],
    registers: [this.registry],
  });

  private readonly refusals = new Counter({
    name: 'ledger_refusals_total',
    help: 'Refusals by rule code and HTTP status (one per error item; batch lines included)',
    labelNames: ['rule', 'status'],
    registers: [this.registry],
  });

  private readonly replays = new Counter({
    name: 'ledger_idempotent_replays_total',
    help: 'Write requests answered from an earlier answer with the same Idempotency-Key',
    labelNames: ['route'],
    registers: [this.registry],
  });

  constructor(
    streams: LedgerStreams,
    private readonly views: LedgerViews,
    private readonly gateway: EmbeddedKafkaGateway,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    collectDefaultMetrics({ register: this.registry });
    streams.observeAppends((append) => this.appended(append));
    this.viewGauges();
  }

  /** One HTTP answer (the HTTP metrics middleware calls it when the answer is finished). */
  answered(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(status) }, seconds);
  }

  refused(status: number, errors: readonly Pick<ErrorItem, 'rule'>[]): void {
    for (const e of errors) this.refusals.inc({ rule: e.rule, status: String(status) });
  }

  idempotentReplay(route: string): void {
    this.replays.inc({ route });
  }

  private appended(append: AppendObservation): void {
    this.appends.inc({ outcome: append.outcome });
    this.appendDuration.observe({ outcome: append.outcome }, append.seconds);
    if (append.outcome !== 'appended') return;
    for (const type of append.eventTypes) this.eventsAppended.inc({ type });
  }

  /**
   * Lags are read when Prometheus scrapes (a gauge's collect), from the same numbers as
   * GET /projections/status: no timer, and never a stale figure.
   */
  private viewGauges(): void {
    const views = this.views;
    const store = this.store;
    const gateway = this.gateway;
    new Gauge({
      name: 'ledger_log_head_position',
      help: 'Position of the last event in the log (the event count on the embedded store)',
      registers: [this.registry],
      async collect() {
        this.set(Number((await store.headPosition()).commit));
      },
    });
    new Gauge({
      name: 'ledger_projection_checkpoint_position',
      help: 'Log position each view has applied',
      labelNames: ['view'],
      registers: [this.registry],
      async collect() {
        for (const v of (await views.status()).views) {
          this.set({ view: v.view }, Number(v.checkpoint?.split('/')[0] ?? 0));
        }
      },
    });
    new Gauge({
      name: 'ledger_projection_lag',
      help: 'Log positions each view is behind the head (events, on the embedded store); 0 = caught up',
      labelNames: ['view'],
      registers: [this.registry],
      async collect() {
        for (const v of (await views.status()).views) this.set({ view: v.view }, Number(v.lag));
      },
    });
    new Gauge({
      name: 'ledger_kafka_gateway_lag',
      help: 'Log positions not yet acknowledged by Kafka, per topic prefix (only while this process runs the gateway)',
      labelNames: ['topic_prefix'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const s = gateway.status();
        if (!s) return;
        const head = (await store.headPosition()).commit;
        const lag = head > s.published.commit ? head - s.published.commit : 0n;
        this.set({ topic_prefix: s.topicPrefix }, Number(lag));
      },
    });
  }
}
