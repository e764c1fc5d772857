import { RecordedEvent } from '@ledger/event-store';
import {
  CoinsuranceDoc,
  coinsuranceProjection,
  DocumentBatch,
  isTownshipCounts,
  ProjectedEvent,
  Projection,
  TownshipProgressDoc,
  townshipProgressProjection,
} from '@ledger/projections';

/** The ledger's own figures for one plan at one position, as an audit bundle carries them. */
export interface LedgerFigures {
  readonly asOfPosition: string;
  /** Township progress (乡镇参保进度) counts, by township id. */
  readonly townships: readonly TownshipFigures[];
  /** Coinsurance (共保体) premium totals, in fen. */
  readonly coinsurance: {
    readonly totalPremiumFen: number;
    readonly unallocatedFen: number;
    readonly insurers: Readonly<Record<string, number>>;
  };
}

export interface TownshipFigures {
  readonly townshipId: string;
  readonly active: number;
  readonly pending: number;
  readonly enrolled: number;
  readonly cancelled: number;
  readonly lapsed: number;
  readonly premiumCollectedFen: number;
}

/**
 * Runs the ledger's own reducers (the very ones behind the dashboards and the Kafka views) over a
 * plan's events up to a position. Events of other plans never touch this plan's documents, so the
 * plan's events alone give its figures.
 */
export function ledgerFiguresOf(
  planId: string,
  events: readonly RecordedEvent[],
  asOfPosition: string,
): LedgerFigures {
  const progress = reduce(townshipProgressProjection, events);
  const coinsurance = reduce(coinsuranceProjection, events).get(planId);
  const townships: TownshipFigures[] = [];
  for (const doc of progress.values()) {
    if (!isTownshipCounts(doc) || doc.planId !== planId) continue;
    townships.push({
      townshipId: doc.townshipId,
      active: doc.active,
      pending: doc.pending,
      enrolled: doc.enrolled,
      cancelled: doc.cancelled,
      lapsed: doc.lapsed,
      premiumCollectedFen: doc.premiumCollectedFen,
    });
  }
  townships.sort((a, b) =>
    a.townshipId < b.townshipId ? -1 : a.townshipId > b.townshipId ? 1 : 0,
  );
  return {
    asOfPosition,
    townships,
    coinsurance: {
      totalPremiumFen: coinsurance?.totalPremiumFen ?? 0,
      unallocatedFen: coinsurance?.unallocatedFen ?? 0,
      insurers: Object.fromEntries(
        Object.entries(coinsurance?.insurers ?? {})
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([id, i]) => [id, i.premiumFen]),
      ),
    },
  };
}

function reduce<D extends TownshipProgressDoc | CoinsuranceDoc>(
  projection: Projection<D>,
  events: readonly RecordedEvent[],
): Map<string, D> {
  const docs = new Map<string, D>();
  for (const event of events) {
    if (!projection.streamPrefixes.some((p) => event.streamId.startsWith(p))) continue;
    const batch = new DocumentBatch<D>(docs);
    projection.apply(event as unknown as ProjectedEvent, batch);
    for (const [key, doc] of batch.changed) docs.set(key, doc);
  }
  return docs;
}
