/**
 * What the HTTP API adds for operators: who may scrape /metrics, how logs are written, how fast
 * one identity may write. Read from LEDGER_METRICS, LEDGER_LOG_*, LEDGER_RATE_LIMIT_* (README,
 * docs/observability.md). Every value is checked at start-up, so a typo stops the process.
 */

/** Who may read /metrics: loopback callers only, anyone who reaches the port, or nobody. */
export type MetricsExposure = 'loopback' | 'on' | 'off';

/** json: one JSON object per line (production); pretty: coloured text for a developer's terminal. */
export type LogFormat = 'json' | 'pretty';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** At most `limit` requests per `windowSeconds`. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export interface HttpSettings {
  metrics: MetricsExposure;
  logFormat: LogFormat;
  logLevel: LogLevel;
  /** Writes per identity (or per address, for a caller without one); undefined: no limit. */
  writeRateLimit?: RateLimit;
  /** Identity id → its own limit, overriding writeRateLimit. */
  writeRateLimitsByIdentity: ReadonlyMap<string, RateLimit>;
}

/**
 * 600 writes a minute per identity: ten a second, far above a clerk at a keyboard, and an
 * integration that needs more sends batches (1,000 enrollments count as one write) or gets its
 * own limit in LEDGER_RATE_LIMIT_WRITES_BY_IDENTITY.
 */
export const DEFAULT_WRITE_RATE_LIMIT: RateLimit = { limit: 600, windowSeconds: 60 };

export const DEFAULT_HTTP_SETTINGS: HttpSettings = {
  metrics: 'loopback',
  logFormat: 'json',
  logLevel: 'info',
  writeRateLimit: DEFAULT_WRITE_RATE_LIMIT,
  writeRateLimitsByIdentity: new Map(),
};

export class HttpSettingsError extends Error {
  override readonly name = 'HttpSettingsError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

function oneOf<T extends string>(
  variable: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value.trim() === '') return fallback;
  const v = value.trim().toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) {
    throw new HttpSettingsError(variable, `must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return v as T;
}

const RATE = /^(\d{1,9})\/(\d{1,6})s$/;

/** "600/60s" → 600 per 60 seconds. */
export function parseRateLimit(variable: string, text: string): RateLimit {
  const m = RATE.exec(text.trim());
  const limit = m ? Number(m[1]) : 0;
  const windowSeconds = m ? Number(m[2]) : 0;
  if (!m || limit < 1 || windowSeconds < 1) {
    throw new HttpSettingsError(
      variable,
      `must be <requests>/<seconds>s with both at least 1 (e.g. 600/60s), got "${text}"`,
    );
  }
  return { limit, windowSeconds };
}

function byIdentity(variable: string, text: string | undefined): Map<string, RateLimit> {
  const out = new Map<string, RateLimit>();
  for (const entry of (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = entry.lastIndexOf('=');
    if (at <= 0) {
      throw new HttpSettingsError(variable, `entries are <identity>=<requests>/<seconds>s`);
    }
    out.set(entry.slice(0, at).trim(), parseRateLimit(variable, entry.slice(at + 1)));
  }
  return out;
}

export function loadHttpSettings(env: NodeJS.ProcessEnv = process.env): HttpSettings {
  const writes = env.LEDGER_RATE_LIMIT_WRITES?.trim();
  return {
    metrics: oneOf(
      'LEDGER_METRICS',
      env.LEDGER_METRICS,
      ['loopback', 'on', 'off'],
      DEFAULT_HTTP_SETTINGS.metrics,
    ),
    logFormat: oneOf(
      'LEDGER_LOG_FORMAT',
      env.LEDGER_LOG_FORMAT,
      ['json', 'pretty'],
      DEFAULT_HTTP_SETTINGS.logFormat,
    ),
    logLevel: oneOf('LEDGER_LOG_LEVEL', env.LEDGER_LOG_LEVEL, LOG_LEVELS, 'info'),
    writeRateLimit:
      writes === 'off'
        ? undefined
        : writes
          ? parseRateLimit('LEDGER_RATE_LIMIT_WRITES', writes)
          : DEFAULT_WRITE_RATE_LIMIT,
    writeRateLimitsByIdentity: byIdentity(
      'LEDGER_RATE_LIMIT_WRITES_BY_IDENTITY',
      env.LEDGER_RATE_LIMIT_WRITES_BY_IDENTITY,
    ),
  };
}
