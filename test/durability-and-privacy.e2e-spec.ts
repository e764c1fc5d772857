import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CommandBus } from '@nestjs/cqrs';
import { composeResidentId } from '@ledger/domain';
import { createLedgerApp } from '../apps/ledger-api/src/create-ledger-app';
import {
  DEMO_PLANS,
  LoadDemoCampaignCommand,
  demoEnrollments,
  FixedClock,
  PlanRepository,
} from '@ledger/ledger';
import { testAccess, testConfig } from './support/ledger-test-app';

const MAIN = join(__dirname, '..', 'dist', 'apps', 'ledger-api', 'src', 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env, LEDGER_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.ok) return child;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${output}`);
}

describe('Durability: an acknowledged enrollment survives kill -9 (issue 2)', () => {
  it('kill -9 right after an acknowledged enrollment: after restart the enrollment is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
    const env = {
      LEDGER_DATA_DIR: dir,
      LEDGER_PERSON_REF_KEY: randomBytes(32).toString('base64'),
      LEDGER_MASTER_KEY: randomBytes(32).toString('base64'),
      LEDGER_API_KEYS: '',
      LEDGER_OPEN_MODE: '1',
    };
    const port = await freePort();
    const first = await startServer(env, port);
    const idNumber = composeResidentId('360730', '1970-10-10', 321);
    const res = await fetch(`http://127.0.0.1:${port}/plans/ganzhou-2024/enrollments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        person: { idNumber, name: '王五' },
        basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
        occurredAt: '2023-12-20T10:00:00+08:00',
        contributions: [{ source: 'individual', amountFen: 10000 }],
      }),
    });
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as { personRef: string };
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    const second = await startServer(env, port);
    try {
      const policy = await fetch(
        `http://127.0.0.1:${port}/plans/ganzhou-2024/policies/${receipt.personRef}`,
      );
      expect(policy.status).toBe(200);
      const body = (await policy.json()) as {
        enrollments: { status: string; premiumFen: number }[];
      };
      expect(body.enrollments).toEqual([
        expect.objectContaining({ status: 'active', premiumFen: 10000 }),
      ]);
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    }
  });
});

describe('Personal data: no ID number or name of a demo person in plaintext in the SQLite files (issue 2)', () => {
  it('after the demo loads, the store files contain no demo ID number, name or phone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-demo-'));
    const config = testConfig(dir);
    const app = await createLedgerApp({
      config,
      access: testAccess(),
      clock: new FixedClock(Date.parse('2024-06-01T00:00:00Z')),
      logger: false,
    });
    const perTownship = 3;
    const result = await app.get(CommandBus).execute(new LoadDemoCampaignCommand(perTownship));
    expect(result.enrolled).toBeGreaterThan(100);
    const plans = app.get(PlanRepository);
    const people = [];
    for (const p of DEMO_PLANS)
      people.push(
        ...demoEnrollments((await plans.get(p.planId))!.definition, p.regionCode, perTownship).map(
          (e) => e.request.person,
        ),
      );
    const plans200 = await request(app.getHttpServer()).get('/plans').expect(200);
    // Five seeds; 004's product has two yearly plans.
    expect(plans200.body.length).toBe(6);
    await app.close();

    const files = readdirSync(dir).filter((f) => f.includes('sqlite'));
    expect(files).toEqual(expect.arrayContaining(['ledger.sqlite', 'ledger.keys.sqlite']));
    const bytes = files.map((f) => readFileSync(join(dir, f)));
    const leaks = people.flatMap((p) =>
      [p.idNumber, p.name!, p.phone!].filter((secret) =>
        bytes.some((b) => b.includes(Buffer.from(secret, 'utf8'))),
      ),
    );
    expect(leaks).toEqual([]);
    // The check itself works: plaintext that is meant to be there (plan names) is found.
    expect(bytes.some((b) => b.includes(Buffer.from('赣州惠民保', 'utf8')))).toBe(true);
  });
});
