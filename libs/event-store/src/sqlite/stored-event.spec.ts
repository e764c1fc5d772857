import { RecordedEvent } from '../event-store.port';
import { StoredEvent, StoredEventRow } from './stored-event';

const metadata = {
  eventId: 'e-1',
  correlationId: 'c',
  causationId: 'k',
  actor: 'a',
  occurredAt: '2024-01-01T00:00:00.000Z',
  schemaVersion: 1,
};
const row: StoredEventRow = [
  7,
  'policy-x',
  2,
  'e-1',
  'Happened',
  '{"planId":"p","n":[1,2]}',
  JSON.stringify(metadata),
  '2024-01-02T00:00:00.000Z',
];
const literal: RecordedEvent = {
  id: 'e-1',
  streamId: 'policy-x',
  revision: 2n,
  position: { commit: 7n, prepare: 7n },
  type: 'Happened',
  data: { planId: 'p', n: [1, 2] },
  metadata,
  recordedAt: '2024-01-02T00:00:00.000Z',
};

describe('StoredEvent: a decoded row whose metadata is parsed on first read', () => {
  it('parses metadata once, on first read', () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const event = new StoredEvent(row);
      expect(parse).toHaveBeenCalledTimes(1); // data only
      const first = event.metadata;
      expect(first).toEqual(metadata);
      expect(event.metadata).toBe(first);
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
  });

  it('looks like a plain RecordedEvent: keys, order, JSON, spread, equality', () => {
    const event = new StoredEvent(row);
    expect(Object.keys(event)).toEqual(Object.keys(literal));
    const { revision: _r, position: _p, ...jsonable } = literal;
    const { revision: _r2, position: _p2, ...own } = { ...event };
    expect(JSON.stringify(own)).toBe(JSON.stringify(jsonable));
    expect({ ...event }).toEqual(literal);
    expect(event).toEqual(literal);
    expect(Object.getOwnPropertyDescriptor(event, 'metadata')?.enumerable).toBe(true);
  });
});
