import type { AssessmentEvent, PlanEvent, PolicyEvent } from '@ledger/domain';
import type { PersonEvent } from '../persons/erase-person.command';
import type { RosterEvent } from '../rosters/import-subsidy-roster.command';

/**
 * Every event the ledger records in its streams (plan-, policy-, person-, roster-, assessment-),
 * and so every event the Kafka gateway publishes. LedgerStreams writes members of this union only
 * (a new event type does not compile until it is added here), and the AsyncAPI document's message
 * schemas are generated from it (scripts/asyncapi): its test then fails until docs/asyncapi.yaml
 * describes the new type.
 */
export type LedgerEvent = PlanEvent | PolicyEvent | AssessmentEvent | RosterEvent | PersonEvent;

export type LedgerEventType = LedgerEvent['type'];
