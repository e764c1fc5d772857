import { DEFAULT_HTTP_SETTINGS, loadHttpSettings } from './http-settings';
import { loadConfig } from './ledger-config';

describe('HTTP settings (metrics, logs, rate limits)', () => {
  it('defaults: metrics for loopback, JSON logs at info, 600 writes a minute per identity', () => {
    expect(loadHttpSettings({})).toEqual(DEFAULT_HTTP_SETTINGS);
    expect(DEFAULT_HTTP_SETTINGS).toMatchObject({
      metrics: 'loopback',
      logFormat: 'json',
      logLevel: 'info',
      writeRateLimit: { limit: 600, windowSeconds: 60 },
    });
  });

  it('reads every variable', () => {
    const s = loadHttpSettings({
      LEDGER_METRICS: 'on',
      LEDGER_LOG_FORMAT: 'pretty',
      LEDGER_LOG_LEVEL: 'debug',
      LEDGER_RATE_LIMIT_WRITES: '100/10s',
      LEDGER_RATE_LIMIT_WRITES_BY_IDENTITY: 'svc-import=5000/60s, desk-3=20/60s',
    });
    expect(s).toEqual({
      metrics: 'on',
      logFormat: 'pretty',
      logLevel: 'debug',
      writeRateLimit: { limit: 100, windowSeconds: 10 },
      writeRateLimitsByIdentity: new Map([
        ['svc-import', { limit: 5000, windowSeconds: 60 }],
        ['desk-3', { limit: 20, windowSeconds: 60 }],
      ]),
    });
    expect(loadHttpSettings({ LEDGER_RATE_LIMIT_WRITES: 'off' }).writeRateLimit).toBeUndefined();
  });

  it.each([
    ['LEDGER_METRICS', 'public'],
    ['LEDGER_LOG_FORMAT', 'xml'],
    ['LEDGER_LOG_LEVEL', 'loud'],
    ['LEDGER_RATE_LIMIT_WRITES', '100'],
    ['LEDGER_RATE_LIMIT_WRITES', '0/60s'],
    ['LEDGER_RATE_LIMIT_WRITES_BY_IDENTITY', 'svc=ten/60s'],
    ['LEDGER_RATE_LIMIT_WRITES_BY_IDENTITY', '=5/60s'],
  ])('a wrong %s (%s) stops the start-up naming the variable', (variable, value) => {
    expect(() =>
      loadConfig({ LEDGER_DATA_DIR: '/tmp/ledger-http-settings', [variable]: value }),
    ).toThrow(new RegExp(`^${variable}: `));
  });
});
