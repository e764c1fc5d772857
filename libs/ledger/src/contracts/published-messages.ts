/**
 * What the ledger publishes to Kafka, as types: the entry point from which docs/asyncapi.yaml's
 * schemas are generated (scripts/asyncapi). Types only: nothing here runs.
 */
export type { PublishedLedgerEvent } from './ledger-event';
export type {
  CoinsuranceMessage,
  InsurerPart,
  LedgerEventMessage,
  TownshipProgressMessage,
} from '@ledger/kafka';

// The seal's own file, not the lib's index: the schema generator reads only what it needs.
import type { PublishedSeal } from '../../../audit/src/seal/published-seal';

/** A seal on the seals topic: the document the ledger publishes to its seal file (docs/audit.md). */
export type SealMessage = PublishedSeal;
