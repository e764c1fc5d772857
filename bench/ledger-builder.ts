import Database from 'better-sqlite3';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import {
  EnrollmentReceipt,
  EnrollPersonCommand,
  ChangePolicyCommand,
  SubmitClaimCommand,
  loadConfig,
  FixedClock,
  CommandContext,
  LedgerViews,
  openLedgerContext,
} from '@ledger/ledger';
import { EventMetadata, eventHash, GENESIS_HASH } from '@ledger/event-store';
import { cpuSeconds, fmt, secondsSince } from './machine';
import { SyntheticCampaign } from './synthetic-campaign';

/**
 * Ledgers for the replay and query benchmarks, built fast:
 *   1. a seed campaign through the real command path (enrollments, then the follow-ups a campaign
 *      has: most pending personal-account deductions settle, some fail, some are still pending, a
 *      few cancellations, a few claims), so every event shape and size is real;
 *   2. clones of the seed's policy streams with raw inserts until the log holds N events: each
 *      round copies every seed policy event in log order, with new personRefs, event ids,
 *      enrollment ids and seq, same stream revisions (so each cloned stream is internally
 *      consistent), same sizes, same townships and payers. Hash chains of clones are recomputed
 *      only on request (`rehash`: a replay does not verify them, but a ledger opened on the file
 *      does, and finds unhashed clones an altered log).
 * The ledger directory holds its keys (.person-ref.key, .master.key), so the API started on it
 * with LEDGER_DATA_DIR reads it as its own.
 */

export const BENCH_NOW = '2024-01-31T12:00:00+08:00';
const FOLLOW_UP_AT = Date.parse('2024-01-31T10:00:00+08:00');
const CLAIM_AT = '2024-01-31T11:00:00+08:00';

export interface SeedOptions {
  enrollments: number;
  concurrency?: number;
  /** Claims per 1,000 enrollments (default 5). */
  claimsPerThousand?: number;
  log?: (line: string) => void;
}

export interface SeedResult {
  sqlitePath: string;
  enrollments: number;
  settled: number;
  failed: number;
  cancelled: number;
  claims: number;
  refused: number;
  seconds: number;
  cpuSeconds: number;
}

/** Config of a ledger directory, as the API would load it with LEDGER_DATA_DIR=dataDir. */
/** Tamper-evidence settings a bench run may set (docs/performance.md measures their cost). */
const AUDIT_VARIABLES = [
  'LEDGER_SEAL_INTERVAL_MS',
  'LEDGER_INTEGRITY_INTERVAL_MS',
  'LEDGER_INTEGRITY_SCRUB_EVENTS',
] as const;

