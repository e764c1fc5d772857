import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { composeResidentId } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import {
  DEFAULT_HTTP_SETTINGS,
  EVENT_STORE,
  FixedClock,
  HttpSettings,
  LedgerConfig,
  LedgerViews,
} from '@ledger/ledger';
import { createLedgerApp } from '../apps/ledger-api/src/create-ledger-app';
import { hashKey } from '@ledger/access';
import { testAccess, testConfig, TestKey } from './support/ledger-test-app';

/**
 * Issue 13, observability: Prometheus metrics at /metrics (route templates, appends, lags,
 * refusals, replays), JSON logs with an access line and the correlation id on every line of a
 * request, helmet's headers on every answer, rate limits on writes per identity.
 */

interface LogLine {
  level: string;
  msg: string;
  correlationId?: string;
  [key: string]: unknown;
}

/** A pino destination that keeps every line for the test to read. */
class CapturedLog extends Writable {
  readonly lines: LogLine[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      this.lines.push(JSON.parse(line) as LogLine);
    }
    done();
  }
  text(): string {
    return this.lines.map((l) => JSON.stringify(l)).join('\n');
  }
}

const ningdu = '360730';
let seq = 500;
const newId = () => composeResidentId(ningdu, '1968-03-09', seq++);
const enrollment = (idNumber = newId(), name = '测试人') => ({
  person: { idNumber, name },
  basicInsurance: { scheme: 'resident', insuredRegionCode: ningdu },
  townshipId: 't01',
  occurredAt: '2023-12-20T10:00:00+08:00',
  contributions: [{ source: 'individual', amountFen: 10000 }],
});

async function ledgerApp(
  config: (c: LedgerConfig) => LedgerConfig = (c) => c,
  log?: CapturedLog,
  keys: TestKey[] = [],
): Promise<INestApplication> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-observability-'));
  const app = await createLedgerApp({
    config: config(testConfig(dir)),
    access: testAccess(keys),
    clock: new FixedClock(Date.parse('2023-12-20T12:00:00+08:00')),
    ...(log ? { logDestination: log } : { logger: false }),
  });
  await app.listen(0, '127.0.0.1');
  return app;
}

const withHttp = (settings: Partial<HttpSettings>) => (c: LedgerConfig) => ({
  ...c,
  http: { ...DEFAULT_HTTP_SETTINGS, writeRateLimit: undefined, ...settings },
});

