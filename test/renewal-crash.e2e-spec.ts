import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { composeResidentId, PolicyEvent } from '@ledger/domain';
import { EventStore, START_POSITION } from '@ledger/event-store';
import {
  ChangePolicyCommand,
  DerivePlanCommand,
  EnrollBatchCommand,
  EVENT_STORE,
  FixedClock,
  GiveRenewalConsentCommand,
  LedgerViews,
  openLedgerContext,
  ProductViews,
} from '@ledger/ledger';
import { testConfig } from './support/ledger-test-app';

const CLI = join(__dirname, '..', 'dist', 'apps', 'ledger-cli', 'src', 'main.js');
const NINGDU = '360730';
const PRODUCT = 'ganzhou-huiminbao';
const RUN_AT = '2024-12-12T09:00:00+08:00';

/** The CLI's renewal run in a child process; kill it with SIGKILL once `killAfter` are done. */
function renewalRun(
  dir: string,
  keys: { personRef: Buffer; master: Buffer },
  killAfter?: number,
): Promise<{ lines: string[]; killed: boolean; code: number | null }> {
  const child = spawn(
    process.execPath,
    [CLI, 'renewal-run', PRODUCT, '2025', '--occurred-at', RUN_AT, '--concurrency', '4'],
    {
      env: {
        ...process.env,
        LEDGER_DATA_DIR: dir,
        LEDGER_PERSON_REF_KEY: keys.personRef.toString('base64'),
        LEDGER_MASTER_KEY: keys.master.toString('base64'),
        LEDGER_DEMO: '0',
        // The lines this test reads are the English ones.
        LEDGER_LANG: 'en',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let errors = '';
  let killed = false;
  let buffer = '';
  child.stderr!.on('data', (d) => (errors += d));
  child.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      const done = /^(\d+)\/\d+ /.exec(line);
      if (!killed && killAfter !== undefined && done && Number(done[1]) >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    }
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`renewal run failed:\n${errors}`));
      else resolve({ lines, killed, code });
    }),
  );
}

/** Every event of the streams a renewal run writes, as comparable records (no store times). */
async function renewalRecords(store: EventStore) {
  const out: Record<string, { id: string; type: string; revision: string; data: unknown }[]> = {};
  let after = START_POSITION;
  for (;;) {
    const page = await store.readAll({
      after,
      maxCount: 1_000,
      streamPrefixes: ['policy-ganzhou-2025-', `product-${PRODUCT}`, `renewal-${PRODUCT}-`],
    });
    for (const e of page) {
      (out[e.streamId] ??= []).push({
        id: e.id,
        type: e.type,
        revision: e.revision.toString(),
        data: e.data,
      });
    }
    if (page.length < 1_000) break;
    after = page[page.length - 1].position;
  }
  return out;
}

