import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { composeResidentId } from '@ledger/domain';
import { comparePositions, EventStore } from '@ledger/event-store';
import { InMemoryViewStore, LEDGER_PROJECTIONS, ProjectionRunner } from '@ledger/projections';
import { EnrollPersonCommand, FixedClock, EVENT_STORE, LedgerViews } from '@ledger/ledger';
import { createLedgerApp } from '../apps/ledger-api/src/create-ledger-app';
import { testAccess, testConfig } from './support/ledger-test-app';

const PROJECTOR = join(__dirname, '..', 'dist', 'apps', 'projector', 'src', 'main.js');
const TOTAL = Number(process.env.CRASH_TEST_ENROLLMENTS ?? 100_000);

function startProjector(dir: string): ChildProcess {
  return spawn(process.execPath, [PROJECTOR], {
    env: {
      ...process.env,
      LEDGER_DATA_DIR: dir,
      LEDGER_POLL_INTERVAL_MS: '20',
      LEDGER_PROJECTOR_BATCH: '500',
    },
    stdio: 'ignore',
  });
}

describe('Projector crash (issue 3): kill -9 in the middle of a 100,000-enrollment load', () => {
  it('after restart every figure equals a from-zero rebuild', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-projector-'));
    const config = { ...testConfig(dir), projections: 'external' as const };
    const app = await createLedgerApp({
      config,
      access: testAccess(),
      clock: new FixedClock(Date.parse('2024-01-31T12:00:00+08:00')),
      logger: false,
    });
    const commands = app.get(CommandBus);
    const store = app.get<EventStore>(EVENT_STORE);
    const views = app.get(LedgerViews);
    let projector = startProjector(dir);
    let killed = false;
    let next = 0;
    const worker = async () => {
      while (next < TOTAL) {
        const n = next++;
        const birth = new Date(Date.UTC(1950, 0, 1) + (n % 20_000) * 86_400_000)
          .toISOString()
          .slice(0, 10);
        const idNumber = composeResidentId('360730', birth, Math.floor(n / 20_000) + 1);
        await commands.execute(
          new EnrollPersonCommand(
            'ganzhou-2024',
            {
              person: { idNumber },
              basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
              townshipId: `t${String((n % 25) + 1).padStart(2, '0')}`,
              occurredAt: new Date(
                Date.parse('2023-12-12T09:00:00+08:00') + (n % 50) * 86_400_000,
              ).toISOString(),
              contributions:
                n % 7 === 0
                  ? [
                      {
                        source: 'department_subsidy',
                        amountFen: 10000,
                        category: 'hardship_groups',
                        funder: { funderId: 'civil-affairs', name: '民政局' },
                      },
                    ]
                  : [{ source: 'individual', amountFen: 10000 }],
            },
            { commandId: `load-${n}`, correlationId: 'load', actor: 'test' },
          ),
        );
        if (!killed && n === Math.floor(TOTAL * 0.4)) {
          killed = true;
          const checkpoint = views.viewStore.checkpoint('township-progress');
          expect(checkpoint?.position.commit ?? 0n).toBeGreaterThan(0n);
          projector.kill('SIGKILL');
          await new Promise((r) => projector.once('exit', r));
          projector = startProjector(dir);
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    expect(killed).toBe(true);

    const head = await store.headPosition();
    for (let i = 0; i < 1200; i++) {
      const behind = LEDGER_PROJECTIONS.some((p) => {
        const cp = views.viewStore.checkpoint(p.name);
        return !cp || comparePositions(cp.position, head) < 0;
      });
      if (!behind) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    projector.kill('SIGTERM');
    await new Promise((r) => projector.once('exit', r));

    const rebuilt = new ProjectionRunner(store, new InMemoryViewStore(), LEDGER_PROJECTIONS, {
      batchSize: 10_000,
    });
    await rebuilt.catchUp();
    for (const p of LEDGER_PROJECTIONS) {
      const persisted = Object.fromEntries(views.viewStore.all(p.name));
      const fromZero = Object.fromEntries(rebuilt.documents(p.name));
      expect([p.name, persisted]).toEqual([p.name, fromZero]);
    }
    const total = views.viewStore
      .all('township-progress', 'ganzhou-2024/')
      .reduce((s, [, d]) => s + ((d as { active?: number }).active ?? 0), 0);
    expect(total).toBe(TOTAL);
    await app.close();
  }, 600_000);
});
