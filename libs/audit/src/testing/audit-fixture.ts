import { generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chainEvents,
  EventStore,
  GENESIS_HASH,
  lastHashOf,
  NewEvent,
  SqliteEventStore,
} from '@ledger/event-store';
import { IntegrityMonitor } from '../monitor/integrity-monitor';
import { LogSealer } from '../monitor/log-sealer';
import { keyring } from '../seal/seal';
import { LeafSidecar } from '../sidecar/leaf-sidecar';

export const quiet = () => undefined;

/** A small ledger-shaped log for tests: policy streams of one or more events, in a temp dir. */
export class AuditFixture {
  readonly dir = mkdtempSync(join(tmpdir(), 'audit-'));
  readonly logPath = join(this.dir, 'ledger.sqlite');
  readonly sidecarPath = join(this.dir, 'ledger.audit.sqlite');
  readonly publishedPath = join(this.dir, 'published-seal.json');
  readonly key: KeyObject = generateKeyPairSync('ed25519').privateKey;
  readonly trusted = keyring([this.key]);
  store: EventStore = new SqliteEventStore({ path: this.logPath });

  async append(streamId: string, count = 1, planId = 'plan-a'): Promise<void> {
    const existing = await this.store.readStream(streamId);
    const revision = existing.length ? existing[existing.length - 1].revision : -1n;
    const events: NewEvent[] = Array.from({ length: count }, (_, i) => {
      const id = randomUUID();
      return {
        id,
        type: i === 0 && revision < 0n ? 'PolicyEnrolled' : 'ContributionRefunded',
        data: { planId, occurredAt: '2024-01-02T03:04:05.000Z', amountFen: 10_000 + i },
        metadata: {
          eventId: id,
          correlationId: 'test',
          causationId: id,
          actor: 'test',
          occurredAt: '2024-01-02T03:04:05.000Z',
          schemaVersion: 1,
        },
      };
    });
    const chained = chainEvents(
      streamId,
      revision,
      existing.length ? lastHashOf(existing) : GENESIS_HASH,
      events,
    );
    await this.store.append(streamId, chained, revision < 0n ? 'no_stream' : revision);
  }

  async appendPolicies(count: number, from = 0, planId = 'plan-a'): Promise<void> {
    for (let i = from; i < from + count; i++) await this.append(`policy-${planId}-${i}`, 1, planId);
  }

  monitor(options: { scrubEventsPerTick?: number; withSidecar?: boolean } = {}): {
    monitor: IntegrityMonitor;
    sealer: LogSealer;
    sidecar?: LeafSidecar;
  } {
    const sidecar = options.withSidecar === false ? undefined : LeafSidecar.open(this.sidecarPath);
    const monitor = new IntegrityMonitor({
      store: this.store,
      trustedKeys: this.trusted,
      contiguousPositions: this.store instanceof SqliteEventStore,
      sidecar,
      scrubEventsPerTick: options.scrubEventsPerTick ?? 10_000,
      log: quiet,
      now: () => new Date('2024-02-01T00:00:00.000Z'),
    });
    const sealer = new LogSealer({
      store: this.store,
      monitor,
      key: this.key,
      now: () => new Date('2024-02-01T00:00:00.000Z'),
      publishedSealFile: this.publishedPath,
      log: quiet,
    });
    return { monitor, sealer, sidecar };
  }

  /** Seals the log as the running ledger would (monitor walk + seal), then stops. */
  async seal(): Promise<void> {
    const { monitor, sealer, sidecar } = this.monitor();
    await monitor.start();
    await sealer.seal('test');
    await monitor.stop();
    sidecar?.close();
  }
}
