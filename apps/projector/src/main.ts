import { Logger } from '@nestjs/common';
import { formatPosition, SqliteEventStore } from '@ledger/event-store';
import { LEDGER_PROJECTIONS, ProjectionRunner, SqliteViewStore } from '@ledger/projections';
import { loadConfig } from '../../ledger-api/src/config/ledger-config';

/**
 * The projection worker for when the API runs with LEDGER_PROJECTIONS=external: follows the log
 * from the views' checkpoints and commits view documents with the checkpoint, batch by batch.
 */
async function main(): Promise<void> {
  const logger = new Logger('Projector');
  const config = loadConfig();
  const store = new SqliteEventStore({
    path: config.sqlitePath,
    synchronous: config.sqliteSynchronous,
    pollIntervalMs: Number(process.env.LEDGER_POLL_INTERVAL_MS ?? 100),
  });
  const runner = new ProjectionRunner(store, new SqliteViewStore(store.db), LEDGER_PROJECTIONS, {
    batchSize: Number(process.env.LEDGER_PROJECTOR_BATCH ?? 2000),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping after the batch in flight`);
    await runner.stop();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await runner.start((error) => {
    logger.error(`projection failed: ${String(error)}`);
    process.exit(1);
  });
  const report = async () => {
    const lag = await runner.lag();
    logger.log(
      `views at ${runner
        .status()
        .map((s) => `${s.view}@${formatPosition(s.checkpoint)}`)
        .join(', ')}; lag ${lag.behind}`,
    );
  };
  await report();
  setInterval(() => void report(), 30_000).unref();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
