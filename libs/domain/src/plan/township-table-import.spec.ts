import { at, planState, testPlanDefinition } from '../testing/fixtures';
import { decideImportTownshipTable, previewImportTownshipTable } from './plan-decider';
import { PlanDefinition, TargetRule } from './plan-definition';
import { evolvePlan, PlanState } from './plan-state';
import { TownshipTable } from './township-table';
import { recogniseTotalRows } from './township-table-rows';
import { findTownship, resolveTownship } from './township-ref';

const TASKS: TargetRule = {
  kind: 'task_numbers',
  levels: [{ name: 'task', description: { zh: '任务数', en: 'Task' } }],
  description: { zh: '任务', en: 'Tasks' },
};

/** A county (330281, Yuyao) with three townships, one of them with its division code. */
function county(): PlanState {
  const definition: PlanDefinition = testPlanDefinition({
    region: {
      name: { zh: '宁波市', en: 'Ningbo' },
      regionCode: '330200',
      targetCounty: { name: { zh: '余姚市', en: 'Yuyao' }, regionCode: '330281' },
    },
    targets: TASKS,
    townships: [
      { townshipId: 't01', name: { zh: '兰江街道', en: 'Lanjiang' }, targets: { task: 100 } },
      {
        townshipId: 't02',
        name: { zh: '低塘街道', en: 'Ditang' },
        divisionCode: '330281004000',
        targets: { task: 50 },
      },
      { townshipId: 't03', name: { zh: '陆埠镇', en: 'Lubu' }, targets: { task: 30 } },
    ],
  });
  return planState(definition);
}

const row = (name: string, task: number, extra: { code?: string; district?: string } = {}) => ({
  name,
  targets: { task },
  ...extra,
});

function importing(
  state: PlanState,
  table: TownshipTable,
  extra: { mapping?: Record<string, string>; keepUnlisted?: boolean } = {},
  counts = {},
) {
  const cmd = {
    planId: 'test-2024',
    source: 'test',
    table,
    occurredAt: at('2023-11-01T00:00:00+08:00'),
    ...extra,
  };
  return {
    preview: () => previewImportTownshipTable(state, cmd, counts),
    decide: () => decideImportTownshipTable(state, cmd, counts),
    applied: () => {
      const d = decideImportTownshipTable(state, cmd, counts);
      if (!d.ok) throw d.error;
      return d.events.reduce(evolvePlan, state);
    },
  };
}

const refusal = (d: ReturnType<typeof decideImportTownshipTable>) =>
  d.ok ? undefined : [d.error.field, d.error.rule];

