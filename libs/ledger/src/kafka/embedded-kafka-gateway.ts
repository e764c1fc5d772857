import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EventStore, SqliteEventStore } from '@ledger/event-store';
import { GatewayStatus, KafkaLog, RunningGateway, startLedgerGateway } from '@ledger/kafka';
import { LedgerConfig } from '../config/ledger-config';
import { EVENT_STORE, LEDGER_CONFIG } from '../core/tokens';

/**
 * Embedded mode with LEDGER_KAFKA_BROKERS set: the API process runs the Kafka gateway itself, so
 * turning Kafka on needs only configuration. With LEDGER_PROJECTIONS=external the projector runs
 * it instead (one gateway per ledger). Its checkpoint lives in the event store's own file.
 */
@Injectable()
export class EmbeddedKafkaGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private gateway?: RunningGateway;
  private starting?: Promise<void>;
  private readonly abort = new AbortController();
  private readonly logger = new Logger('Kafka');

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Where the gateway stands; undefined while it is off or not started yet (for metrics). */
  status(): (GatewayStatus & { topicPrefix: string }) | undefined {
    const status = this.gateway?.status();
    return status && { ...status, topicPrefix: this.config.kafka?.topicPrefix ?? '' };
  }

  onApplicationBootstrap(): void {
    const settings = this.config.kafka;
    if (
      !settings ||
      this.config.projections !== 'in-process' ||
      !(this.store instanceof SqliteEventStore)
    )
      return;
    const log: KafkaLog = (level, message) => {
      if (level === 'error') this.logger.error(message);
      else if (level === 'warn') this.logger.warn(message);
      else if (level === 'info') this.logger.log(message);
    };
    // Not awaited: the API serves while the brokers come up; the gateway catches up by itself.
    this.starting = startLedgerGateway({
      settings,
      store: this.store,
      stateDb: this.store.db,
      log,
      signal: this.abort.signal,
      onError: (e) => this.logger.error(`kafka gateway stopped: ${String(e)}`),
    })
      .then((g) => {
        this.gateway = g;
        this.logger.log(`publishing to ${settings.brokers.join(',')}`);
      })
      .catch((e: unknown) => {
        if (!this.abort.signal.aborted)
          this.logger.error(`kafka gateway did not start: ${String(e)}`);
      });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await this.starting;
    await this.gateway?.stop();
  }
}
