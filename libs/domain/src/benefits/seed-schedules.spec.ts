import { GANZHOU_2024_BENEFITS, TIANYI_YONGNINGBAO_2024_BENEFITS } from './seed-schedules';

// The seed schedules as the DOMAIN.md table reads them, in fen (1万元 = 1_000_000 fen) and bp.

describe('Benefits: seed schedules match DOMAIN.md (000 Q7/Q8/Q3, 003 附件3)', () => {
  it('Benefits: 000 — 1.5万 deductible, 55% up to 20万 and 80% above, 20% pre-existing, special drugs 80% capped at 100万, plan cap 300万', () => {
    const byCode = Object.fromEntries(
      GANZHOU_2024_BENEFITS.responsibilities.map((r) => [r.code, r]),
    );
    expect(Object.keys(byCode)).toEqual(['in_catalogue', 'out_of_catalogue', 'special_drugs']);
    for (const code of ['in_catalogue', 'out_of_catalogue']) {
      expect(byCode[code]).toMatchObject({
        deductibleFen: 1_500_000,
        segments: [
          { fromFen: 1_500_000, ratioBp: 5500 },
          { fromFen: 20_000_000, ratioBp: 8000 },
        ],
        preExistingRatioBp: 2000,
      });
      expect(byCode[code].capFen).toBeUndefined(); // plan cap only
      expect(byCode[code].outOfAreaCountingShareBp).toBeUndefined();
    }
    expect(byCode.special_drugs).toMatchObject({
      deductibleFen: 0,
      segments: [{ fromFen: 0, ratioBp: 8000 }],
      capFen: 100_000_000,
    });
    expect(byCode.special_drugs.preExistingRatioBp).toBeUndefined(); // not stated
    expect(GANZHOU_2024_BENEFITS.planCapFen).toBe(300_000_000);
  });

  it('Benefits: 003 — R1..R3-2 0.6万 deductible, 30% to 2.0万 then 60%; R4 60% from 0; caps 50万/100万/100万/30万/20万; no plan cap, no shares', () => {
    const rs = TIANYI_YONGNINGBAO_2024_BENEFITS.responsibilities;
    expect(rs.map((r) => [r.code, r.capFen])).toEqual([
      ['R1', 50_000_000],
      ['R2', 100_000_000],
      ['R3-1', 100_000_000],
      ['R3-2', 30_000_000],
      ['R4', 20_000_000],
    ]);
    for (const r of rs.slice(0, 4)) {
      expect(r.deductibleFen).toBe(600_000);
      expect(r.segments).toEqual([
        { fromFen: 600_000, ratioBp: 3000 },
        { fromFen: 2_000_000, ratioBp: 6000 },
      ]);
    }
    expect(rs[4]).toMatchObject({ deductibleFen: 0, segments: [{ fromFen: 0, ratioBp: 6000 }] });
    for (const r of rs) {
      expect(r.preExistingRatioBp).toBeUndefined();
      expect(r.outOfAreaCountingShareBp).toBeUndefined();
    }
    expect(TIANYI_YONGNINGBAO_2024_BENEFITS.planCapFen).toBeUndefined();
  });

  it('Benefits: the two 000 medical responsibilities do not share segment objects (editing one copy leaves the other)', () => {
    const [inCat, outCat] = GANZHOU_2024_BENEFITS.responsibilities;
    expect(inCat.segments).not.toBe(outCat.segments);
    expect(inCat.segments[0]).not.toBe(outCat.segments[0]);
  });
});