describe('Township identities are stable: rows are matched by code or exact name, never by position (issue 15)', () => {
  it('Targets: a township renamed in the table but given its code keeps its id; holding enrollments, the rename needs the mapping to confirm it', () => {
    const table = {
      rows: [row('兰江街道', 100), row('低塘新区', 55, { code: '330281004' }), row('陆埠镇', 30)],
    };
    const counts = { t02: { active: 5, pending: 0, enrolled: 6 } };
    const plain = importing(county(), table, {}, counts);
    expect(plain.preview().diff.renamed).toEqual([
      {
        townshipId: 't02',
        name: '低塘新区',
        from: '低塘街道',
        to: '低塘新区',
        row: 2,
        by: 'code',
        enrollments: { active: 5, pending: 0, enrolled: 6 },
      },
    ]);
    expect(refusal(plain.decide())).toEqual(['mapping', 'table.mappingRequired']);
    const confirmed = importing(county(), table, { mapping: { 低塘街道: '低塘新区' } }, counts);
    const after = confirmed.applied().definition.townships;
    expect(after.find((t) => t.townshipId === 't02')).toMatchObject({
      name: { zh: '低塘新区' },
      divisionCode: '330281004000',
      targets: { task: 55 },
    });
  });

  it('Targets: a removed township mapped to a new row is renamed (its id kept); mapped to a listed row it is merged, and its enrollments count there', () => {
    const counts = {
      t01: { active: 3, pending: 0, enrolled: 3 },
      t03: { active: 2, pending: 0, enrolled: 2 },
    };
    const table = { rows: [row('兰江新街道', 100), row('低塘街道', 80)] };
    const imp = importing(
      county(),
      table,
      { mapping: { t01: '兰江新街道', 陆埠镇: '低塘街道' } },
      counts,
    );
    const { diff } = imp.preview();
    expect(diff.renamed.map((t) => [t.townshipId, t.from, t.to, t.by])).toEqual([
      ['t01', '兰江街道', '兰江新街道', 'mapping'],
    ]);
    expect(diff.merged).toEqual([
      {
        townshipId: 't03',
        name: '陆埠镇',
        into: { townshipId: 't02', name: '低塘街道' },
        enrollments: { active: 2, pending: 0, enrolled: 2 },
      },
    ]);
    expect(diff.added).toEqual([]);
    const after = imp.applied();
    expect(
      after.definition.townships.map((t) => [t.townshipId, t.name.zh, t.formerTownshipIds]),
    ).toEqual([
      ['t01', '兰江新街道', undefined],
      ['t02', '低塘街道', ['t03']],
    ]);
    // An old export naming t03 still finds the township its enrollments now count under.
    expect(findTownship(after.definition.townships, 't03')?.townshipId).toBe('t02');
  });

  it('Targets: a new township gets a new id, never one a removed township had; with a division code the code is its id', () => {
    const removed = importing(county(), {
      rows: [row('兰江街道', 100), row('低塘街道', 50)],
    }).applied();
    expect(removed.assignedTownshipIds).toEqual(['t01', 't02', 't03']);
    const added = importing(removed, {
      rows: [
        row('兰江街道', 100),
        row('低塘街道', 50),
        row('马渚镇', 40),
        row('临山镇', 20, { code: '330281110000' }),
      ],
    }).applied();
    expect(added.definition.townships.map((t) => t.townshipId)).toEqual([
      't01',
      't02',
      't04',
      '330281110000',
    ]);
    expect(added.definition.townships[3].divisionCode).toBe('330281110000');
  });

  it('Targets: removing a township without enrollments needs no mapping; the diff lists it', () => {
    const imp = importing(county(), { rows: [row('兰江街道', 100), row('低塘街道', 50)] });
    expect(imp.preview().diff.removed).toEqual([
      { townshipId: 't03', name: '陆埠镇', enrollments: { active: 0, pending: 0, enrolled: 0 } },
    ]);
    expect(imp.decide().ok).toBe(true);
  });

  it('Targets: a township holding only ended enrollments still needs a mapping to leave the table (recorded facts never go unassigned silently)', () => {
    const imp = importing(
      county(),
      { rows: [row('兰江街道', 100), row('低塘街道', 50)] },
      {},
      { t03: { active: 0, pending: 0, enrolled: 4 } },
    );
    expect(refusal(imp.decide())).toEqual(['mapping', 'table.mappingRequired']);
  });

  it.each([
    [
      'a code outside the county',
      { rows: [row('新镇', 1, { code: '360730100000' })] },
      {},
      ['rows[0].code', 'table.divisionCodeInCounty'],
    ],
    [
      'a code that is neither a division code nor an id',
      { rows: [row('新镇', 1, { code: 'X9' })] },
      {},
      ['rows[0].code', 'table.townshipCode'],
    ],
    [
      "a code of one township beside another township's name",
      { rows: [row('兰江街道', 1, { code: '330281004000' })] },
      {},
      ['rows[0].code', 'table.codeNameConflict'],
    ],
    [
      'the same township twice',
      { rows: [row('兰江街道', 1), row('兰江街道', 2)] },
      {},
      ['rows[1].name', 'table.duplicateTownship'],
    ],
    [
      'a township by code and again by name',
      { rows: [row('低塘新区', 1, { code: 't02' }), row('低塘街道', 2)] },
      {},
      ['rows[1].name', 'table.duplicateTownship'],
    ],
    [
      'a mapping from a township the plan does not have',
      { rows: [row('兰江街道', 1)] },
      { mapping: { 梨洲街道: 'keep' } },
      ['mapping.梨洲街道', 'table.mappingFrom'],
    ],
    [
      'a mapping to a row the table does not have',
      { rows: [row('兰江街道', 1)] },
      { mapping: { 陆埠镇: '陆埠新镇' } },
      ['mapping.陆埠镇', 'table.mappingTo'],
    ],
    [
      '"keep" for a township the table lists',
      { rows: [row('兰江街道', 1)] },
      { mapping: { 兰江街道: 'keep' } },
      ['mapping.兰江街道', 'table.mappingConflict'],
    ],
  ])('Targets: refused, naming the field and rule: %s', (_what, table, extra, expected) => {
    expect(refusal(importing(county(), table as TownshipTable, extra).decide())).toEqual(expected);
  });

  it('Targets: English names and division codes a table does not repeat are kept', () => {
    const after = importing(county(), {
      rows: [row('兰江街道', 100), row('低塘街道', 50), row('陆埠镇', 30)],
    }).applied();
    expect(after.definition.townships.map((t) => [t.name.en, t.divisionCode])).toEqual([
      ['Lanjiang', undefined],
      ['Ditang', '330281004000'],
      ['Lubu', undefined],
    ]);
  });
});

