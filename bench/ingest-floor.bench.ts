import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestEvent } from '@ledger/audit';
import { decideEnroll, PlanState, resolveOccurredAt, shanghaiDate } from '@ledger/domain';
import { chainEvents, GENESIS_HASH, StreamNames } from '@ledger/event-store';
import {
  enrollmentIdOf,
  FixedClock,
  openLedgerContext,
  PersonIdentities,
  PlanRepository,
  newEventsOf,
  sealedContributions,
} from '@ledger/ledger';
import {
  NewPersonKey,
  PersonKeyFileWriter,
  PersonKeyStore,
  PersonRefHasher,
  randomPool,
} from '@ledger/privacy';
import { benchArgs } from './args';
import { describeCeiling, RawLog, rawInsertCeiling, SerializedEvent } from './ceilings';
import { cpuSeconds, fmt, printHeader, secondsSince } from './machine';
import { BENCH_NOW, ledgerConfig } from './ledger-builder';
import { SyntheticCampaign } from './synthetic-campaign';

/**
 * The floor of bulk ingest: what the ledger cannot avoid doing per enrollment, whatever the code
 * around it. Each step is the ledger's own function, called in a tight loop on one thread, with
 * no command bus, no Nest, no promise between steps, no views, no read:
 *
 *   identity  parse the ID number, derive the personRef (HMAC), create the person's key, seal
 *             the identity (AES-256-GCM) — PersonIdentities.insured, keys handed out at once
 *   decide    decideEnroll on the empty policy (the plan's rules, premium, contributions)
 *   chain     event id (v5), metadata, chainEvents (canonical JSON + SHA-256)
 *   audit     the event's audit leaf as the running ledger digests its own writes
 *   serialize JSON of data and metadata, as stored
 *   log       INSERT into es_events (both unique indexes) + COMMIT, 1,000 per transaction,
 *             the store's file settings, synchronous=FULL
 *   keys      wrap each key with the master key, INSERT into the key file + COMMIT, same groups
 *
 * Beside it, in the same run, the raw-insert ceilings of the very rows. floor / bare ceiling is
 * the most any command path could reach on one thread with the event schema, privacy and
 * durability kept; the second figure puts the key file on the other core, as the ledger does.
 *
 * Usage: node dist/bench/ingest-floor.bench.js [enrollments=50000]
 */
const STEPS = ['identity', 'decide', 'chain', 'audit', 'serialize', 'log', 'keys'] as const;
type Step = (typeof STEPS)[number];
const CHUNK = 1_000;

/** Keys as the key store hands them out, kept for the key file's insert (no worker, no wait). */
class FloorKeys implements PersonKeyStore {
  pending: NewPersonKey[] = [];
  private readonly created = new Map<string, Buffer>();
  constructor(private readonly createdAt: string) {}
  keyFor(personRef: string): Promise<Buffer> {
    // A payer may be the insured (their own personal account): one key per person, as the store.
    let key = this.created.get(personRef);
    if (!key) {
      key = randomPool.bytes(32);
      this.created.set(personRef, key);
      this.pending.push([personRef, key, this.createdAt]);
    }
    return Promise.resolve(key);
  }
  settled = () => Promise.resolve();
  find = () => Promise.resolve(undefined);
  destroy = () => Promise.resolve(false);
  close = () => Promise.resolve();
}

