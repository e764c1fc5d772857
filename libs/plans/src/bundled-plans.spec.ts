import {
  composeResidentId,
  importTownshipTable,
  missingForEnrollment,
  parseResidentId,
  quotePremium,
  targetFromRate,
  validatePlanDefinition,
} from '@ledger/domain';
import { BUNDLED_PLANS } from './bundled-plans';
import { GANZHOU_2024, NINGDU_TOWNSHIP_TABLE } from './seeds/ganzhou-2024';
import { QINGLIU_2025, QINGLIU_TOWNSHIP_TABLE } from './seeds/qingliu-2025';
import { YUYAO_2024, YUYAO_TOWNSHIP_TABLE } from './seeds/yuyao-2024';

const messages = (d: { message: string }[]) => d.map((x) => x.message);

describe('Bundled seed plans (libs/plans)', () => {
  it.each(BUNDLED_PLANS.map((p) => [p.definition.planId, p.definition]))(
    '%s is a structurally valid plan',
    (_id, def) => {
      expect(validatePlanDefinition(def)).toEqual([]);
    },
  );

  it('Product, plan: values a seed does not give stay unset, so 001, 002 and 004 are drafts listing what is missing', () => {
    const missing = Object.fromEntries(
      BUNDLED_PLANS.map((p) => [p.definition.planId, missingForEnrollment(p.definition)]),
    );
    expect(missing).toEqual({
      'ganzhou-2024': [],
      'yuyao-2024': [],
      'qingliu-2025': ['enrollmentWindow', 'coverage', 'premium'],
      yichun: ['planYear', 'enrollmentWindow', 'coverage', 'premium'],
      'jiujiang-huidebao-2023': ['enrollmentWindow', 'coverage'],
      'jiujiang-huidebao-2024': ['enrollmentWindow', 'coverage'],
    });
  });

  it('Product, plan (004): 惠得保 is one product with two yearly plans, 100 yuan each, payable from personal accounts, with 65%–80% kept as a range a schedule must respect', () => {
    const huidebao = BUNDLED_PLANS.filter((p) => p.definition.productId === 'jiujiang-huidebao');
    expect(huidebao.map((p) => [p.definition.planId, p.definition.planYear])).toEqual([
      ['jiujiang-huidebao-2023', 2023],
      ['jiujiang-huidebao-2024', 2024],
    ]);
    for (const { definition } of huidebao) {
      expect(definition.premium).toEqual({ rules: [], defaultFen: 10000 });
      expect(definition.acceptedSources).toContain('personal_account');
      expect(definition.benefits).toBeUndefined();
      expect(definition.benefitRatioRange).toMatchObject({ minBp: 6500, maxBp: 8000 });
    }
    const schedule = (ratioBp: number) => ({
      responsibilities: [
        {
          code: 'medical',
          name: { zh: '医疗费用', en: 'Medical' },
          deductibleFen: 0,
          segments: [{ fromFen: 0, ratioBp }],
        },
      ],
    });
    const def = huidebao[0].definition;
    expect(validatePlanDefinition({ ...def, benefits: schedule(7000) })).toEqual([]);
    expect(validatePlanDefinition({ ...def, benefits: schedule(6000) })).toEqual([
      'benefits: medical segment 1 ratio 6000 bp is outside the stated range 6500–8000 bp (基本医保报销之外再提高65%~80%的报销比例)',
    ]);
  });

  it('Premium (000, 004): 100 yuan per person per year', () => {
    const adult = { birthDate: '1980-01-01', sex: 'male' as const };
    expect(quotePremium(GANZHOU_2024.premium!, adult, '2024-01-01').amountFen).toBe(10000);
  });

  it('Premium (003): 50 yuan for a person born on 2006-01-01, 100 yuan for one born on 2005-12-31, 50 yuan for an adult in the resident student tier', () => {
    const bornOn = (idBirth: string) =>
      parseResidentId(composeResidentId('330281', idBirth, 12), 'idNumber', '2023-11-01');
    const p2006 = bornOn('2006-01-01');
    const p2005 = bornOn('2005-12-31');
    const premium = YUYAO_2024.premium!;
    expect(quotePremium(premium, p2006, '2024-01-01')).toEqual({
      amountFen: 5000,
      ruleId: 'minor-born-2006-or-later',
    });
    expect(quotePremium(premium, p2005, '2024-01-01')).toEqual({
      amountFen: 10000,
      ruleId: 'default',
    });
    expect(
      quotePremium(premium, { ...bornOn('1999-05-05'), residentTier: 'student' }, '2024-01-01'),
    ).toEqual({ amountFen: 5000, ruleId: 'resident-student-tier' });
    expect(
      quotePremium(premium, { ...bornOn('1999-05-05'), residentTier: 'adult' }, '2024-01-01')
        .amountFen,
    ).toBe(10000);
  });
});