describe('Renewal (续保) survives kill -9 in the middle (issue 16)', () => {
  it('year 1 with 1,000 people, 300 consenting; year 2 derived with a higher deductible: the run creates 300 pending deductions (kill -9 halfway, re-run: exactly the same as one clean run), 20 fail, 280 become active', async () => {
    if (!existsSync(CLI)) throw new Error(`build first (npm run build): ${CLI} is missing`);
    const dirA = mkdtempSync(join(tmpdir(), 'ledger-renewal-a-'));
    const dirB = mkdtempSync(join(tmpdir(), 'ledger-renewal-b-'));
    const keys = { personRef: randomBytes(32), master: randomBytes(32) };
    const config = {
      ...testConfig(dirA),
      personRefKey: keys.personRef,
      masterKey: keys.master,
    };
    const clock = new FixedClock(Date.parse('2024-12-12T10:00:00+08:00'));
    let app = await openLedgerContext({ config, clock, logger: false });
    const commands = app.get(CommandBus);

    // Year 1 (ganzhou-2024): 1,000 people. People 0..199 hold employee insurance and consent to
    // renew from their own account; 200..299 are residents whose employee child's account pays.
    const id = (n: number) =>
      composeResidentId(NINGDU, `196${Math.floor(n / 500)}-01-01`, (n % 500) + 1);
    const payerOf = (n: number) => composeResidentId(NINGDU, '1990-06-06', n + 1);
    const employee = (n: number) => n < 200;
    for (let from = 0; from < 1_000; from += 500) {
      const outcomes = await commands.execute(
        new EnrollBatchCommand(
          'ganzhou-2024',
          Array.from({ length: 500 }, (_, k) => {
            const n = from + k;
            return {
              request: {
                person: { idNumber: id(n) },
                basicInsurance: {
                  scheme: employee(n) ? ('employee' as const) : ('resident' as const),
                  insuredRegionCode: NINGDU,
                },
                townshipId: `t${String((n % 25) + 1).padStart(2, '0')}`,
                occurredAt: '2023-12-20T10:00:00+08:00',
                contributions: [{ source: 'individual' as const, amountFen: 10000 }],
              },
              ctx: { commandId: `y1-${n}`, correlationId: 'y1', actor: 'test' },
            };
          }),
        ),
      );
      expect(outcomes.filter((o: { ok: boolean }) => !o.ok)).toEqual([]);
    }
    for (let n = 0; n < 300; n++) {
      await commands.execute(
        new GiveRenewalConsentCommand(
          PRODUCT,
          {
            person: { idNumber: id(n) },
            basicInsurance: {
              scheme: employee(n) ? 'employee' : 'resident',
              insuredRegionCode: NINGDU,
            },
            payer: employee(n) ? { idNumber: id(n) } : { idNumber: payerOf(n), scheme: 'employee' },
            relation: employee(n) ? 'self' : 'parent',
            occurredAt: '2024-01-10T10:00:00+08:00',
          },
          { commandId: `consent-${n}`, correlationId: 'consents', actor: 'test' },
        ),
      );
    }
    // Year 2 derived with a higher deductible (1.5万 → 2万).
    const derived = await commands.execute(
      new DerivePlanCommand(
        PRODUCT,
        {
          fromPlanId: 'ganzhou-2024',
          changes: {
            responsibilities: [
              { code: 'in_catalogue', deductibleFen: 2_000_000 },
              { code: 'out_of_catalogue', deductibleFen: 2_000_000 },
            ],
          },
          reason: '2024年度赔付率偏高，起付线提高至2万元',
          occurredAt: '2024-10-01T10:00:00+08:00',
        },
        { commandId: 'derive-2025', correlationId: 'derive', actor: 'test' },
      ),
    );
    expect(derived).toMatchObject({ planId: 'ganzhou-2025', status: 'ready' });
    await app.close();

    // The same ledger twice: A is killed in the middle and run again, B runs once.
    for (const f of readdirSync(dirA)) copyFileSync(join(dirA, f), join(dirB, f));

    const interrupted = await renewalRun(dirA, keys, 100);
    const renewedBeforeKill = interrupted.lines.filter((l) => l.includes(' renewed ')).length;
    expect(interrupted.killed).toBe(true);
    expect(renewedBeforeKill).toBeGreaterThanOrEqual(100);
    expect(renewedBeforeKill).toBeLessThan(300);
    expect(interrupted.lines.some((l) => l.startsWith('renewal run'))).toBe(false);

    const resumed = await renewalRun(dirA, keys);
    expect(resumed.lines.at(-1)).toContain('(resumed): 300 consents, 300 pending deductions');
    expect(resumed.lines.filter((l) => l.endsWith('(earlier)')).length).toBeGreaterThanOrEqual(100);

    const clean = await renewalRun(dirB, keys);
    expect(clean.lines.at(-1)).toMatch(
      /^renewal run 2025-1 into ganzhou-2025: 300 consents, 300 pending deductions/,
    );

    app = await openLedgerContext({ config, clock, logger: false });
    const storeA = app.get<EventStore>(EVENT_STORE);
    const appB = await openLedgerContext({
      config: { ...testConfig(dirB), personRefKey: keys.personRef, masterKey: keys.master },
      clock,
      logger: false,
    });
    const recordsA = await renewalRecords(storeA);
    const recordsB = await renewalRecords(appB.get<EventStore>(EVENT_STORE));
    await appB.close();
    // Exactly the same events (ids, revisions, data) in every stream the run wrote.
    expect(Object.keys(recordsA).filter((s) => s.startsWith('policy-'))).toHaveLength(300);
    expect(recordsA).toEqual(recordsB);

    // The 300 pending deductions settle or fail like any other: 20 fail, 280 settle.
    const enrolled = Object.values(recordsA)
      .flat()
      .filter((e) => e.type === 'PolicyEnrolled')
      .map((e) => e.data as Extract<PolicyEvent, { type: 'PolicyEnrolled' }>['data']);
    expect(enrolled).toHaveLength(300);
    expect(enrolled.every((e) => e.contributions[0].status === 'pending')).toBe(true);
    expect(
      enrolled.every((e) => e.cohort?.coveredPreviousYear && e.cohort.renewalRunId === '2025-1'),
    ).toBe(true);
    const commandsA = app.get(CommandBus);
    clock.set(Date.parse('2024-12-20T10:00:00+08:00'));
    for (const [i, e] of enrolled.entries()) {
      const contributionId = e.contributions[0].contributionId;
      const change =
        i < 20
          ? { kind: 'fail_deduction' as const, contributionId, reason: '个人账户余额不足' }
          : { kind: 'settle_deduction' as const, contributionId };
      await commandsA.execute(
        new ChangePolicyCommand('ganzhou-2025', e.personRef, change, undefined, {
          commandId: `deduction-${i}`,
          correlationId: 'deductions',
          actor: 'test',
        }),
      );
    }
    await app.get(LedgerViews).catchUpOnce();
    const view = await app.get(ProductViews).cumulative(PRODUCT);
    const y2025 = view.years.find((y) => y.planYear === 2025)!;
    expect(y2025).toMatchObject({
      enrollments: 280,
      continuing: 280,
      newPeople: 0,
      pending: 0,
      renewals: { created: 300, pending: 0, active: 280, lapsed: 20, cancelled: 0 },
      renewalRateBp: 2800,
    });
    expect(view.overall).toMatchObject({ distinctPeople: 1_000, enrollments: 1_280 });
    const lapsed = (
      Object.values(await renewalRecords(storeA)).flat() as { type: string }[]
    ).filter((e) => e.type === 'EnrollmentLapsed');
    expect(lapsed).toHaveLength(20);
    await app.close();
  }, 600_000);
});