describe('Total and subtotal rows are recognised, checked against the rows, never imported (DOMAIN.md: Targets)', () => {
  it.each(['合计', '合  计', '总计', '全县合计', '全市总计', 'Total'])(
    'Targets: "%s" is the stated total',
    (label) => {
      const { table } = recogniseTotalRows({
        rows: [row('甲镇', 1), { name: label, base: 9, targets: { task: 1 } }],
      });
      expect(table.rows.map((r) => r.name)).toEqual(['甲镇']);
      expect(table.statedTotal).toEqual({ base: 9, targets: { task: 1 } });
    },
  );

  it('Targets (003 Yuyao): 第二片区小计 names its district, a bare 小计 or 片区小计 takes the district of the rows above, a blank district cell under a district (merged cell) inherits it', () => {
    const { table, unattributedSubtotals } = recogniseTotalRows({
      rows: [
        row('兰江街道', 64100, { district: '第一片区' }),
        row('低塘街道', 31600),
        row('小计', 95700),
        row('梨洲街道', 58800, { district: '第二片区' }),
        row('第二片区小计', 58000),
        row('凤山街道', 70000, { district: '第三片区' }),
        row('片区小计', 70000),
        { name: '', district: '合计', targets: { task: 223700 } },
      ],
    });
    expect(table.rows.map((r) => [r.name, r.district])).toEqual([
      ['兰江街道', '第一片区'],
      ['低塘街道', '第一片区'],
      ['梨洲街道', '第二片区'],
      ['凤山街道', '第三片区'],
    ]);
    expect(table.statedDistrictSubtotals).toEqual({
      第一片区: { task: 95700 },
      第二片区: { task: 58000 },
      第三片区: { task: 70000 },
    });
    expect(table.statedTotal).toEqual({ targets: { task: 223700 } });
    expect(unattributedSubtotals).toEqual([]);
    const report = importing(planState(testPlanDefinition({ targets: TASKS, townships: [] })), {
      rows: [
        row('兰江街道', 64100, { district: '第一片区' }),
        row('低塘街道', 31600),
        row('小计', 95700),
        row('梨洲街道', 58800, { district: '第二片区' }),
        row('第二片区小计', 58000),
      ],
    }).preview();
    expect(report.imported.discrepancies.map((d) => d.message)).toEqual([
      'district 第二片区: stated subtotal task 58000 but its townships add up to 58800',
    ]);
    expect(report.diff.added).toHaveLength(3);
  });

  it('Targets: a subtotal whose district cannot be told is reported, not guessed', () => {
    const report = importing(planState(testPlanDefinition({ targets: TASKS, townships: [] })), {
      rows: [row('甲镇', 1), row('小计', 1)],
    }).preview();
    expect(report.imported.discrepancies.map((d) => d.kind)).toEqual(['unattributed_subtotal']);
    expect(report.imported.townships).toHaveLength(1);
  });
});

describe('Enrollment requests name a township by id, division code or exact Chinese name (issue 15)', () => {
  it('Targets: resolved to the id; an unknown township is refused naming it as written', () => {
    const plan = county().definition;
    expect(resolveTownship(plan, '低塘街道', 'township').townshipId).toBe('t02');
    expect(resolveTownship(plan, '330281004', 'township').townshipId).toBe('t02');
    expect(resolveTownship(plan, ' t03 ', 'townshipId').townshipId).toBe('t03');
    expect(() => resolveTownship(plan, '梨洲街道', 'township')).toThrow(
      expect.objectContaining({
        field: 'township',
        rule: 'enrollment.knownTownship',
        details: { township: '梨洲街道' },
      }),
    );
  });
});
