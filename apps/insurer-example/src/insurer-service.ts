import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  createKafka,
  InboxStats,
  InsurerBooks,
  InsurerTotals,
  KafkaLog,
  LedgerEventConsumer,
  ledgerTopics,
  SqliteInbox,
} from '@ledger/kafka';
import { InsurerConfig } from './insurer-config';

export interface InsurerStatus extends InboxStats {
  totals: Record<string, InsurerTotals>;
}

export interface InsurerService {
  status(): InsurerStatus;
  stop(): Promise<void>;
}

/**
 * An insurer's premium and payout books from the ledger's events topic. Each partition batch is
 * booked in one SQLite transaction with the inbox's watermark, then its offsets are committed to
 * Kafka: a crash in between brings the batch again and the inbox skips what it already booked.
 */
export async function startInsurerService(
  config: InsurerConfig,
  log: KafkaLog,
  onError: (error: unknown) => void,
): Promise<InsurerService> {
  mkdirSync(dirname(config.dbPath), { recursive: true });
  const db = new Database(config.dbPath);
  db.pragma('journal_mode = WAL');
  // FULL: the books must not lose a transaction whose offsets Kafka has already been told of.
  db.pragma('synchronous = FULL');
  const inbox = new SqliteInbox(db);
  const books = new InsurerBooks(db, config.insurerIds);
  const kafka = createKafka({ brokers: config.brokers, clientId: config.clientId, log });
  const consumer = new LedgerEventConsumer({
    kafka,
    groupId: config.groupId,
    topic: ledgerTopics(config.topicPrefix).events,
    onBatch: ({ topic, partition, events }) => {
      inbox.accept(topic, partition, events, (e) => books.apply(e.message));
    },
    onError,
    log,
  });
  await consumer.start();
  return {
    status: () => ({ ...inbox.stats(), totals: Object.fromEntries(books.totals()) }),
    async stop() {
      await consumer.stop();
      db.close();
    },
  };
}
