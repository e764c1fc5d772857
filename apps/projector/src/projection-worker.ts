import { Logger } from '@nestjs/common';
import { EventStore, formatPosition } from '@ledger/event-store';
import { LEDGER_PROJECTIONS, ProjectionRunner, ViewStore } from '@ledger/projections';

export interface ProjectionWorker {
  report(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The views, as before Kafka: follows the log from the views' checkpoints and commits view
 * documents with the checkpoint, batch by batch, in the view store LEDGER_STORE chose.
 */
export async function startProjectionWorker(
  store: EventStore,
  viewStore: ViewStore,
  logger: Logger,
  batchSize: number,
): Promise<ProjectionWorker> {
  const runner = new ProjectionRunner(store, viewStore, LEDGER_PROJECTIONS, { batchSize });
  await runner.start((error) => {
    logger.error(`projection failed: ${String(error)}`);
    process.exit(1);
  });
  return {
    async report() {
      const lag = await runner.lag();
      logger.log(
        `views at ${runner
          .status()
          .map((s) => `${s.view}@${formatPosition(s.checkpoint)}`)
          .join(', ')}; lag ${lag.behind}`,
      );
    },
    stop: () => runner.stop(),
  };
}
