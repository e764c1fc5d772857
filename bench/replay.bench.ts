import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import {
  InMemoryViewStore,
  LEDGER_PROJECTIONS,
  ProjectionRunner,
  SqliteViewStore,
} from '@ledger/projections';
import { benchArgs } from './args';
import { rawReadCeiling } from './ceilings';
import { buildSeedLedger, cloneLedger, ledgerPathIn } from './ledger-builder';
import { cpuSeconds, fmt, peakRssMiB, printHeader, secondsSince } from './machine';
import { profiled } from './profile';

/**
 * Replay of every view from N events: a ledger of N events is built fast (a seed campaign through
 * the command path, then raw clones of its policy streams — see ledger-builder.ts), then each
 * measurement runs in a fresh child process so that its peak RSS (VmHWM) is its own:
 *   ceiling  raw sequential read of es_events + JSON.parse of data and metadata (ceilings.ts);
 *   sqlite   ProjectionRunner.rebuild() of LEDGER_PROJECTIONS into SqliteViewStore on the ledger
 *            file itself — the production path (POST /projections/rebuild, `ledger rebuild`);
 *   memory   the same runner from zero into InMemoryViewStore ("as of" replays, tests).
 *
 * Usage: node dist/bench/replay.bench.js [events=1000000] [--ledger dir] [--seed 20000]
 *          [--modes ceiling,sqlite,memory | none] [--batch 2000] [--read-page 256]
 *          [--profile-dir dir] [--keep]
 * --batch is the runner's commit batch, --read-page the events per readAll within it.
 * --ledger reuses (and extends when shorter) the ledger in that directory and keeps it, so the
 * 10M-event ledger is built once: `node dist/bench/replay.bench.js 10000000 --ledger /tmp/l10m`.
 */

interface ChildResult {
  mode: string;
  events: number;
  seconds: number;
  perSecond: number;
  cpuSeconds: number;
  peakRssMiB: number;
  heapUsedMiB: number;
}

async function child(
  mode: string,
  path: string,
  batchSize: number | undefined,
  readPageSize: number | undefined,
  profile?: string,
) {
  let events = 0;
  const cpu = cpuSeconds();
  const started = process.hrtime.bigint();
  if (mode === 'ceiling') {
    const r = rawReadCeiling(path);
    return report(mode, r.events, r.seconds, r.cpuSeconds);
  }
  const store = new SqliteEventStore({ path });
  const views = mode === 'sqlite' ? new SqliteViewStore(store.db) : new InMemoryViewStore();
  const runner = new ProjectionRunner(store, views, LEDGER_PROJECTIONS, {
    batchSize,
    readPageSize,
  });
  events = await profiled(profile, () => (mode === 'sqlite' ? runner.rebuild() : runner.catchUp()));
  const seconds = secondsSince(started);
  const used = cpuSeconds() - cpu;
  await store.close();
  return report(mode, events, seconds, used);
}

function report(mode: string, events: number, seconds: number, cpu: number): ChildResult {
  return {
    mode,
    events,
    seconds,
    perSecond: events / seconds,
    cpuSeconds: cpu,
    peakRssMiB: peakRssMiB(),
    heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

function runChild(mode: string, path: string, extra: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [__filename, '--child', mode, '--path', path, ...extra], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`replay child ${mode} exited ${code}: ${out}`));
      else resolve(JSON.parse(line.slice('RESULT '.length)) as ChildResult);
    });
  });
}

