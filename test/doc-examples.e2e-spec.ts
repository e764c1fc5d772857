import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { LedgerViews } from '@ledger/ledger';
import { startTestLedger, TestLedger } from './support/ledger-test-app';
import { REQUEST_EXAMPLE_DOCS } from './support/request-example-docs';

/**
 * The HTTP examples of these docs, run in order on a fresh ledger each: a ```http block is a
 * request (method, path, blank line, JSON body), the ```json <status> block after it the answer
 * (matched as a subset). `<!-- example-clock: … -->` sets the ledger's clock; "$fingerprint" in
 * a body is the fingerprint of the previous answer (a preview's).
 */
const DOCS = REQUEST_EXAMPLE_DOCS;

type Step =
  | { kind: 'clock'; at: string }
  | { kind: 'request'; method: string; path: string; body?: unknown }
  | { kind: 'response'; status: number; body: unknown };

function stepsOf(markdown: string): Step[] {
  const steps: Step[] = [];
  const re = /<!-- example-clock: (\S+) -->|```(http|json \d{3})\n([\s\S]*?)```/g;
  for (const m of markdown.matchAll(re)) {
    if (m[1]) steps.push({ kind: 'clock', at: m[1] });
    else if (m[2] === 'http') {
      const [head, ...rest] = m[3].split('\n\n');
      const [method, path] = head.split('\n')[0].split(' ');
      const text = rest.join('\n\n').trim();
      steps.push({ kind: 'request', method, path, ...(text ? { body: JSON.parse(text) } : {}) });
    } else steps.push({ kind: 'response', status: Number(m[2].slice(5)), body: JSON.parse(m[3]) });
  }
  return steps;
}

const withFingerprint = (body: unknown, fingerprint: string | undefined): unknown =>
  JSON.parse(JSON.stringify(body ?? {}).replace(/"\$fingerprint"/g, JSON.stringify(fingerprint)));

describe.each(DOCS)('the examples of %s run as documented', (doc) => {
  let ledger: TestLedger;
  afterAll(() => ledger?.close());

  it('every request gets the documented status and answer', async () => {
    const steps = stepsOf(readFileSync(join(__dirname, '..', doc), 'utf8'));
    const first = steps.find((s): s is Extract<Step, { kind: 'clock' }> => s.kind === 'clock');
    ledger = await startTestLedger(first?.at ?? '2024-01-10T10:00:00+08:00');
    const http = request(ledger.app.getHttpServer());
    let last: { status: number; body: { fingerprint?: string } } | undefined;
    let requests = 0;
    for (const step of steps) {
      if (step.kind === 'clock') ledger.clock.set(Date.parse(step.at));
      else if (step.kind === 'request') {
        await ledger.app.get(LedgerViews).caughtUp();
        const body = withFingerprint(step.body, last?.body.fingerprint);
        const call =
          step.method === 'GET'
            ? http.get(step.path)
            : http
                .post(step.path)
                .set('content-type', 'application/json')
                .send(body as object);
        last = await call;
        requests += 1;
      } else {
        expect([last?.status, last?.body]).toEqual([step.status, expect.objectContaining({})]);
        expect(last!.body).toMatchObject(step.body as object);
      }
    }
    expect(requests).toBeGreaterThan(0);
  });
});
