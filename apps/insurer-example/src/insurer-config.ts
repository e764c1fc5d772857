import { resolve } from 'node:path';
import { checkClientId, checkTopicPrefix, KAFKA_DEFAULTS, parseBrokerList } from '@ledger/kafka';

/** The example insurer's settings, from its environment. */
export interface InsurerConfig {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
  /** Coalition members whose books this service keeps; "all" books every member. */
  insurerIds: ReadonlySet<string> | 'all';
  /** Its own SQLite file: books, applied event ids, per-partition watermarks. */
  dbPath: string;
  /** Consumer group: where its committed offsets are kept. */
  groupId: string;
  reportIntervalMs: number;
}

export class InsurerConfigError extends Error {
  override readonly name = 'InsurerConfigError';
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
  }
}

function checked<T>(variable: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new InsurerConfigError(variable, error instanceof Error ? error.message : String(error));
  }
}

export function loadInsurerConfig(env: NodeJS.ProcessEnv = process.env): InsurerConfig {
  const brokers = checked('LEDGER_KAFKA_BROKERS', () =>
    parseBrokerList(env.LEDGER_KAFKA_BROKERS ?? ''),
  );
  const ids = (env.INSURER_IDS ?? '').trim();
  if (!ids) {
    throw new InsurerConfigError(
      'INSURER_IDS',
      'comma-separated insurer ids (e.g. picc-pc), or * for all',
    );
  }
  const list = ids
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of list) {
    if (id !== '*' && !/^[A-Za-z0-9._-]+$/.test(id)) {
      throw new InsurerConfigError('INSURER_IDS', `"${id}" is not an insurer id`);
    }
  }
  const name = list.includes('*') ? 'all' : list.join('+');
  const reportIntervalMs = Number(env.INSURER_REPORT_MS ?? 5_000);
  if (!Number.isInteger(reportIntervalMs) || reportIntervalMs < 100) {
    throw new InsurerConfigError('INSURER_REPORT_MS', 'must be a whole number of ms, at least 100');
  }
  return {
    brokers,
    clientId: checked('LEDGER_KAFKA_CLIENT_ID', () =>
      checkClientId(env.LEDGER_KAFKA_CLIENT_ID ?? `insurer-${name}`),
    ),
    topicPrefix: checked('LEDGER_KAFKA_TOPIC_PREFIX', () =>
      checkTopicPrefix(env.LEDGER_KAFKA_TOPIC_PREFIX ?? KAFKA_DEFAULTS.topicPrefix),
    ),
    insurerIds: name === 'all' ? 'all' : new Set(list),
    dbPath: resolve(env.INSURER_DB_PATH ?? `data/insurer-${name}.sqlite`),
    groupId: checked('INSURER_GROUP_ID', () =>
      checkClientId(env.INSURER_GROUP_ID ?? `insurer-${name}`),
    ),
    reportIntervalMs,
  };
}
