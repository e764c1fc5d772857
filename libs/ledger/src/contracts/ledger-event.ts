import type {
  AssessmentEvent,
  GroupPurchaseEvent,
  PlanEvent,
  PolicyEvent,
  ProductEvent,
  RenewalEvent,
} from '@ledger/domain';
import type { PersonEvent } from '../persons/erase-person.command';
import type { RosterEvent } from '../rosters/import-subsidy-roster.command';
import type { AccessLogEvent } from './access-log-event';

/**
 * Every event the Kafka gateway publishes: the events of the streams it publishes (plan-,
 * policy-, person-, roster-, assessment-, product-; libs/kafka PUBLISHED_STREAM_PREFIXES). The
 * AsyncAPI document's message schemas are generated from this union (scripts/asyncapi): its test
 * fails until docs/asyncapi.yaml describes a new member.
 */
export type PublishedLedgerEvent =
  PlanEvent | PolicyEvent | AssessmentEvent | RosterEvent | PersonEvent | ProductEvent;

/**
 * Every event the ledger records through LedgerStreams: the published ones, and those that stay
 * in the ledger (renewal consents, group purchases, the access log). LedgerStreams writes members
 * of this union only: a new event type does not compile until it is added here.
 */
export type LedgerEvent = PublishedLedgerEvent | RenewalEvent | GroupPurchaseEvent | AccessLogEvent;

export type LedgerEventType = LedgerEvent['type'];
