import { AssessmentEvent, PlanEvent, PolicyEvent } from '@ledger/domain';
import { PersonEvent } from '../persons/erase-person.command';
import { RosterEvent } from '../rosters/import-subsidy-roster.command';

/**
 * Every event the ledger records in its streams (plan-, policy-, person-, roster-, assessment-),
 * and so every event the Kafka gateway publishes. The AsyncAPI document's message schemas are
 * generated from this union (asyncapi-document.ts): a new event type must be added here, and the
 * contract test then fails until docs/asyncapi.yaml describes it.
 */
export type LedgerEvent = PlanEvent | PolicyEvent | AssessmentEvent | RosterEvent | PersonEvent;

export type LedgerEventType = LedgerEvent['type'];
