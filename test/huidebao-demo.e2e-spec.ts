import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FixedClock,
  HuidebaoDemo,
  LedgerViews,
  openLedgerContext,
  ProductViews,
  scaledShape,
} from '@ledger/ledger';
import { testConfig } from './support/ledger-test-app';

/** Issue 16: 004 made real — the synthetic two-year 惠得保 campaign at a small scale. */
describe('惠得保 synthetic campaign (004 shape)', () => {
  it('its cumulative view reproduces the shape of 004: distinct people = year 1 + new in year 2, payouts exactly the scaled 62.55 million yuan; loading it twice adds nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-huidebao-'));
    const app = await openLedgerContext({
      config: { ...testConfig(dir), projections: 'external' },
      clock: new FixedClock(Date.parse('2025-06-01T10:00:00+08:00')),
      logger: false,
    });
    const scale = 0.002;
    const shape = scaledShape(scale);
    const summary = await app.get(HuidebaoDemo).load({ scale });
    expect(summary.refused).toBe(0);
    await app.get(LedgerViews).catchUpOnce();
    const view = await app.get(ProductViews).cumulative('jiujiang-huidebao');
    expect(view.overall).toMatchObject({
      distinctPeople: shape.year1People + shape.year2NewPeople,
      paidPayoutFen: 12_510_000, // 0.2% of 6,255万元
      approvedPayoutFen: 12_510_000,
    });
    const [y2023, y2024] = view.years;
    expect(y2023).toMatchObject({
      planYear: 2023,
      enrollments: shape.year1People,
      newPeople: shape.year1People,
    });
    const settled = summary.renewal.renewed - summary.renewal.failed;
    expect(y2024).toMatchObject({
      planYear: 2024,
      enrollments: shape.reEnrolled + shape.year2NewPeople + settled,
      continuing: shape.reEnrolled + settled,
      newPeople: shape.year2NewPeople,
      renewals: {
        created: shape.consents,
        active: settled,
        lapsed: summary.renewal.failed,
        pending: 0,
      },
    });
    expect(view.byCounty.length).toBeGreaterThan(5);
    expect(view.byCounty.every((c) => c.name?.zh)).toBe(true);
    expect(view.byCounty.reduce((s, c) => s + c.distinctPeople, 0)).toBe(
      view.overall.distinctPeople,
    );
    expect(view.insurerRanking.byTerm[0]).toMatchObject({ termId: '2023-2025' });
    const report = await app.get(ProductViews).yearEnd('jiujiang-huidebao', 2024);
    expect(report.paidPayoutFen).toBe(12_510_000 - Math.round(12_510_000 * 0.44));
    expect(report.operatingCostMissing).toEqual([]);
    expect(report.byInsurer.reduce((s, r) => s + r.paidPayoutFen, 0)).toBe(report.paidPayoutFen);

    // Deterministic command ids: a second load writes nothing new.
    const again = await app.get(HuidebaoDemo).load({ scale });
    expect(again).toEqual(summary);
    await app.get(LedgerViews).catchUpOnce();
    expect((await app.get(ProductViews).cumulative('jiujiang-huidebao')).overall).toEqual(
      view.overall,
    );
    await app.close();
  }, 600_000);
});
