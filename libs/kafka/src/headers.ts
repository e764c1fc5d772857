import { IHeaders } from 'kafkajs';
import { formatPosition, LogPosition, parsePosition } from '@ledger/event-store';

/** Header names on every ledger message (values are UTF-8 strings). */
export const LEDGER_HEADERS = {
  schema: 'ledger-schema',
  schemaVersion: 'ledger-schema-version',
  position: 'ledger-position',
  eventId: 'ledger-event-id',
  eventType: 'ledger-event-type',
  viewVersion: 'ledger-view-version',
} as const;

/**
 * What a consumer can learn without parsing the value: which schema (and version) the value
 * follows and the global log position it reflects; for events also the event id and type, for
 * views the reducer version.
 */
export interface LedgerHeaders {
  schema: string;
  schemaVersion: number;
  position: LogPosition;
  eventId?: string;
  eventType?: string;
  viewVersion?: number;
}

export function encodeHeaders(h: LedgerHeaders): Record<string, string> {
  return {
    [LEDGER_HEADERS.schema]: h.schema,
    [LEDGER_HEADERS.schemaVersion]: String(h.schemaVersion),
    [LEDGER_HEADERS.position]: formatPosition(h.position),
    ...(h.eventId !== undefined ? { [LEDGER_HEADERS.eventId]: h.eventId } : {}),
    ...(h.eventType !== undefined ? { [LEDGER_HEADERS.eventType]: h.eventType } : {}),
    ...(h.viewVersion !== undefined ? { [LEDGER_HEADERS.viewVersion]: String(h.viewVersion) } : {}),
  };
}

export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

function text(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return value === undefined ? undefined : value.toString();
}

function count(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new MalformedMessageError(`header ${name} is "${value}"`);
  return Number(value);
}

/** Reads the headers of a consumed message (kafkajs hands values over as Buffers). */
export function decodeHeaders(headers: IHeaders | undefined): LedgerHeaders {
  const schema = text(headers, LEDGER_HEADERS.schema);
  const version = count(text(headers, LEDGER_HEADERS.schemaVersion), LEDGER_HEADERS.schemaVersion);
  const positionText = text(headers, LEDGER_HEADERS.position);
  const position = positionText === undefined ? undefined : parsePosition(positionText);
  if (!schema || version === undefined || !position) {
    throw new MalformedMessageError(
      `a ledger message needs the headers ${LEDGER_HEADERS.schema}, ${LEDGER_HEADERS.schemaVersion} and ${LEDGER_HEADERS.position}`,
    );
  }
  const eventId = text(headers, LEDGER_HEADERS.eventId);
  const eventType = text(headers, LEDGER_HEADERS.eventType);
  const viewVersion = count(text(headers, LEDGER_HEADERS.viewVersion), LEDGER_HEADERS.viewVersion);
  return {
    schema,
    schemaVersion: version,
    position,
    ...(eventId !== undefined ? { eventId } : {}),
    ...(eventType !== undefined ? { eventType } : {}),
    ...(viewVersion !== undefined ? { viewVersion } : {}),
  };
}
