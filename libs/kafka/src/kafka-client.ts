import { Kafka, logLevel, RetryOptions } from 'kafkajs';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
/** Where the Kafka pieces report; the apps hand in their logger. */
export type KafkaLog = (level: LogLevel, message: string) => void;

export const consoleKafkaLog: KafkaLog = (level, message) =>
  (level === 'error' || level === 'warn' ? console.error : console.log)(`[kafka] ${message}`);

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  log?: KafkaLog;
  retry?: RetryOptions;
}

/**
 * A kafkajs client whose own log lines go to `log` at warn level and above. kafkajs logs every
 * refused connection while a broker restarts as an ERROR; those are expected here and reported
 * as warnings, since the callers retry until the broker is back.
 */
export function createKafka(options: KafkaClientOptions): Kafka {
  const log = options.log ?? consoleKafkaLog;
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: options.retry ?? { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: entry }) => {
        const { message, error } = entry as { message: string; error?: string };
        // kafkajs warns whenever an idempotent producer's retries are bounded; the gateway bounds
        // them on purpose (it retries with a fresh producer, and consumers drop duplicates).
        if (message.startsWith('Limiting retries for the idempotent producer')) return;
        const text = `${namespace}: ${message}${error ? ` (${error})` : ''}`;
        log(level <= logLevel.WARN ? 'warn' : 'info', text);
      },
  });
}
