import { recorded, sampleLedger } from '../testing/ledger-fixture';
import { decodeLedgerEvent, ledgerEventMessage } from './ledger-event-message';

describe('ledger.event messages (version 1)', () => {
  const enrolled = recorded(sampleLedger(3)).find((e) => e.type === 'PolicyEnrolled')!;

  it('carry the envelope, the public data and the insurer parts, and decode back', () => {
    const message = ledgerEventMessage(enrolled, [
      { insurerId: 'picc', account: 'premium', amountFen: 3334 },
    ]);
    expect(message).toMatchObject({
      schema: 'ledger.event',
      version: 1,
      eventId: enrolled.id,
      type: 'PolicyEnrolled',
      streamId: enrolled.streamId,
      revision: '0',
      position: '2',
      planId: 'test-2024',
      eventSchemaVersion: 1,
      actor: 'test',
    });
    expect(JSON.stringify(message)).not.toMatch(/sealed|secret-/);
    const decoded = decodeLedgerEvent(Buffer.from(JSON.stringify(message)));
    expect(decoded.logPosition).toEqual({ commit: 2n, prepare: 2n });
    expect(decoded.insurerParts).toEqual(message.insurerParts);
  });

  it('a consumer refuses another schema or a version it does not know, rather than guess', () => {
    const message = ledgerEventMessage(enrolled, []);
    expect(() => decodeLedgerEvent(JSON.stringify({ ...message, version: 2 }))).toThrow(
      /version 2 is not supported/,
    );
    expect(() => decodeLedgerEvent(JSON.stringify({ ...message, schema: 'other' }))).toThrow(
      /expected schema ledger.event/,
    );
    expect(() => decodeLedgerEvent(null)).toThrow(/no value/);
  });
});