/** The value of one sample in a Prometheus text exposition, or undefined. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_]+)(?:\{(.*)\})? (.+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',');
    if (wanted.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

describe('Observability (issue 13)', () => {
  describe('/metrics', () => {
    let app: INestApplication;
    let http: () => ReturnType<typeof request>;
    beforeAll(async () => {
      app = await ledgerApp();
      http = () => request(app.getHttpServer());
    });
    afterAll(() => app.close());

    it('counts HTTP answers per route template, never per raw URL (no personRef, no plan id)', async () => {
      const enrolled = await http()
        .post('/plans/ganzhou-2024/enrollments')
        .send(enrollment())
        .expect(201);
      const personRef = enrolled.body.personRef as string;
      await http().get(`/plans/ganzhou-2024/policies/${personRef}`).expect(200);
      await http().get('/plans/ganzhou-2024/policies/not-a-ref').expect(404);
      await http().get('/no/such/route').expect(404);
      const text = (await http().get('/metrics').expect(200)).text;
      expect(text).not.toContain(personRef);
      expect(text).not.toContain('ganzhou-2024');
      expect(text).not.toContain('not-a-ref');
      expect(
        sample(text, 'http_request_duration_seconds_count', {
          method: 'GET',
          route: '/plans/:planId/policies/:personRef',
          status_code: '200',
        }),
      ).toBe(1);
      expect(
        sample(text, 'http_request_duration_seconds_count', {
          route: '/plans/:planId/policies/:personRef',
          status_code: '404',
        }),
      ).toBe(1);
      expect(
        sample(text, 'http_request_duration_seconds_count', {
          route: 'unmatched',
          status_code: '404',
        }),
      ).toBe(1);
    });

    it('a body refused before routing (413) is counted under its route', async () => {
      await http()
        .post('/plans/ganzhou-2024/enrollments')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ pad: 'x'.repeat(3_000_000) }))
        .expect(413);
      const text = (await http().get('/metrics')).text;
      expect(
        sample(text, 'http_request_duration_seconds_count', {
          method: 'POST',
          route: '/plans/:planId/enrollments',
          status_code: '413',
        }),
      ).toBe(1);
    });

    it('counts appends, their latency and the events appended by type', async () => {
      const before = (await http().get('/metrics')).text;
      await http().post('/plans/ganzhou-2024/enrollments').send(enrollment()).expect(201);
      const after = (await http().get('/metrics')).text;
      const appended = (t: string) =>
        sample(t, 'ledger_event_store_appends_total', { outcome: 'appended' }) ?? 0;
      expect(appended(after) - appended(before)).toBe(1);
      const enrolledEvents = (t: string) =>
        sample(t, 'ledger_events_appended_total', { type: 'PolicyEnrolled' }) ?? 0;
      expect(enrolledEvents(after) - enrolledEvents(before)).toBe(1);
      expect(
        sample(after, 'ledger_event_store_append_duration_seconds_count', {
          outcome: 'appended',
        }),
      ).toBe(appended(after));
    });

    it('counts refusals per rule code and status, batch lines included', async () => {
      await http()
        .post('/plans/ganzhou-2024/enrollments')
        .send({ ...enrollment(), townshipId: 't99' })
        .expect(422);
      await http()
        .post('/plans/ganzhou-2024/enrollment-batches')
        .send({ enrollments: [{ ...enrollment(), townshipId: 't98' }] })
        .expect(200);
      const text = (await http().get('/metrics')).text;
      expect(
        sample(text, 'ledger_refusals_total', { rule: 'enrollment.knownTownship', status: '422' }),
      ).toBe(2);
    });

    it('counts idempotent replays per route', async () => {
      const body = enrollment();
      for (let i = 0; i < 3; i++) {
        await http()
          .post('/plans/ganzhou-2024/enrollments')
          .set('idempotency-key', 'metrics-replay-1')
          .send(body)
          .expect(201);
      }
      const text = (await http().get('/metrics')).text;
      expect(
        sample(text, 'ledger_idempotent_replays_total', { route: '/plans/:planId/enrollments' }),
      ).toBe(2);
    });

    it('has the default process metrics and no Kafka gateway lag while Kafka is off', async () => {
      const text = (await http().get('/metrics')).text;
      expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
      expect(text).toContain('# TYPE ledger_kafka_gateway_lag gauge');
      expect(text).not.toMatch(/^ledger_kafka_gateway_lag/m);
    });

    it('is only for loopback callers by default: a proxied request gets 404', async () => {
      const res = await http().get('/metrics').set('x-forwarded-for', '10.0.0.9').expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.text).not.toContain('http_request_duration_seconds');
    });

    it('LEDGER_METRICS=off answers nobody', async () => {
      const off = await ledgerApp(withHttp({ metrics: 'off' }));
      try {
        await request(off.getHttpServer()).get('/metrics').expect(404);
      } finally {
        await off.close();
      }
    });
  });

  it('a scrape shows each projection lag going to 0', async () => {
    // Projections run elsewhere (external mode), so the lag stays until they catch up: the
    // scrape sees it above 0, then at 0, without any timing in the test.
    const app = await ledgerApp((c) => ({ ...c, projections: 'external' }));
    try {
      const http = () => request(app.getHttpServer());
      await http()
        .post('/plans/ganzhou-2024/enrollment-batches')
        .send({ enrollments: Array.from({ length: 20 }, () => enrollment()) })
        .expect(200);
      const behind = (await http().get('/metrics')).text;
      const head = sample(behind, 'ledger_log_head_position')!;
      expect(head).toBeGreaterThan(20);
      expect(sample(behind, 'ledger_projection_lag', { view: 'township-progress' })).toBe(head);
      await app.get(LedgerViews).catchUpOnce();
      const caughtUp = (await http().get('/metrics')).text;
      for (const view of ['township-progress', 'coinsurance', 'subsidy-ledger', 'payouts']) {
        expect(sample(caughtUp, 'ledger_projection_lag', { view })).toBe(0);
        expect(sample(caughtUp, 'ledger_projection_checkpoint_position', { view })).toBe(head);
      }
    } finally {
      await app.close();
    }
  });

  describe('logs', () => {
    const log = new CapturedLog();
    let app: INestApplication;
    let http: () => ReturnType<typeof request>;
    beforeAll(async () => {
      app = await ledgerApp((c) => c, log);
      http = () => request(app.getHttpServer());
    });
    afterAll(() => app.close());

    /** The lines written while `send` ran. */
    async function linesOf(send: () => Promise<unknown>): Promise<LogLine[]> {
      const from = log.lines.length;
      await send();
      // The access line is written when the answer finishes, which can be just after it arrives.
      await new Promise((r) => setImmediate(r));
      return log.lines.slice(from);
    }

    it('one JSON access line per request: method, route template, status, duration, rules', async () => {
      const lines = await linesOf(() =>
        http()
          .post('/plans/ganzhou-2024/enrollments')
          .set('x-correlation-id', 'clerk-7')
          .send({ ...enrollment(), townshipId: 't99' })
          .expect(422),
      );
      expect(lines).toEqual([
        expect.objectContaining({
          level: 'info',
          correlationId: 'clerk-7',
          msg: 'POST /plans/:planId/enrollments 422',
          route: '/plans/:planId/enrollments',
          req: { method: 'POST', path: '/plans/ganzhou-2024/enrollments' },
          res: { statusCode: 422 },
          rules: ['enrollment.knownTownship'],
          durationMs: expect.any(Number),
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/),
        }),
      ]);
      // The line docs/observability.md shows is this request's, member for member.
      const doc = readFileSync(join(__dirname, '..', 'docs', 'observability.md'), 'utf8');
      const documented = JSON.parse(
        /```json\n(\{\n {2}"level"[\s\S]*?)```/.exec(doc)![1],
      ) as LogLine;
      expect(Object.keys(lines[0]).sort()).toEqual(Object.keys(documented).sort());
      expect({ ...lines[0], time: '', durationMs: 0, actor: '' }).toEqual({
        ...documented,
        time: '',
        durationMs: 0,
        actor: '',
      });
    });

    it('every line of a request carries its correlation id (a fault inside a batch)', async () => {
      const store = app.get<EventStore>(EVENT_STORE);
      const append = jest
        .spyOn(store, 'append')
        .mockRejectedValueOnce(new Error('disk I/O error (injected)'));
      try {
        const lines = await linesOf(() =>
          http()
            .post('/plans/ganzhou-2024/enrollment-batches')
            .set('x-correlation-id', 'batch-fault-1')
            .send({ enrollments: [enrollment(), enrollment()] })
            .expect(200),
        );
        expect(lines.length).toBeGreaterThanOrEqual(2);
        expect(lines.map((l) => l.correlationId)).toEqual(lines.map(() => 'batch-fault-1'));
        expect(lines.some((l) => l.level === 'error' && /injected/.test(JSON.stringify(l)))).toBe(
          true,
        );
        expect(lines[lines.length - 1].msg).toBe('POST /plans/:planId/enrollment-batches 200');
      } finally {
        append.mockRestore();
      }
    });

    it('a genuine fault (500) is logged with its stack and the correlation id the answer carries', async () => {
      const store = app.get<EventStore>(EVENT_STORE);
      const append = jest.spyOn(store, 'append').mockRejectedValueOnce(new Error('injected fault'));
      try {
        let answer: request.Response | undefined;
        const lines = await linesOf(async () => {
          answer = await http().post('/plans/ganzhou-2024/enrollments').send(enrollment());
        });
        expect(answer!.status).toBe(500);
        const id = answer!.body.correlationId as string;
        expect(lines.map((l) => l.correlationId)).toEqual(lines.map(() => id));
        expect(lines).toContainEqual(
          expect.objectContaining({
            level: 'error',
            err: expect.objectContaining({ stack: expect.stringContaining('injected fault') }),
          }),
        );
        expect(lines).toContainEqual(
          expect.objectContaining({ level: 'error', res: { statusCode: 500 } }),
        );
      } finally {
        append.mockRestore();
      }
    });

    it('no personal data, header values, bodies or query strings in any line', async () => {
      // Its own ledger with keys: erasure is the privacy officer's, and a key must not be logged
      // (identities are logged by their configured id, never by the key).
      const identity = (id: string, role: 'operator' | 'privacy_officer', key: string) => ({
        keyHash: hashKey(key),
        identity: { id, role, scope: {}, via: 'api-key' as const },
        source: 'test',
      });
      const keyed = await createLedgerApp({
        config: testConfig(mkdtempSync(join(tmpdir(), 'ledger-observability-'))),
        access: {
          ...testAccess(),
          openMode: false,
          keys: [
            identity('desk-clerk', 'operator', 'secret-token-xyz'),
            identity('privacy-desk', 'privacy_officer', 'privacy-secret-key'),
          ],
        },
        clock: new FixedClock(Date.parse('2023-12-20T12:00:00+08:00')),
        logDestination: log,
      });
      const http = () => request(keyed.getHttpServer());
      const idNumber = newId();
      const enrolled = await http()
        .post('/plans/ganzhou-2024/enrollments')
        .set('authorization', 'Bearer secret-token-xyz')
        .send(enrollment(idNumber, '王秘密'))
        .expect(201);
      const personRef = enrolled.body.personRef as string;
      await http()
        .get(`/plans/ganzhou-2024/policies/${personRef}/history`)
        .set('authorization', 'Bearer secret-token-xyz')
        .set('x-access-purpose', 'log-check')
        .expect(200);
      await http()
        .get('/plans/ganzhou-2024/progress?asOf=2023-12-20')
        .set('authorization', 'Bearer secret-token-xyz')
        .expect(200);
      await http()
        .post('/persons/erasure')
        .set('authorization', 'Bearer privacy-secret-key')
        .send({ idNumber, reason: 'privacy request 隐私' })
        .expect(201);
      await keyed.close();
      const text = log.text();
      for (const secret of [
        idNumber,
        '王秘密',
        personRef,
        'secret-token-xyz',
        'privacy-secret-key',
        'asOf',
        '隐私',
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(text).toContain('/plans/ganzhou-2024/policies/:personRef/history');
    });
  });

  describe('security headers (helmet)', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await ledgerApp();
    });
    afterAll(() => app.close());

    it('on every answer, refusals before routing included, with a strict CSP (self only)', async () => {
      const http = () => request(app.getHttpServer());
      const answers = [
        await http().get('/plans').expect(200),
        await http().get('/no/such/route').expect(404),
        await http().get('/plans').set('x-correlation-id', 'bad id!').expect(400),
        await http()
          .post('/plans/ganzhou-2024/enrollments')
          .set('content-type', 'application/json')
          .send('{bad')
          .expect(400),
      ];
      for (const res of answers) {
        const csp = res.headers['content-security-policy'] as string;
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("style-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).not.toMatch(/unsafe|https:|data:|\*/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });
  });

  describe('rate limits on writes', () => {
    it('per identity: the limit answers 429 request.tooManyRequests with Retry-After; reads are not limited', async () => {
      const app = await ledgerApp(
        withHttp({ writeRateLimit: { limit: 3, windowSeconds: 60 } }),
        undefined,
        [
          ['aaaa-key-1', 'operator'],
          ['bbbb-key-2', 'operator'],
        ],
      );
      try {
        const as = (key: string) => ({ authorization: `Bearer ${key}` });
        const http = () => request(app.getHttpServer());
        const store = app.get<EventStore>(EVENT_STORE);
        for (let i = 0; i < 3; i++) {
          const ok = await http()
            .post('/plans/ganzhou-2024/enrollments')
            .set(as('aaaa-key-1'))
            .send(enrollment())
            .expect(201);
          expect(ok.headers['x-ratelimit-limit']).toBe('3');
          expect(ok.headers['x-ratelimit-remaining']).toBe(String(2 - i));
        }
        const before = (await store.headPosition()).commit;
        const limited = await http()
          .post('/plans/ganzhou-2024/enrollments')
          .set(as('aaaa-key-1'))
          .send(enrollment())
          .expect(429);
        expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(limited.headers['retry-after']).toMatch(/^\d+$/);
        expect(limited.body).toMatchObject({
          status: 429,
          type: 'urn:huiminbao-ledger:problem:too-many-requests',
          errors: [expect.objectContaining({ rule: 'request.tooManyRequests' })],
        });
        expect((await store.headPosition()).commit).toBe(before);
        // Reads stay open; another identity has its own budget.
        for (let i = 0; i < 5; i++) await http().get('/plans').set(as('aaaa-key-1')).expect(200);
        await http()
          .post('/plans/ganzhou-2024/enrollments')
          .set(as('bbbb-key-2'))
          .send(enrollment())
          .expect(201);
      } finally {
        await app.close();
      }
    });

    it('an identity can have its own limit (LEDGER_RATE_LIMIT_WRITES_BY_IDENTITY)', async () => {
      // Identities are named by their id (testAccess: "<role>-<key>"; docs/access.md).
      const app = await ledgerApp(
        withHttp({
          writeRateLimit: { limit: 1, windowSeconds: 60 },
          writeRateLimitsByIdentity: new Map([
            ['operator-bulk-service-key', { limit: 5, windowSeconds: 60 }],
          ]),
        }),
        undefined,
        [
          ['bulk-service-key', 'operator'],
          ['desk-key', 'operator'],
        ],
      );
      try {
        const http = () => request(app.getHttpServer());
        const post = (key: string) =>
          http()
            .post('/plans/ganzhou-2024/enrollments')
            .set('authorization', `Bearer ${key}`)
            .send(enrollment());
        for (let i = 0; i < 5; i++) await post('bulk-service-key').expect(201);
        await post('bulk-service-key').expect(429);
        await post('desk-key').expect(201);
        await post('desk-key').expect(429);
      } finally {
        await app.close();
      }
    });
  });
});
