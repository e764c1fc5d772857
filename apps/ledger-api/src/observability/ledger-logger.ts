import pino, { DestinationStream, Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import { HttpSettings } from '@ledger/ledger';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

let lastMs = -1;
let lastTime = '';

/**
 * ISO-8601 in Asia/Shanghai (no daylight saving), as operators in China read times; formatted
 * once per millisecond (a busy API writes many lines in one).
 */
function shanghaiTime(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = `,"time":"${new Date(now + SHANGHAI_OFFSET_MS).toISOString().slice(0, -1)}+08:00"`;
  }
  return lastTime;
}

/**
 * The process's pino logger: one JSON object per line on stdout (LEDGER_LOG_FORMAT=json, the
 * default), or coloured lines through pino-pretty for a developer (LEDGER_LOG_FORMAT=pretty).
 * Levels are written as words. Nothing here knows about requests: the access log adds the
 * correlation id to every line of a request (access-log.ts).
 */
export function createLedgerLogger(
  settings: Pick<HttpSettings, 'logFormat' | 'logLevel'>,
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: settings.logLevel,
    base: { service: 'ledger-api' },
    timestamp: shanghaiTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  if (settings.logFormat === 'pretty') {
    return pino(
      options,
      pinoPretty({
        colorize: true,
        sync: true,
        singleLine: true,
        ignore: 'pid,hostname,service,context',
        messageFormat: '{if context}[{context}] {end}{msg}',
      }),
    );
  }
  // Lines are gathered into writes of 4 KB (one write per line costs a system call per request);
  // pino flushes what is left when the process exits (a kill -9 can lose the last few lines).
  return pino(options, pino.destination({ dest: 1, minLength: 4096, sync: false }));
}
