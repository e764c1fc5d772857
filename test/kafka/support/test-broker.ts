import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseBrokerList } from '@ledger/kafka';

const BROKER_SH = join(__dirname, '..', '..', '..', 'scripts', 'kafka', 'broker.sh');
const run = promisify(execFile);

/** The broker the Kafka suites run against. */
export interface TestBroker {
  brokers: string[];
  /** Restarts it (broker.sh restart, or LEDGER_KAFKA_RESTART_COMMAND for configured brokers). */
  restart(): Promise<void>;
  /** Stops the broker if this suite started it. */
  release(): void;
}

function brokerScript(command: string, timeoutMs: number): string {
  return execFileSync('bash', [BROKER_SH, command], {
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * LEDGER_KAFKA_BROKERS set: use those brokers. Otherwise start the project's own broker with
 * scripts/kafka/broker.sh. A broker that cannot be started fails the suite, with the script's
 * output; it is never skipped (with or without CI set).
 */
export function startTestBroker(): TestBroker {
  const configured = process.env.LEDGER_KAFKA_BROKERS?.trim();
  if (configured) {
    const command = process.env.LEDGER_KAFKA_RESTART_COMMAND;
    return {
      brokers: parseBrokerList(configured),
      async restart() {
        if (!command) {
          throw new Error(
            'LEDGER_KAFKA_BROKERS points at brokers this suite does not manage; set LEDGER_KAFKA_RESTART_COMMAND to a command that restarts them (the delivery proof needs one restart)',
          );
        }
        await run('bash', ['-c', command], { timeout: 180_000 });
      },
      release() {},
    };
  }
  let wasRunning = true;
  try {
    brokerScript('status', 10_000);
  } catch {
    wasRunning = false;
  }
  try {
    brokerScript('start', 240_000);
  } catch (error) {
    // The message carries the script's stderr (the end of the broker log).
    const e = error as { stdout?: string; message: string };
    throw new Error(
      `the Kafka broker could not be started (bash scripts/kafka/broker.sh start${process.env.CI ? ', CI' : ''}): ${e.message}${e.stdout ? `\n${e.stdout}` : ''}`,
    );
  }
  return {
    brokers: [`127.0.0.1:${process.env.KAFKA_PORT ?? 19092}`],
    async restart() {
      await run('bash', [BROKER_SH, 'restart'], { timeout: 240_000 });
    },
    release() {
      if (!wasRunning) brokerScript('stop', 60_000);
    },
  };
}
