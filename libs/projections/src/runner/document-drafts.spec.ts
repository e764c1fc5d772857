import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ContributionInput,
  decideCancel,
  decideEnroll,
  decideSettleDeduction,
  foldPolicy,
  PolicyEvent,
} from '@ledger/domain';
import { at, person, planState, testPlanDefinition } from '@ledger/domain/testing/fixtures';
import { LogPosition, SqliteEventStore } from '@ledger/event-store';
import { copyDocument, DocumentBatch } from '../document-drafts';
import { LEDGER_PROJECTIONS } from '../ledger-projections';
import { InMemoryViewStore } from './in-memory-view-store';
import { DocumentChange, ProjectionRunner } from './projection-runner';
import { SqliteViewStore } from './sqlite-view-store';
import { ViewCommit, ViewStore } from './view-store.port';

describe('DocumentBatch: drafts owned by one batch', () => {
  it('edit copies a committed document once per batch; the committed one is never touched', () => {
    type Doc = { n: number; days: Record<string, { enrolled: number }> };
    const committed = new Map<string, Doc>([['a', { n: 1, days: { d1: { enrolled: 1 } } }]]);
    const before = JSON.stringify([...committed]);
    const batch = new DocumentBatch(committed);
    const draft = batch.edit('a', () => ({ n: 0, days: {} }));
    expect(draft).not.toBe(committed.get('a'));
    expect(draft.days).not.toBe(committed.get('a')!.days);
    draft.n += 1;
    draft.days.d1.enrolled += 1;
    // The same draft for the rest of the batch, and `get` sees it.
    expect(batch.edit('a', () => ({ n: 0, days: {} }))).toBe(draft);
    expect(batch.get('a')).toBe(draft);
    expect(JSON.stringify([...committed])).toBe(before);
    expect([...batch.changed]).toEqual([['a', { n: 2, days: { d1: { enrolled: 2 } } }]]);
  });

  it('creates absent documents, keeps put ones, and leaves unread keys out of the result', () => {
    const committed = new Map<string, { n: number }>([['kept', { n: 5 }]]);
    const batch = new DocumentBatch(committed);
    expect(batch.get('new')).toBeUndefined();
    batch.edit('new', () => ({ n: 0 })).n += 3;
    const replaced = { n: 9 };
    batch.put('kept', replaced);
    expect(batch.get('kept')).toBe(replaced);
    expect(batch.edit('kept', () => ({ n: 0 }))).toBe(replaced);
    expect(batch.get('other')).toBeUndefined();
    expect([...batch.changed.keys()]).toEqual(['new', 'kept']);
    expect(committed.get('kept')).toEqual({ n: 5 });
  });

  it('copyDocument copies JSON deeply, key order and "__proto__" keys included', () => {
    const doc = JSON.parse('{"b":1,"a":[{"x":1},2,null],"__proto__":{"y":2},"10":"ten"}') as {
      a: unknown[];
    };
    const copy = copyDocument(doc);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(doc));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(copy.a).not.toBe(doc.a);
    expect(copy.a[0]).not.toBe(doc.a[0]);
  });
});

// A ledger that reaches every view: enrollments in two townships with own, funded and pending
// payments, settlements and cancellations around the deadline, a coalition set midway (premiums
// held, then allocated), assessments, claims and payouts, and a stream no view reads.
const COALITION = {
  leadInsurerId: 'picc',
  members: [
    { insurerId: 'picc', name: { zh: '人保财险', en: 'PICC' }, shareBp: 3334 },
    { insurerId: 'cpic', name: { zh: '太保财险', en: 'CPIC' }, shareBp: 3333 },
    { insurerId: 'pingan', name: { zh: '平安产险', en: 'Ping An' }, shareBp: 3333 },
  ],
};
const DEFINITION = testPlanDefinition({
  townships: [
    { townshipId: 't01', name: { zh: '甲镇', en: 'Jia' }, baseParticipants: 100, targets: {} },
    { townshipId: 't02', name: { zh: '乙乡', en: 'Yi' }, baseParticipants: 80, targets: {} },
  ],
  targets: {
    kind: 'rate',
    levels: [{ name: 'required', rateBp: 2000, description: { zh: '', en: '' } }],
    rounding: 'half_up',
    deadline: '2023-11-20',
    description: { zh: '', en: '' },
  },
});
const PLAN = planState(DEFINITION);