describe('Targets and township progress: seed tables are checked, never silently trusted (DOMAIN.md)', () => {
  it('Targets (000 Ningdu): the report lists exactly the stated total row errors 658,157 / 131,631 vs rows 658,139 / 131,630', () => {
    const imported = importTownshipTable(GANZHOU_2024.targets!, NINGDU_TOWNSHIP_TABLE, {
      townshipIdPrefix: 't',
    });
    expect(imported.townships).toHaveLength(25);
    expect(messages(imported.discrepancies)).toEqual([
      'stated total base 658157 but the rows add up to 658139',
      'stated total required 131631 but the rows add up to 131630',
    ]);
    expect(imported.totals).toEqual({ base: 658139, targets: { required: 131630 } });
  });

  it('Targets (000 Ningdu): each row target is base × 20% rounded half-up, row by row', () => {
    for (const row of NINGDU_TOWNSHIP_TABLE.rows) {
      expect([row.name, targetFromRate(row.base!, 2000, 'half_up')]).toEqual([
        row.name,
        row.targets.required,
      ]);
    }
    // The rule matters: 肖田乡 8456 × 20% = 1691.2 → 1691 half-up, 1692 ceiling.
    expect(targetFromRate(8456, 2000, 'ceiling')).toBe(1692);
  });

  it('Targets (001 Qingliu): 20% required and 30% aimed for, each rounded up, row by row; the blank first row is reported', () => {
    for (const row of QINGLIU_TOWNSHIP_TABLE.rows) {
      expect([
        row.name,
        targetFromRate(row.base!, 2000, 'ceiling'),
        targetFromRate(row.base!, 3000, 'ceiling'),
      ]).toEqual([row.name, row.targets.required, row.targets.stretch]);
    }
    const imported = importTownshipTable(QINGLIU_2025.targets!, QINGLIU_TOWNSHIP_TABLE, {
      townshipIdPrefix: 't',
    });
    expect(messages(imported.discrepancies)).toEqual(['row 1 has no township name']);
    expect(imported.totals).toEqual({ base: 112300, targets: { required: 22467, stretch: 33695 } });
    // Half-up would give 4128 for the first row (20642 × 20% = 4128.4): the seed uses ceiling.
    expect(targetFromRate(20642, 2000, 'half_up')).toBe(4128);
  });

  it('Targets (003 Yuyao): task numbers by district; districts 2 and 4 state subtotals 128,200 and 149,300 but add to 133,200 and 144,300', () => {
    const imported = importTownshipTable(YUYAO_2024.targets!, YUYAO_TOWNSHIP_TABLE, {
      townshipIdPrefix: 't',
      existingDistricts: YUYAO_2024.districts,
    });
    expect(imported.townships).toHaveLength(22);
    expect(messages(imported.discrepancies)).toEqual([
      'district 第二片区: stated subtotal task 128200 but its townships add up to 133200',
      'district 第四片区: stated subtotal task 149300 but its townships add up to 144300',
    ]);
    expect(imported.totals.targets.task).toBe(623100);
    expect(imported.districts.map((d) => d.promotingInsurers.length)).toEqual([2, 2, 2, 2]);
  });

  it('Targets: a hand-made table with a wrong subtotal and a target off the rate is reported too', () => {
    const imported = importTownshipTable(
      {
        kind: 'rate',
        levels: [{ name: 'required', rateBp: 2000, description: { zh: '', en: '' } }],
        rounding: 'half_up',
        description: { zh: '', en: '' },
      },
      {
        rows: [
          { name: '甲镇', district: '一片', base: 1000, targets: { required: 200 } },
          { name: '乙镇', district: '一片', base: 1003, targets: { required: 202 } },
        ],
        statedDistrictSubtotals: { 一片: { required: 400 } },
      },
      { townshipIdPrefix: 't' },
    );
    expect(messages(imported.discrepancies)).toEqual([
      'row 2 乙镇: stated required target 202 but base 1003 × 20% rounded half_up is 201',
      'district 一片: stated subtotal required 400 but its townships add up to 402',
    ]);
  });
});
