import { KeyObject } from 'node:crypto';
import { EventStore, WrongExpectedRevisionError } from '@ledger/event-store';
import { AUDIT_SEALS_STREAM, logSealedEvent, sealOf } from '../seal/log-sealed-event';
import { PublishedSeal, publishedSealOf, writePublishedSeal } from '../seal/published-seal';
import { signSeal, SignedSeal } from '../seal/seal';
import { IntegrityMonitor } from './integrity-monitor';

export type SealOutcome =
  | { readonly status: 'sealed'; readonly published: PublishedSeal }
  /** Nothing was recorded since the latest seal: that one stands. */
  | { readonly status: 'unchanged'; readonly published?: PublishedSeal }
  /** Another sealer (a replica, the CLI) recorded a seal at the same moment: its seal stands. */
  | { readonly status: 'raced' };

export interface LogSealerOptions {
  readonly store: EventStore;
  readonly monitor: IntegrityMonitor;
  readonly key: KeyObject;
  readonly now: () => Date;
  /** Where the latest seal is published outside the log (a file auditors fetch); optional. */
  readonly publishedSealFile?: string;
  readonly log: (level: 'log' | 'warn' | 'error', message: string) => void;
}

/**
 * Seals the log: signs the head of the global tree as the integrity monitor verified it, records
 * the seal in the log (stream audit-seals, appended with the expected revision: two sealers never
 * both record one) and publishes the recorded seal. It reads the global order after the fact, with
 * no lock on writers, so it works the same on KurrentDB. It never seals a log found altered.
 */
export class LogSealer {
  constructor(private readonly options: LogSealerOptions) {}

  async seal(actor: string): Promise<SealOutcome> {
    const { store, monitor } = this.options;
    const head = await monitor.verifiedHead();
    if (head.treeSize === 0) return { status: 'unchanged' };
    if (head.onlySealSinceLatest && head.latestSeal) {
      const [event] = await store.readStream(AUDIT_SEALS_STREAM, {
        fromRevision: head.latestSeal.revision,
        maxCount: 1,
      });
      const published = publishedSealOf(head.latestSeal.seal, event);
      this.publish(published);
      return { status: 'unchanged', published };
    }
    const signed = signSeal(head, this.options.key, this.options.now());
    const event = logSealedEvent(signed, head.sealStream, actor);
    let revision: bigint;
    try {
      const result = await store.append(
        AUDIT_SEALS_STREAM,
        [event],
        head.sealStream.revision < 0n ? 'no_stream' : head.sealStream.revision,
      );
      revision = result.nextExpectedRevision;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return { status: 'raced' };
      throw error;
    }
    // Publish what the log holds, which an idempotent retry may have recorded earlier.
    const [recorded] = await store.readStream(AUDIT_SEALS_STREAM, {
      fromRevision: revision,
      maxCount: 1,
    });
    const published = publishedSealOf(sealOf(recorded) as SignedSeal, recorded);
    this.publish(published);
    this.options.log(
      'log',
      `sealed the log: ${signed.body.treeSize} events up to position ${signed.body.lastPosition}, root ${signed.body.rootHash.slice(0, 16)}…, recorded at position ${published.recordedAs.position}`,
    );
    return { status: 'sealed', published };
  }

  private publish(published: PublishedSeal): void {
    if (!this.options.publishedSealFile) return;
    try {
      writePublishedSeal(this.options.publishedSealFile, published);
    } catch (error) {
      // The seal is in the log; the next seal publishes again.
      this.options.log(
        'error',
        `seal not published to ${this.options.publishedSealFile}: ${String(error)}`,
      );
    }
  }
}
