import { Logger } from '@nestjs/common';
import { RunningGateway } from '@ledger/kafka';
import { loadConfig } from '@ledger/ledger';
import { describeGateway, startKafkaWorker } from './kafka-worker';
import { startProjectionWorker } from './projection-worker';
import { openProjectorStores } from './projector-stores';

/**
 * The projection worker for when the API runs with LEDGER_PROJECTIONS=external: keeps the views,
 * and when LEDGER_KAFKA_BROKERS is set also streams events and view changes to Kafka.
 */
async function main(): Promise<void> {
  const logger = new Logger('Projector');
  const config = loadConfig();
  const pollIntervalMs = Number(process.env.LEDGER_POLL_INTERVAL_MS ?? 100);
  const { store, viewStore, gatewayStateDb } = await openProjectorStores(
    config,
    logger,
    pollIntervalMs,
  );
  const views = await startProjectionWorker(
    store,
    viewStore,
    logger,
    Number(process.env.LEDGER_PROJECTOR_BATCH ?? 2000),
  );
  const aborted = new AbortController();
  let gateway: RunningGateway | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping after the batch in flight`);
    aborted.abort();
    await gateway?.stop();
    await views.stop();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  if (config.kafka) {
    gateway = await startKafkaWorker(config.kafka, store, gatewayStateDb(), logger, {
      pollIntervalMs,
      signal: aborted.signal,
    });
  }
  const report = async () => {
    await views.report();
    if (gateway) logger.log(describeGateway(gateway));
  };
  await report();
  setInterval(() => void report(), 30_000).unref();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