const CONTRIBUTIONS: ContributionInput[][] = [
  [{ source: 'individual', amountFen: 10000 }],
  [
    { source: 'employer', amountFen: 3000, funder: { funderId: 'u1', name: '工会' } },
    { source: 'employer', amountFen: 2000, funder: { funderId: 'u1', name: '工会' } },
    { source: 'individual', amountFen: 5000 },
  ],
  [
    {
      source: 'department_subsidy',
      amountFen: 10000,
      category: 'disabled',
      funder: { funderId: 'dpf', name: '残联' },
    },
  ],
];

interface LedgerEvent {
  streamId: string;
  type: string;
  data: { occurredAt: string; [field: string]: unknown };
}

function ledger(count: number): LedgerEvent[] {
  const events: LedgerEvent[] = [
    {
      streamId: 'plan-test-2024',
      type: 'PlanPublished',
      data: { planId: 'test-2024', definition: DEFINITION, occurredAt: '2023-09-01T00:00:00Z' },
    },
  ];
  const policy = (streamId: string, list: readonly PolicyEvent[]) => {
    for (const e of list) {
      events.push({ streamId, type: e.type, data: e.data as LedgerEvent['data'] });
    }
  };
  for (let n = 0; n < count; n++) {
    if (n === Math.floor(count / 2)) {
      events.push({
        streamId: 'plan-test-2024',
        type: 'PlanAmended',
        data: {
          planId: 'test-2024',
          changes: { coalition: COALITION },
          reason: 'tender',
          occurredAt: '2023-11-15T00:00:00Z',
        },
      });
    }
    const p = person('1980-01-01', n + 1);
    const streamId = `policy-test-2024-${p.personRef}`;
    const day = String(1 + (n % 28)).padStart(2, '0');
    const pending = n % 7 === 3;
    const decided = decideEnroll(undefined, PLAN, {
      planId: 'test-2024',
      enrollmentId: `e${n}`,
      person: p,
      basicInsurance: { scheme: pending ? 'employee' : 'resident', insuredRegionCode: '330281' },
      townshipId: n % 3 ? 't01' : 't02',
      contributions: pending
        ? [
            {
              source: 'personal_account',
              amountFen: 10000,
              relation: 'self',
              payer: { personRef: p.personRef },
              deduction: 'pending',
            },
          ]
        : CONTRIBUTIONS[n % CONTRIBUTIONS.length],
      occurredAt: at(`2023-11-${day}T${String(n % 24).padStart(2, '0')}:30:00+08:00`),
    });
    if (!decided.ok) throw decided.error;
    let history = decided.events as PolicyEvent[];
    policy(streamId, history);
    if (pending && n % 2 === 1) {
      const settled = decideSettleDeduction(foldPolicy(history), {
        planId: 'test-2024',
        personRef: p.personRef,
        contributionId: `e${n}/c1`,
        occurredAt: at(`2023-11-${day}T23:00:00+08:00`),
      });
      if (!settled.ok) throw settled.error;
      policy(streamId, settled.events);
      history = [...history, ...settled.events];
    }
    if (n % 5 === 4) {
      const cancelled = decideCancel(foldPolicy(history), PLAN, {
        planId: 'test-2024',
        personRef: p.personRef,
        reason: 'moved away',
        occurredAt: at('2023-12-20T10:00:00+08:00'),
      });
      if (!cancelled.ok) throw cancelled.error;
      policy(streamId, cancelled.events);
    }
    if (n % 9 === 0) claims(events, streamId, n);
    if (n % 11 === 0) {
      events.push({
        streamId: 'assessment-test-2024',
        type: n % 2 ? 'StaffRelativesCoverageRecorded' : 'InspectionScored',
        data: {
          planId: 'test-2024',
          townshipId: n % 3 ? 't01' : 't02',
          item: 'publicity',
          points: n % 5,
          note: '',
          relatives: n,
          enrolled: n - 1,
          occurredAt: '2023-12-01T00:00:00Z',
        },
      });
      events.push({ streamId: `person-${n}`, type: 'Other', data: { occurredAt: '2023-12-01' } });
    }
  }
  return events;
}

