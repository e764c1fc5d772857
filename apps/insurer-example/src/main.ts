import { consoleKafkaLog } from '@ledger/kafka';
import { loadInsurerConfig } from './insurer-config';
import { startInsurerService } from './insurer-service';

/**
 * Example coalition member: keeps its own premium and payout books from the ledger's Kafka feed,
 * in its own SQLite file, and resumes from its committed offsets after any restart. Prints one
 * status line (JSON) every INSURER_REPORT_MS and on exit.
 */
async function main(): Promise<void> {
  const config = loadInsurerConfig();
  const service = await startInsurerService(config, consoleKafkaLog, (error) => {
    console.error(`insurer: consumer stopped: ${String(error)}`);
    process.exit(1);
  });
  const report = () => console.log(`insurer status ${JSON.stringify(service.status())}`);
  console.log(`insurer consuming as group ${config.groupId} into ${config.dbPath}`);
  const timer = setInterval(report, config.reportIntervalMs);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    report();
    await service.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
