import Database from 'better-sqlite3';
import { KafkaJSError } from 'kafkajs';
import { EventStore, LogPosition } from '@ledger/event-store';
import { createKafka, KafkaLog } from '../kafka-client';
import { KAFKA_DEFAULTS, KafkaSettings } from '../kafka-settings';
import { ensureLedgerTopics } from '../topic-setup';
import { LedgerTopics, ledgerTopics } from '../topics';
import { SqliteGatewayStateStore } from './gateway-state-store';
import { GatewayStatus, KafkaGateway } from './kafka-gateway';
import { KafkaPublisher, MessageSink } from './kafka-publisher';

export interface LedgerGatewayOptions {
  settings: KafkaSettings;
  store: EventStore;
  /** Where the checkpoint lives; in embedded mode the event store's own file. */
  stateDb: Database.Database;
  pollIntervalMs?: number;
  log?: KafkaLog;
  onPublished?: (batch: {
    first: LogPosition;
    last: LogPosition;
    events: number;
    messages: number;
  }) => void;
  onCheckpoint?: (position: LogPosition) => void;
  /** A failure that retrying cannot fix (store, reducer): the caller should exit. */
  onError?: (error: unknown) => void;
  /** Aborts waiting for the brokers at start-up. */
  signal?: AbortSignal;
  /** Where messages go instead of the kafkajs publisher of the settings (benchmarks). */
  sink?: MessageSink;
}

export interface RunningGateway {
  topics: LedgerTopics;
  status(): GatewayStatus;
  stop(): Promise<void>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The gateway as the apps run it: a kafkajs client from the settings, the topics created (or
 * checked), the checkpoint in `stateDb` under the topic prefix, then KafkaGateway. Brokers that
 * are not reachable yet are waited for; a view topic that is not compacted is an error.
 */
export async function startLedgerGateway(options: LedgerGatewayOptions): Promise<RunningGateway> {
  const { settings, log } = options;
  const kafka = createKafka({ brokers: settings.brokers, clientId: settings.clientId, log });
  const topics = ledgerTopics(settings.topicPrefix);
  for (let attempt = 1; ; attempt++) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await ensureLedgerTopics(admin, topics, settings);
      break;
    } catch (error) {
      if (!(error instanceof KafkaJSError) || options.signal?.aborted) throw error;
      log?.('warn', `kafka not ready (attempt ${attempt}): ${error.message}; retrying`);
      await pause(Math.min(5_000, 250 * 2 ** Math.min(attempt, 5)));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  const sink =
    options.sink ??
    new KafkaPublisher(kafka, {
      lanes: settings.lanes ?? KAFKA_DEFAULTS.lanes,
      compression: settings.compression ?? KAFKA_DEFAULTS.compression,
    });
  const gateway = new KafkaGateway({
    store: options.store,
    sink,
    state: new SqliteGatewayStateStore(options.stateDb, settings.topicPrefix),
    topics,
    batchSize: settings.batchSize,
    checkpointIntervalMs: settings.checkpointIntervalMs,
    pollIntervalMs: options.pollIntervalMs,
    log,
    onPublished: options.onPublished,
    onCheckpoint: options.onCheckpoint,
  });
  await gateway.start(options.onError);
  return {
    topics,
    status: () => gateway.status(),
    async stop() {
      await gateway.stop();
      await sink.close();
    },
  };
}