/** Claim events as the domain records them, reduced to what the payouts view reads. */
function claims(events: LedgerEvent[], streamId: string, n: number): void {
  const occurredAt = '2024-03-05T00:00:00.000Z';
  const codes = n % 2 ? ['R1', 'R2'] : ['R1'];
  const payoutFen = 1000 + n;
  const parts = COALITION.members.map((m, i) => ({
    insurerId: m.insurerId,
    name: m.name,
    shareBp: m.shareBp,
    amountFen: i === 0 ? payoutFen - 2 * Math.floor(payoutFen / 3) : Math.floor(payoutFen / 3),
  }));
  const byResponsibility = codes.map((code, i) => ({
    responsibilityCode: code,
    payoutFen: i === 0 ? payoutFen - (codes.length - 1) * 10 : 10,
  }));
  const base = { planId: 'test-2024', personRef: `ref-${n}`, claimId: `c${n}`, occurredAt };
  events.push(
    { streamId, type: 'ClaimRejected', data: { ...base, rule: `rule.${n % 2}` } },
    {
      streamId,
      type: 'ClaimAdjudicated',
      data: {
        ...base,
        breakdown: codes.map((code) => ({
          responsibilityCode: code,
          countedFen: 5000,
          rawPayoutFen: 2600,
          payoutFen: 2500,
          cappedBy: n % 4 ? 'none' : 'responsibility_cap',
        })),
        totals: { countedFen: 5000 * codes.length },
        payoutFen: 2500 * codes.length,
      },
    },
    { streamId, type: 'PayoutApproved', data: { ...base, payoutFen, byResponsibility, parts } },
  );
  if (n % 2 === 0) {
    events.push({
      streamId,
      type: 'PayoutPaid',
      data: { ...base, payoutFen, byResponsibility, parts },
    });
  }
}

async function appendAll(store: SqliteEventStore, events: readonly LedgerEvent[]) {
  for (const e of events) {
    const id = randomUUID();
    await store.append(
      e.streamId,
      [
        {
          id,
          type: e.type,
          data: e.data,
          metadata: {
            eventId: id,
            correlationId: 'drafts',
            causationId: id,
            actor: 'test',
            occurredAt: e.data.occurredAt,
            schemaVersion: 1,
          },
        },
      ],
      'any',
    );
  }
}

