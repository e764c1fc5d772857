/** Injection tokens for the ports (interfaces have no runtime identity). */
export const EVENT_STORE = Symbol('EventStore');
export const PERSON_KEY_STORE = Symbol('PersonKeyStore');
export const LEDGER_CONFIG = Symbol('LedgerConfig');
