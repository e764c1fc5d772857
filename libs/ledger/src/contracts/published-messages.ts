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
