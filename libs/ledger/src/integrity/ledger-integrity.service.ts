import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import {
  IntegrityMonitor,
  IntegrityStatus,
  keyIdOf,
  keyring,
  LeafSidecar,
  LogSealer,
  PublishedSeal,
  publicKeyPem,
  SealOutcome,
} from '@ledger/audit';
import {
  EventStore,
  LogPosition,
  NewEvent,
  RecordedEvent,
  SqliteEventStore,
} from '@ledger/event-store';
import { AuditConfig, auditConfigOf, LedgerConfig } from '../config/ledger-config';
import { Clock } from '../core/clock';
import { EVENT_STORE, LEDGER_CONFIG } from '../core/tokens';

/**
 * The running ledger's integrity: on start it verifies the whole log (chains, the global tree,
 * every seal, its record of earlier runs), then on every interval the tail appended since and a
 * window of older history, and it checks every event loaded for a decision. On any alteration it
 * turns not-ready for good (status().state === 'tampered'), refuses commands (HTTP 503, rule
 * ledger.integrity) and logs loudly. It also seals the log periodically and on demand.
 */
@Injectable()
export class LedgerIntegrity implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Integrity');
  private readonly settings: AuditConfig;
  private readonly monitor: IntegrityMonitor;
  private readonly sealer: LogSealer;
  private readonly sidecar: LeafSidecar;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopping = false;

  constructor(
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    @Inject(EVENT_STORE) store: EventStore,
    private readonly clock: Clock,
  ) {
    this.settings = auditConfigOf(config);
    this.sidecar = LeafSidecar.open(this.settings.leavesPath);
    const log = (level: 'log' | 'warn' | 'error', message: string) => this.logger[level](message);
    this.monitor = new IntegrityMonitor({
      store,
      trustedKeys: keyring([this.settings.sealKey]),
      contiguousPositions: store instanceof SqliteEventStore,
      sidecar: this.sidecar,
      scrubEventsPerTick: this.settings.scrubEventsPerTick,
      log,
      now: () => new Date(),
    });
    this.sealer = new LogSealer({
      store,
      monitor: this.monitor,
      key: this.settings.sealKey,
      now: () => new Date(this.clock.now()),
      publishedSealFile: this.settings.publishedSealPath,
      log,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.monitor.start();
    this.every(this.settings.verifyIntervalMs, () => this.monitor.tick());
    if (this.settings.sealIntervalMs > 0) {
      this.every(this.settings.sealIntervalMs, async () => {
        if (this.monitor.intact) await this.sealer.seal('system:sealer');
      });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.monitor.stop().catch((e: unknown) => this.logger.error(String(e)));
    this.sidecar.close();
  }

  status(): IntegrityStatus {
    return this.monitor.status();
  }

  /** Throws LedgerIntegrityError (→ 503) once the log is found altered. */
  assertIntact(): void {
    this.monitor.assertIntact();
  }

  /** Checks a stream just read for a decision; see IntegrityMonitor.checkLoaded. */
  checkLoaded(
    streamId: string,
    events: readonly RecordedEvent[],
    from?: { revision: bigint; previousHash?: string },
  ): void {
    this.monitor.checkLoaded(streamId, events, from);
  }

  /** Verifies the tail and a window of history now (as every interval does). */
  verifyNow(): Promise<void> {
    return this.monitor.tick();
  }

  /** Events this process just appended: checked when read back before their first verification. */
  appended(
    streamId: string,
    firstRevision: bigint,
    events: readonly NewEvent[],
    lastPosition: LogPosition,
  ): void {
    this.monitor.expectAppended(streamId, firstRevision, events, lastPosition);
  }

  /** Seals now (operator or auditor request, `ledger audit seal`). */
  seal(actor: string): Promise<SealOutcome> {
    return this.sealer.seal(actor);
  }

  publicKey(): { keyId: string; pem: string } {
    return { keyId: keyIdOf(this.settings.sealKey), pem: publicKeyPem(this.settings.sealKey) };
  }

  /** The latest seal as published (the file auditors fetch), if any. */
  latestPublishedSeal(): PublishedSeal | undefined {
    const file = this.settings.publishedSealPath;
    if (!existsSync(file)) return undefined;
    return JSON.parse(readFileSync(file, 'utf8')) as PublishedSeal;
  }

  /** Runs work every `ms`, one run at a time; a failed run is logged and the next one comes. */
  private every(ms: number, work: () => Promise<unknown>): void {
    const schedule = () => {
      if (this.stopping) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        work()
          .catch((e: unknown) => this.logger.error(e instanceof Error ? e.message : String(e)))
          .finally(schedule);
      }, ms);
      timer.unref();
      this.timers.add(timer);
    };
    schedule();
  }
}
