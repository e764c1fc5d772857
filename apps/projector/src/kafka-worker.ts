import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { EventStore, formatPosition } from '@ledger/event-store';
import { KafkaLog, KafkaSettings, RunningGateway, startLedgerGateway } from '@ledger/kafka';

/**
 * The Kafka gateway next to the projections, when LEDGER_KAFKA_BROKERS is set. Its checkpoint is
 * in `stateDb` (tables kafka_gateway_*): the event store's file when embedded, a file on the
 * projector's volume with KurrentDB (see projector-stores.ts). A Kafka outage does not stop the views:
 * the gateway retries on its own. LEDGER_KAFKA_TRACE=1 prints one line per acknowledged batch
 * and per checkpoint (the crash tests read them).
 */
export async function startKafkaWorker(
  settings: KafkaSettings,
  store: EventStore,
  stateDb: Database.Database,
  logger: Logger,
  options: { pollIntervalMs: number; signal: AbortSignal },
): Promise<RunningGateway> {
  const log: KafkaLog = (level, message) => {
    if (level === 'error') logger.error(message);
    else if (level === 'warn') logger.warn(message);
    else if (level === 'info') logger.log(message);
  };
  const trace = process.env.LEDGER_KAFKA_TRACE === '1';
  const gateway = await startLedgerGateway({
    settings,
    store,
    stateDb,
    pollIntervalMs: options.pollIntervalMs,
    log,
    signal: options.signal,
    onPublished: trace
      ? (b) =>
          process.stdout.write(
            `kafka-gateway published ${formatPosition(b.first)}..${formatPosition(b.last)} events=${b.events} messages=${b.messages}\n`,
          )
      : undefined,
    onCheckpoint: trace
      ? (p) => process.stdout.write(`kafka-gateway checkpoint ${formatPosition(p)}\n`)
      : undefined,
    onError: (error) => {
      logger.error(`kafka gateway failed: ${String(error)}`);
      process.exit(1);
    },
  });
  logger.log(
    `publishing to ${settings.brokers.join(',')}: ${Object.values(gateway.topics).join(', ')}`,
  );
  return gateway;
}

export function describeGateway(gateway: RunningGateway): string {
  const s = gateway.status();
  return `kafka published ${formatPosition(s.published)}, checkpoint ${formatPosition(s.checkpoint)}`;
}
