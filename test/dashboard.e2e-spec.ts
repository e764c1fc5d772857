import { get } from 'node:http';
import request from 'supertest';
import { DASHBOARD_CSP } from '../apps/ledger-api/src/dashboard/dashboard-assets';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

/**
 * Issue 14, the server's side of the dashboard (the browser suite in test/browser drives the
 * page itself): one static page for every dashboard path, nothing of the path or of any data in
 * it, a strict Content-Security-Policy, assets by name only, and a progress stream that tells
 * browsers how soon to reconnect.
 */
describe('Dashboard page and assets (issue 14)', () => {
  let ledger: TestLedger;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    ledger = await startTestLedger('2024-01-20T10:00:00+08:00', [['op-key', 'operator']]);
    http = request(ledger.app.getHttpServer());
  });
  afterAll(() => ledger.close());

  it('serves the same static page for the plan list, the log-in and every plan path, without an identity', async () => {
    const paths = [
      '/dashboard',
      '/dashboard/login',
      '/dashboard/ganzhou-2024',
      '/dashboard/no-such-plan',
      '/dashboard/%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    ];
    const pages = await Promise.all(paths.map((p) => http.get(p).expect(200)));
    for (const page of pages) {
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.text).toBe(pages[0].text);
      expect(page.headers['content-security-policy']).toBe(DASHBOARD_CSP);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
    }
    const html = pages[0].text;
    // No inline script or style: every script has a src, no style element or attribute.
    expect(html.match(/<script\b[^>]*>/g)).toEqual([
      '<script src="/dashboard/assets/dashboard.js" defer>',
    ]);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son\w+=/i);
    expect(html).not.toContain('ganzhou');
  });

  it('the Content-Security-Policy allows only the page’s own files and requires Trusted Types', () => {
    const directives = Object.fromEntries(
      DASHBOARD_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(directives).toMatchObject({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'connect-src': "'self'",
      'frame-ancestors': "'none'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'require-trusted-types-for': "'script'",
      'trusted-types': 'default',
    });
    expect(DASHBOARD_CSP).not.toContain('unsafe');
  });

  it('serves the built assets by name with their types, ETag and compression; anything else is 404', async () => {
    const js = await http.get('/dashboard/assets/dashboard.js').expect(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(js.headers['cache-control']).toBe('no-cache');
    await http
      .get('/dashboard/assets/dashboard.js')
      .set('if-none-match', js.headers.etag)
      .expect(304);
    const css = await http.get('/dashboard/assets/dashboard.css').expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.text).not.toContain('@import');
    await http
      .get('/dashboard/assets/favicon.svg')
      .expect(200)
      .expect('content-type', 'image/svg+xml');
    for (const path of [
      '/dashboard/assets/index.html',
      '/dashboard/assets/..%2F..%2Fpackage.json',
      '/dashboard/assets/missing.js',
      '/dashboard/assets/DASHBOARD.JS',
    ]) {
      const res = await http.get(path).expect(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors[0].rule).toBe('dashboard.assetNotFound');
      expect(res.body.detail).toBe('看板没有这个文件');
    }
  });

  it('the progress stream opens with a "ready" event asking browsers to reconnect after 2 s', async () => {
    const server = ledger.app.getHttpServer();
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const first = await new Promise<string>((resolve, reject) => {
      const req = get(
        {
          host: '127.0.0.1',
          port,
          path: '/plans/ganzhou-2024/progress/stream',
          headers: { authorization: 'Bearer op-key' },
        },
        (res) => {
          res.setEncoding('utf8');
          let received = '';
          res.on('data', (chunk: string) => {
            received += chunk;
            if (!/event: ready[\s\S]*\n\n/.test(received)) return;
            req.destroy();
            resolve(received);
          });
        },
      );
      req.on('error', reject);
    });
    expect(first).toContain('event: ready');
    expect(first).toContain('retry: 2000');
    expect(first).toContain('"planId":"ganzhou-2024"');
  });
});

describe('Dashboard streams and shutdown (issue 14)', () => {
  it('a dashboard’s open progress stream ends when the ledger shuts down, so the ledger can stop', async () => {
    const ledger = await startTestLedger('2024-01-20T10:00:00+08:00', [['op-key', 'operator']]);
    await ledger.app.listen(0, '127.0.0.1');
    const { port } = ledger.app.getHttpServer().address() as { port: number };
    const ended = new Promise<string>((resolve, reject) => {
      get(
        {
          host: '127.0.0.1',
          port,
          path: '/plans/ganzhou-2024/progress/stream',
          headers: { authorization: 'Bearer op-key' },
          agent: false,
        },
        (res) => {
          let received = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (received += chunk));
          res.on('end', () => resolve(received));
        },
      ).on('error', reject);
    });
    // Closing waits for open connections: it returns only because the stream ended.
    await new Promise((r) => setTimeout(r, 100));
    await ledger.close();
    expect(await ended).toContain('event: ready');
  });
});
