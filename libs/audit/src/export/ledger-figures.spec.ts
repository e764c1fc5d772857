import { canonicalJson, formatPosition } from '@ledger/event-store';
import { recorded, sampleLedger } from '../../../kafka/src/testing/ledger-fixture';
import { standaloneVerifier } from '../testing/standalone-verifier';
import { ledgerFiguresOf } from './ledger-figures';

describe("an audit bundle's figures: the ledger's reducers and the auditor's recomputation agree", () => {
  // Premiums before and after the coalition is set, three kinds of payer (a pending personal
  // account deduction among them), cancellations with refunds, a payout.
  const events = recorded(sampleLedger(60));
  const bundled = events.map((e) => ({
    position: formatPosition(e.position),
    streamId: e.streamId,
    revision: e.revision.toString(),
    eventId: e.id,
    type: e.type,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt,
  }));

  it.each([10, 25, events.length])(
    'township progress and coinsurance totals are the same as of position %i',
    (upTo) => {
      const at = events[upTo - 1].position;
      const ledger = ledgerFiguresOf(
        'test-2024',
        events.filter((e) => e.position.commit <= at.commit),
        formatPosition(at),
      );
      const auditor = standaloneVerifier.recomputeFigures('test-2024', bundled, at).figures;
      expect(canonicalJson(auditor)).toBe(canonicalJson(ledger));
    },
  );

  it('the figures are not trivial (cancellations, refunds, allocation after the coalition)', () => {
    const f = ledgerFiguresOf(
      'test-2024',
      events,
      formatPosition(events[events.length - 1].position),
    );
    expect(f.townships.some((t) => t.cancelled > 0)).toBe(true);
    expect(Object.keys(f.coinsurance.insurers)).toEqual(['cpic', 'picc', 'pingan']);
    expect(f.coinsurance.totalPremiumFen).toBeGreaterThan(0);
  });
});