async function main() {
  const args = benchArgs({});
  const total = args.positional(0, 50_000);
  printHeader();
  const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  const config = ledgerConfig(dir);
  const now = Date.parse(BENCH_NOW);
  const app = await openLedgerContext({ config, clock: new FixedClock(now), logger: false });
  const plan: PlanState | undefined = await app.get(PlanRepository).get('ganzhou-2024');
  await app.close();
  if (!plan) throw new Error('ganzhou-2024 is not published');

  const keys = new FloorKeys(new Date(now).toISOString());
  const identities = new PersonIdentities(new PersonRefHasher(config.personRefKey), keys);
  const keyFile = new PersonKeyFileWriter(join(dir, 'floor-keys.sqlite'), config.masterKey);
  const log = new RawLog(join(dir, 'floor-log.sqlite'), 'es_events', 'FULL');
  const campaign = new SyntheticCampaign();
  const today = shanghaiDate(now);
  const recordedAt = new Date(now).toISOString();
  const spent = Object.fromEntries(STEPS.map((s) => [s, 0n])) as Record<Step, bigint>;
  let mark = process.hrtime.bigint();
  const lap = (step: Step) => {
    const t = process.hrtime.bigint();
    spent[step] += t - mark;
    mark = t;
  };
  const rows: SerializedEvent[] = [];

  const cpu = cpuSeconds();
  const started = process.hrtime.bigint();
  for (let from = 0; from < total; from += CHUNK) {
    const chunk: SerializedEvent[] = [];
    for (let n = from; n < Math.min(total, from + CHUNK); n++) {
      const request = campaign.enrollment(n);
      mark = process.hrtime.bigint();
      const person = await identities.insured(request.person, 'person', today);
      const contributions = await sealedContributions(identities, request, today);
      lap('identity');
      const commandId = `floor-${n}`;
      const decision = decideEnroll(undefined, plan, {
        planId: 'ganzhou-2024',
        enrollmentId: enrollmentIdOf(commandId),
        person,
        basicInsurance: request.basicInsurance,
        ...(request.townshipId !== undefined ? { townshipId: request.townshipId } : {}),
        contributions,
        occurredAt: resolveOccurredAt(request.occurredAt, now),
        priorCoverage: [],
      });
      if (!decision.ok) throw decision.error;
      lap('decide');
      const streamId = StreamNames.policy('ganzhou-2024', person.personRef);
      const events = newEventsOf(streamId, decision.events, {
        commandId,
        correlationId: 'floor',
        actor: 'bench',
      });
      const chained = chainEvents(streamId, -1n, GENESIS_HASH, events);
      lap('chain');
      for (const [i, e] of chained.entries()) {
        const seq = BigInt(rows.length + chunk.length + 1);
        digestEvent(
          {
            ...e,
            streamId,
            revision: BigInt(i),
            position: { commit: seq, prepare: seq },
            recordedAt,
          },
          { hash: e.metadata.hash as string, scope: 'ganzhou-2024' },
        );
      }
      lap('audit');
      for (const [i, e] of chained.entries())
        chunk.push({
          seq: rows.length + chunk.length + 1,
          streamId,
          revision: i,
          eventId: e.id,
          type: e.type,
          data: JSON.stringify(e.data),
          metadata: JSON.stringify(e.metadata),
          recordedAt,
        });
      lap('serialize');
    }
    mark = process.hrtime.bigint();
    log.append(chunk);
    lap('log');
    keyFile.insert(keys.pending);
    keys.pending = [];
    lap('keys');
    rows.push(...chunk);
  }
  const seconds = secondsSince(started);
  const cpuUsed = cpuSeconds() - cpu;
  log.close();
  keyFile.close();

  const us = (step: Step) => Number(spent[step]) / 1e3 / total;
  const floorUs = STEPS.reduce((sum, s) => sum + us(s), 0);
  const withoutKeys = floorUs - us('keys');
  console.log(
    `floor: ${fmt(total)} enrollments (${fmt(rows.length)} events) in ${fmt(seconds, 2)} s on one thread = ${fmt(total / seconds)}/s; CPU ${fmt((1e6 * cpuUsed) / total)} µs per enrollment`,
  );
  console.log(
    `  per enrollment (wall, µs): ${STEPS.map((s) => `${s} ${fmt(us(s), 1)}`).join(', ')}; sum ${fmt(floorUs, 1)}`,
  );
  const bare = rawInsertCeiling(rows, { schema: 'bare' });
  const schema = rawInsertCeiling(rows, { schema: 'es_events' });
  console.log(describeCeiling('raw insert ceiling (bare table, same events)', bare));
  console.log(describeCeiling('raw insert ceiling (es_events schema + indexes)', schema));
  const pct = (rate: number, ceiling: number) => `${fmt((100 * rate) / ceiling, 1)}%`;
  const oneThread = 1e6 / floorUs;
  const keysBeside = 1e6 / withoutKeys;
  console.log(
    `  floor, one thread: ${fmt(oneThread)}/s = ${pct(oneThread, bare.perSecond)} of the bare ceiling, ${pct(oneThread, schema.perSecond)} of the es_events ceiling`,
  );
  console.log(
    `  floor, key file on the other core: ${fmt(keysBeside)}/s = ${pct(keysBeside, bare.perSecond)} of the bare ceiling, ${pct(keysBeside, schema.perSecond)} of the es_events ceiling`,
  );
  const perfect = 2e6 / floorUs;
  console.log(
    `  floor, all of it split perfectly over both cores: ${fmt(perfect)}/s = ${pct(perfect, bare.perSecond)} of the bare ceiling; 15% of bare = ${fmt(0.15 * bare.perSecond)}/s = ${fmt((1e6 / (0.15 * bare.perSecond)) * 2, 1)} µs of work per enrollment on two cores`,
  );
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