export function ledgerConfig(dataDir: string) {
  const audit = Object.fromEntries(
    AUDIT_VARIABLES.filter((v) => process.env[v] !== undefined).map((v) => [v, process.env[v]]),
  );
  return loadConfig({
    LEDGER_DATA_DIR: dataDir,
    LEDGER_HOST: '127.0.0.1',
    LEDGER_PORT: '0',
    ...audit,
  });
}

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** A seed campaign through the command bus (in this process, clock at BENCH_NOW). */
export async function buildSeedLedger(dataDir: string, options: SeedOptions): Promise<SeedResult> {
  const { enrollments, concurrency = 256, claimsPerThousand = 5 } = options;
  const config = ledgerConfig(dataDir);
  const app = await openLedgerContext({
    config,
    clock: new FixedClock(Date.parse(BENCH_NOW)),
    logger: false,
  });
  const bus = app.get(CommandBus);
  const campaign = new SyntheticCampaign(2024);
  const requests = Array.from({ length: enrollments }, (_, n) => campaign.enrollment(n));
  const ctx = (id: string): CommandContext => ({
    commandId: id,
    correlationId: 'bench-seed',
    actor: 'bench',
  });
  const cpu = cpuSeconds();
  const started = process.hrtime.bigint();
  const receipts: (EnrollmentReceipt | undefined)[] = new Array(enrollments);
  let refused = 0;
  await pool(
    requests.map((_, n) => n),
    concurrency,
    async (n) => {
      receipts[n] = await bus
        .execute<EnrollPersonCommand, EnrollmentReceipt>(
          new EnrollPersonCommand('ganzhou-2024', requests[n], ctx(`seed-enroll-${n}`)),
        )
        .catch(() => {
          refused++;
          return undefined;
        });
    },
  );
  options.log?.(
    `seed: ${fmt(enrollments)} enrollments through the command bus in ${fmt(secondsSince(started), 1)} s`,
  );

  // Follow-ups: pending deductions settle or fail; 1% of the others cancel; a few claims.
  const followUps: (() => Promise<unknown>)[] = [];
  let settled = 0;
  let failed = 0;
  let cancelled = 0;
  let claims = 0;
  const claimEvery = claimsPerThousand > 0 ? Math.round(1000 / claimsPerThousand) : 0;
  receipts.forEach((receipt, n) => {
    if (!receipt) return;
    const enrolledAt = Date.parse(requests[n].occurredAt!);
    const at = new Date(Math.max(enrolledAt, Math.min(enrolledAt + 2 * 86_400_000, FOLLOW_UP_AT)));
    const change = (kind: 'settle' | 'fail' | 'cancel') =>
      new ChangePolicyCommand(
        'ganzhou-2024',
        receipt.personRef,
        kind === 'cancel'
          ? { kind: 'cancel', reason: 'bench: moved away' }
          : kind === 'settle'
            ? { kind: 'settle_deduction', contributionId: `${receipt.enrollmentId}/c1` }
            : {
                kind: 'fail_deduction',
                contributionId: `${receipt.enrollmentId}/c1`,
                reason: 'bench: insufficient balance',
              },
        at.toISOString(),
        ctx(`seed-${kind}-${n}`),
      );
    if (receipt.status === 'pending_payment') {
      // The campaign is caught mid-way: 60% of pending deductions settled, 10% failed, the rest
      // still pending.
      if (n % 10 >= 7) return;
      const kind = n % 10 < 6 ? 'settle' : 'fail';
      followUps.push(() =>
        bus.execute(change(kind)).then(() => (kind === 'settle' ? settled++ : failed++)),
      );
    } else if (n % 100 === 37) {
      followUps.push(() => bus.execute(change('cancel')).then(() => cancelled++));
    } else if (claimEvery > 0 && n % claimEvery === 11) {
      const claim = campaign.claim(n);
      followUps.push(() =>
        bus
          .execute(
            new SubmitClaimCommand(
              'ganzhou-2024',
              receipt.personRef,
              claim,
              CLAIM_AT,
              ctx(`seed-claim-${n}`),
            ),
          )
          .then(() => claims++),
      );
    }
  });
  await pool(followUps, concurrency, (f) =>
    f().then(
      () => undefined,
      () => {
        refused++;
      },
    ),
  );
  await app.get(LedgerViews).caughtUp(undefined, 600_000);
  const seconds = secondsSince(started);
  const cpuUsed = cpuSeconds() - cpu;
  await app.close();
  options.log?.(
    `seed: + ${fmt(settled)} deductions settled, ${fmt(failed)} failed, ${fmt(cancelled)} cancellations, ${fmt(claims)} claims (${fmt(refused)} commands refused) — ${fmt(seconds, 1)} s, ${fmt(cpuUsed, 1)} CPU-s in all`,
  );
  return {
    sqlitePath: config.sqlitePath,
    enrollments: enrollments - refused,
    settled,
    failed,
    cancelled,
    claims,
    refused,
    seconds,
    cpuSeconds: cpuUsed,
  };
}

/** seq, stream_id, revision, event_id, type, data, metadata, recorded_at */
type Row = [number, string, number, string, string, string, string, string];

/** A string cut at its personRefs and UUIDs: literal, token, literal, …, literal. */
interface Template {
  literals: string[];
  tokens: string[];
}

/** 32-hex personRefs and UUIDs, not inside longer hex runs (hashes stay untouched). */
const TOKEN =
  /(?<![0-9a-f])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})(?![0-9a-f])/g;

function template(text: string): Template {
  const literals: string[] = [];
  const tokens: string[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    literals.push(text.slice(last, m.index));
    tokens.push(m[0]);
    last = m.index! + m[0].length;
  }
  literals.push(text.slice(last));
  return { literals, tokens };
}