/** Every view's documents in key order, each serialized (property order matters). */
function snapshot(runner: ProjectionRunner): Record<string, [string, string][]> {
  const out: Record<string, [string, string][]> = {};
  for (const p of LEDGER_PROJECTIONS) {
    out[p.name] = [...runner.documents(p.name)]
      .map(([k, d]): [string, string] => [k, JSON.stringify(d)])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return out;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

/**
 * Freezes every committed document (a reducer writing to one then throws: spec files are strict
 * code) and remembers it serialized, to check later that no later batch changed it.
 */
function guardCommitted() {
  const committed: { doc: unknown; json: string }[] = [];
  return {
    onCommitted(changes: DocumentChange[]) {
      for (const c of changes) {
        committed.push({ doc: c.doc, json: JSON.stringify(c.doc) });
        deepFreeze(c.doc);
      }
    },
    unchanged: () => committed.every((c) => JSON.stringify(c.doc) === c.json),
    count: () => committed.length,
  };
}

describe('Drafts in the runner: committed documents never change; rebuild equals incremental', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drafts-'));
  const events = ledger(120);
  let store: SqliteEventStore;
  let rebuilt: Record<string, [string, string][]>;

  beforeAll(async () => {
    store = new SqliteEventStore({ path: join(dir, 'ledger.sqlite') });
    await appendAll(store, events);
    const once = new ProjectionRunner(store, new InMemoryViewStore(), LEDGER_PROJECTIONS, {
      batchSize: 100_000,
    });
    expect(await once.catchUp()).toBe(events.length);
    rebuilt = snapshot(once);
  });

  afterAll(() => store.close());

  it('the ledger reaches every view', () => {
    for (const p of LEDGER_PROJECTIONS) expect(rebuilt[p.name].length).toBeGreaterThan(0);
    const coinsurance = JSON.parse(rebuilt.coinsurance[0][1]) as { insurers: object };
    expect(Object.keys(coinsurance.insurers)).toHaveLength(3);
  });

  it.each([
    [1, 1],
    [3, 3],
    [7, 7],
    [64, 64],
    [50, 7],
    [2000, 16],
  ])(
    'in batches of %i read %i at a time, with restarts, frozen committed documents: the same views as one batch',
    async (batchSize, readPageSize) => {
      const views = new InMemoryViewStore();
      const guard = guardCommitted();
      const runner = (n: number) =>
        new ProjectionRunner(store, views, LEDGER_PROJECTIONS, {
          batchSize: n,
          readPageSize,
          onCommitted: guard.onCommitted,
        });
      // A restart after a third of the log, then one view rebuilt from zero alone.
      const third: LogPosition = { commit: BigInt(Math.floor(events.length / 3)), prepare: 0n };
      await runner(batchSize).catchUp(third);
      const second = runner(batchSize);
      await second.catchUp();
      await second.rebuild('coinsurance');
      expect(snapshot(second)).toEqual(rebuilt);
      // A fresh runner reading what the store holds agrees too.
      expect(snapshot(runner(batchSize))).toEqual(rebuilt);
      expect(guard.count()).toBeGreaterThan(0);
      expect(guard.unchanged()).toBe(true);
    },
  );

  it('a batch read in pages is committed once, with every view at the last position read', async () => {
    const commits: bigint[] = [];
    const runner = new ProjectionRunner(store, new InMemoryViewStore(), LEDGER_PROJECTIONS, {
      batchSize: 100,
      readPageSize: 30,
      onCommitted: (_, position) => commits.push(position.commit),
    });
    const total = events.length;
    expect(await runner.catchUp()).toBe(total);
    // Pages of 30 until at least 100 events are open: commits every 120 events, then the rest.
    expect(commits).toEqual([
      ...Array.from({ length: Math.floor(total / 120) }, (_, i) => BigInt(120 * (i + 1))),
      ...(total % 120 ? [BigInt(total)] : []),
    ]);
    expect(runner.status().every((s) => s.checkpoint.commit === BigInt(total))).toBe(true);
    expect(snapshot(runner)).toEqual(rebuilt);
  });

  it('live: batches delivered by the subscription give the same views', async () => {
    const live = new SqliteEventStore({ path: join(dir, 'live.sqlite'), pollIntervalMs: 5 });
    try {
      const guard = guardCommitted();
      const runner = new ProjectionRunner(live, new InMemoryViewStore(), LEDGER_PROJECTIONS, {
        batchSize: 5,
        onCommitted: guard.onCommitted,
      });
      await appendAll(live, events.slice(0, 40));
      await runner.start();
      await appendAll(live, events.slice(40));
      const head = await live.headPosition();
      for (
        let i = 0;
        i < 500 && runner.status().some((s) => s.checkpoint.commit < head.commit);
        i++
      )
        await new Promise((resolve) => setTimeout(resolve, 10));
      await runner.stop();
      expect(snapshot(runner)).toEqual(rebuilt);
      expect(guard.unchanged()).toBe(true);
    } finally {
      await live.close();
    }
  });

  it('SqliteViewStore: stored documents of an incremental projection equal a rebuild, byte for byte', async () => {
    const views = new SqliteViewStore(store.db);
    const stored = () =>
      LEDGER_PROJECTIONS.map((p) => JSON.stringify(views.all(p.name).map(([k, d]) => [k, d])));
    const incremental = new ProjectionRunner(store, views, LEDGER_PROJECTIONS, { batchSize: 9 });
    await incremental.catchUp({ commit: 50n, prepare: 0n });
    await new ProjectionRunner(store, views, LEDGER_PROJECTIONS, { batchSize: 9 }).catchUp();
    const before = stored();
    const again = new ProjectionRunner(store, views, LEDGER_PROJECTIONS, { batchSize: 100_000 });
    await again.rebuild();
    expect(stored()).toEqual(before);
    expect(snapshot(again)).toEqual(rebuilt);
  });

  it('a batch whose commit fails leaves the documents as committed; the retry counts it once', async () => {
    const inner = new InMemoryViewStore();
    let failNext = false;
    const failing: ViewStore = {
      checkpoint: (view) => inner.checkpoint(view),
      all: (view, prefix) => inner.all(view, prefix),
      get: (view, key) => inner.get(view, key),
      reset: (view) => inner.reset(view),
      commit(commits: readonly ViewCommit[]) {
        if (failNext) {
          failNext = false;
          throw new Error('disk full');
        }
        inner.commit(commits);
      },
    };
    const runner = new ProjectionRunner(store, failing, LEDGER_PROJECTIONS, { batchSize: 25 });
    await runner.catchUp({ commit: 100n, prepare: 0n });
    const committed = snapshot(runner);
    failNext = true;
    await expect(runner.catchUp()).rejects.toThrow('disk full');
    expect(snapshot(runner)).toEqual(committed);
    await runner.catchUp();
    expect(snapshot(runner)).toEqual(rebuilt);
  });
});
