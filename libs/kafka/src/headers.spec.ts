import { decodeHeaders, encodeHeaders, LEDGER_HEADERS, MalformedMessageError } from './headers';

describe('Kafka message headers', () => {
  it('round-trip event headers as Kafka hands them back (Buffers)', () => {
    const encoded = encodeHeaders({
      schema: 'ledger.event',
      schemaVersion: 1,
      position: { commit: 120n, prepare: 118n },
      eventId: 'e-1',
      eventType: 'PolicyEnrolled',
    });
    expect(encoded).toEqual({
      'ledger-schema': 'ledger.event',
      'ledger-schema-version': '1',
      'ledger-position': '120/118',
      'ledger-event-id': 'e-1',
      'ledger-event-type': 'PolicyEnrolled',
    });
    const asConsumed = Object.fromEntries(
      Object.entries(encoded).map(([k, v]) => [k, Buffer.from(v)]),
    );
    expect(decodeHeaders(asConsumed)).toEqual({
      schema: 'ledger.event',
      schemaVersion: 1,
      position: { commit: 120n, prepare: 118n },
      eventId: 'e-1',
      eventType: 'PolicyEnrolled',
    });
  });

  it('writes a position whose commit equals its prepare as one number, and keeps view versions', () => {
    const encoded = encodeHeaders({
      schema: 'ledger.coinsurance',
      schemaVersion: 1,
      position: { commit: 7n, prepare: 7n },
      viewVersion: 2,
    });
    expect(encoded[LEDGER_HEADERS.position]).toBe('7');
    expect(decodeHeaders(encoded)).toMatchObject({ viewVersion: 2, position: { commit: 7n } });
  });

  it('refuses a message without schema, version or position, or with a malformed one', () => {
    expect(() => decodeHeaders(undefined)).toThrow(MalformedMessageError);
    expect(() =>
      decodeHeaders({ 'ledger-schema': 'ledger.event', 'ledger-schema-version': '1' }),
    ).toThrow(/ledger-position/);
    expect(() =>
      decodeHeaders({
        'ledger-schema': 'ledger.event',
        'ledger-schema-version': 'one',
        'ledger-position': '1',
      }),
    ).toThrow(MalformedMessageError);
  });
});