/** The template with each token's first 8 hex digits replaced by the round number. */
function render(t: Template, prefix: string): string {
  let out = t.literals[0];
  for (let i = 0; i < t.tokens.length; i++) {
    out += prefix + t.tokens[i].slice(8) + t.literals[i + 1];
  }
  return out;
}

export interface CloneResult {
  events: number;
  cloned: number;
  seconds: number;
}

/**
 * Appends clones of the ledger's policy events (raw inserts, outside the store) until it holds
 * `targetEvents` events. Idempotent on a ledger that already holds enough.
 */
export function cloneLedger(
  sqlitePath: string,
  targetEvents: number,
  log?: (line: string) => void,
  options: { rehash?: boolean } = {},
): CloneResult {
  const db = new Database(sqlitePath);
  try {
    db.pragma('journal_mode = WAL');
    // A build step, not a measured one: no fsync, a large cache for the random-key indexes.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1000000');
    db.pragma('wal_autocheckpoint = 100000');
    const head = (db.prepare('SELECT MAX(seq) FROM es_events').pluck().get() as number) ?? 0;
    if (head >= targetEvents) return { events: head, cloned: 0, seconds: 0 };
    // Which events are the seed, and how many rounds were cloned already (a later call extends).
    db.exec(
      'CREATE TABLE IF NOT EXISTS bench_clones (seed_head INTEGER NOT NULL, rounds INTEGER NOT NULL)',
    );
    const meta = db.prepare('SELECT seed_head, rounds FROM bench_clones').get() as
      { seed_head: number; rounds: number } | undefined;
    const seedHead = meta?.seed_head ?? head;
    const seed = db
      .prepare(
        `SELECT seq, stream_id, revision, event_id, type, data, metadata, recorded_at
         FROM es_events WHERE seq <= ? AND stream_id LIKE 'policy-%' ORDER BY seq`,
      )
      .raw()
      .all(seedHead) as Row[];
    if (seed.length === 0) throw new Error('no policy events to clone');
    const templates = seed.map((r) => ({
      streamId: template(r[1]),
      revision: r[2],
      eventId: template(r[3]),
      type: r[4],
      data: template(r[5]),
      metadata: template(r[6]),
      recordedAt: r[7],
    }));
    const insertEvent = db.prepare(
      `INSERT INTO es_events (seq, stream_id, revision, event_id, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const started = process.hrtime.bigint();
    let seq = head;
    let round = (meta?.rounds ?? 0) + 1;
    let lastLog = Date.now();
    const cloneRound = db.transaction((prefix: string, count: number) => {
      // Per cloned stream, the last hash (with rehash: clones chained like written events).
      const lastHash = new Map<string, string>();
      for (let i = 0; i < count; i++) {
        const t = templates[i];
        const streamId = render(t.streamId, prefix);
        const eventId = render(t.eventId, prefix);
        const data = render(t.data, prefix);
        let metadata = render(t.metadata, prefix);
        if (options.rehash) {
          const m = JSON.parse(metadata) as EventMetadata & { prevHash: string; hash: string };
          m.prevHash = t.revision === 0 ? GENESIS_HASH : lastHash.get(streamId)!;
          m.hash = eventHash(
            m.prevHash,
            streamId,
            BigInt(t.revision),
            eventId,
            t.type,
            JSON.parse(data),
            m,
          );
          lastHash.set(streamId, m.hash);
          metadata = JSON.stringify(m);
        }
        insertEvent.run(++seq, streamId, t.revision, eventId, t.type, data, metadata, t.recordedAt);
      }
    });
    while (seq < targetEvents) {
      const prefix = (0xc0000000 + round).toString(16);
      cloneRound(prefix, Math.min(templates.length, targetEvents - seq));
      round++;
      if (log && Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        const s = secondsSince(started);
        log(`clone: ${fmt(seq)} / ${fmt(targetEvents)} events, ${fmt((seq - head) / s)} events/s`);
      }
    }
    db.prepare('DELETE FROM bench_clones').run();
    db.prepare('INSERT INTO bench_clones (seed_head, rounds) VALUES (?, ?)').run(
      seedHead,
      round - 1,
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    const seconds = secondsSince(started);
    return { events: seq, cloned: seq - head, seconds };
  } finally {
    db.close();
  }
}

export const ledgerPathIn = (dataDir: string) => join(dataDir, 'ledger.sqlite');
