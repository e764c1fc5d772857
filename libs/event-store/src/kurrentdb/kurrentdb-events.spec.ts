import { IdempotencyViolationError } from '../errors';
import { NewEvent } from '../event-store.port';
import { KurrentRecord, isSystemRecord, toEventData, toRecordedEvent } from './kurrentdb-events';

const ID = '6f1c2a8e-5d3b-4c7a-9e2f-1a2b3c4d5e6f';

const newEvent = (id = ID, data: unknown = { planId: 'p' }): NewEvent => ({
  id,
  type: 'PolicyEnrolled',
  data,
  metadata: {
    eventId: id,
    correlationId: 'c',
    causationId: 'c',
    actor: 'a',
    occurredAt: '2024-01-01T00:00:00.000Z',
    schemaVersion: 1,
  },
});

const record = (overrides: Partial<KurrentRecord> = {}): KurrentRecord => ({
  streamId: 'policy-p-1',
  id: ID,
  revision: 4n,
  type: 'PolicyEnrolled',
  isJson: true,
  data: { planId: 'p' },
  metadata: { eventId: ID },
  created: new Date('2024-03-01T08:00:00.123Z'),
  position: { commit: 2048n, prepare: 2176n },
  ...overrides,
});

describe('KurrentDB events', () => {
  it("writes JSON events under the ledger's own id, so retries are recognised", () => {
    const original = newEvent(ID.toUpperCase());
    const [data] = toEventData('policy-p-1', [original]);
    expect(data).toEqual({
      id: ID,
      contentType: 'application/json',
      type: 'PolicyEnrolled',
      data: { planId: 'p' },
      metadata: original.metadata,
    });
  });

  it('rejects what KurrentDB cannot store faithfully, before sending anything', () => {
    expect(() => toEventData('policy-p-1', [newEvent('cmd-1/0')])).toThrow(/must be a UUID/);
    expect(() => toEventData('$stats', [newEvent()])).toThrow(/belong to KurrentDB/);
    expect(() => toEventData('', [newEvent()])).toThrow(TypeError);
    expect(() => toEventData('p', [{ ...newEvent(), type: '$>' }])).toThrow(/not starting with \$/);
    expect(() => toEventData('p', [newEvent(ID, () => 1)])).toThrow(/not JSON/);
  });

  it('an id twice in one append is an idempotency violation, as in the SQLite store', () => {
    expect(() => toEventData('p', [newEvent(), newEvent()])).toThrow(IdempotencyViolationError);
  });

  it('maps a record with its own position, revision and the server clock as recordedAt', () => {
    expect(toRecordedEvent({ event: record() })).toEqual({
      id: ID,
      streamId: 'policy-p-1',
      revision: 4n,
      position: { commit: 2048n, prepare: 2176n },
      type: 'PolicyEnrolled',
      data: { planId: 'p' },
      metadata: { eventId: ID },
      recordedAt: '2024-03-01T08:00:00.123Z',
    });
  });

  it('leaves out system records and unresolved links', () => {
    expect(isSystemRecord({ streamId: '$$policy-p-1', type: '$metadata' })).toBe(true);
    expect(isSystemRecord({ streamId: 'policy-p-1', type: '$>' })).toBe(true);
    expect(toRecordedEvent({ event: record({ type: '$streamDeleted' }) })).toBeUndefined();
    expect(toRecordedEvent({})).toBeUndefined();
  });

  it('refuses records without a position (servers before 22.6) and binary records', () => {
    expect(() => toRecordedEvent({ event: record({ position: undefined }) })).toThrow(/22\.6/);
    expect(() => toRecordedEvent({ event: record({ isJson: false }) })).toThrow(/not JSON/);
  });
});