async function main() {
  const args = benchArgs({
    child: { type: 'string' },
    path: { type: 'string' },
    ledger: { type: 'string' },
    seed: { type: 'string' },
    modes: { type: 'string' },
    batch: { type: 'string' },
    'read-page': { type: 'string' },
    profile: { type: 'string' },
    'profile-dir': { type: 'string' },
    keep: { type: 'boolean' },
  });
  const batchSize = args.str('batch') ? args.num('batch', 2_000) : undefined;
  const readPageSize = args.str('read-page') ? args.num('read-page', 256) : undefined;
  const childMode = args.str('child');
  if (childMode) {
    const result = await child(
      childMode,
      args.str('path')!,
      batchSize,
      readPageSize,
      args.str('profile'),
    );
    console.log(`RESULT ${JSON.stringify(result)}`);
    return;
  }

  const target = args.positional(0, 1_000_000);
  const seedEnrollments = args.num('seed', 20_000);
  const modes = (args.str('modes') ?? 'ceiling,sqlite,memory')
    .split(',')
    .filter((m) => m !== 'none');
  for (const mode of modes) {
    if (!['ceiling', 'sqlite', 'memory'].includes(mode)) throw new Error(`unknown mode ${mode}`);
  }
  printHeader();
  const kept = args.str('ledger');
  const dataDir = kept ?? mkdtempSync(join(tmpdir(), 'bench-replay-'));
  mkdirSync(dataDir, { recursive: true });
  const path = ledgerPathIn(dataDir);
  const log = (line: string) => console.log(`  ${line}`);
  try {
    if (!existsSync(path)) {
      await buildSeedLedger(dataDir, { enrollments: seedEnrollments, log });
    }
    const clone = cloneLedger(path, target, log);
    if (clone.cloned > 0) {
      log(
        `clone: ${fmt(clone.cloned)} events in ${fmt(clone.seconds, 1)} s (${fmt(clone.cloned / clone.seconds)}/s, raw inserts, synchronous OFF)`,
      );
    }
    const sizeGiB = statSync(path).size / 2 ** 30;
    console.log(`ledger: ${path}, ${fmt(clone.events)} events, ${fmt(sizeGiB, 2)} GiB`);

    const profileDir = args.str('profile-dir');
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const results = new Map<string, ChildResult>();
    for (const mode of modes) {
      const extra = [
        ...(batchSize ? ['--batch', String(batchSize)] : []),
        ...(readPageSize ? ['--read-page', String(readPageSize)] : []),
        ...(profileDir && mode !== 'ceiling'
          ? ['--profile', join(profileDir, `replay-${mode}.cpuprofile`)]
          : []),
      ];
      const r = await runChild(mode, path, extra);
      results.set(mode, r);
      const name =
        mode === 'ceiling'
          ? 'raw read ceiling (all rows + JSON.parse)'
          : mode === 'sqlite'
            ? 'replay → SqliteViewStore (production path)'
            : 'replay → InMemoryViewStore';
      console.log(
        `${name}: ${fmt(r.events)} events in ${fmt(r.seconds, 2)} s = ${fmt(r.perSecond)} events/s; CPU ${fmt(r.cpuSeconds, 1)} s (${fmt(r.events / r.cpuSeconds)} events per CPU-second, ${fmt((1e6 * r.cpuSeconds) / r.events, 1)} µs CPU per event); peak RSS ${fmt(r.peakRssMiB)} MiB`,
      );
    }
    const ceiling = results.get('ceiling');
    for (const mode of ['sqlite', 'memory']) {
      const r = results.get(mode);
      if (!r) continue;
      // The CPU ratio is the steadier figure when other work shares the machine.
      const share = ceiling
        ? `${fmt((100 * r.perSecond) / ceiling.perSecond, 1)}% of the raw-read ceiling (by CPU time: ${fmt((100 * ceiling.cpuSeconds * r.events) / (r.cpuSeconds * ceiling.events), 1)}%)`
        : 'no ceiling measured';
      console.log(
        `  ${mode}: ${share}; target ≥ 300,000 events/s and ≥ 50%: ${fmt((100 * r.perSecond) / 300_000, 1)}% of the rate target; peak RSS ${fmt(r.peakRssMiB)} MiB ${r.peakRssMiB <= 512 ? '≤' : '>'} 512 MB`,
      );
    }
  } finally {
    if (kept || args.flag('keep')) console.log(`ledger kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
