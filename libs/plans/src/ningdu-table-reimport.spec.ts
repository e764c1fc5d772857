import {
  decideImportTownshipTable,
  decidePublishPlan,
  evolvePlan,
  PlanEvent,
  PlanState,
  previewImportTownshipTable,
  startOfShanghaiDay,
  TownshipTable,
} from '@ledger/domain';
import { GANZHOU_2024, NINGDU_TOWNSHIP_TABLE } from './seeds/ganzhou-2024';
import { parseTownshipTableCsv } from './township-table-csv';

/** Ganzhou 2024 as the ledger publishes it: the plan, then the Ningdu table (t01…t25). */
function ningdu(): PlanState {
  const at = startOfShanghaiDay('2023-12-12');
  const published = decidePublishPlan(undefined, { definition: GANZHOU_2024, occurredAt: at });
  if (!published.ok) throw published.error;
  const state = published.events.reduce<PlanState | undefined>(evolvePlan, undefined);
  const table = decideImportTownshipTable(state, {
    planId: 'ganzhou-2024',
    source: '附件2',
    table: NINGDU_TOWNSHIP_TABLE,
    occurredAt: at,
  });
  if (!table.ok) throw table.error;
  return table.events.reduce<PlanState | undefined>(evolvePlan, state)!;
}

const later = startOfShanghaiDay('2024-01-10');
/** Enrollments per township as the township-progress view would give them. */
const enrollments = {
  t01: { active: 150, pending: 2, enrolled: 160 },
  t04: { active: 39, pending: 0, enrolled: 39 },
  t25: { active: 0, pending: 0, enrolled: 1 },
};

const rows = NINGDU_TOWNSHIP_TABLE.rows;
const partial: TownshipTable = { rows: [rows[1], rows[2], rows[4]] }; // 肖田乡, 蔡江乡, 洛口镇
const reordered: TownshipTable = {
  rows: [...rows].reverse(),
  statedTotal: NINGDU_TOWNSHIP_TABLE.statedTotal,
};

function apply(
  state: PlanState,
  table: TownshipTable,
  extra: { mapping?: Record<string, string>; keepUnlisted?: boolean } = {},
) {
  return decideImportTownshipTable(
    state,
    { planId: 'ganzhou-2024', source: 'copy', table, occurredAt: later, ...extra },
    enrollments,
  );
}

describe('Stable township identities (issue 15; DOMAIN.md: Targets and township progress), on the Ningdu table (000)', () => {
  it('Targets: the bundled table keeps the ids ledgers hold enrollments under (t01 城市社区管委会 … t25 赖村镇), in table order', () => {
    const t = ningdu().definition.townships;
    expect([t[0].townshipId, t[0].name.zh, t[24].townshipId, t[24].name.zh]).toEqual([
      't01',
      '城市社区管委会',
      't25',
      '赖村镇',
    ]);
    // No authoritative source for Ningdu's statistical division codes is in the seeds: none invented.
    expect(t.filter((x) => x.divisionCode !== undefined)).toEqual([]);
  });

  it('Targets: a reordered copy matches every row by name: nothing added, removed or moved; applying it changes no id', () => {
    const state = ningdu();
    const preview = previewImportTownshipTable(
      state,
      { planId: 'ganzhou-2024', source: 'copy', table: reordered, occurredAt: later },
      enrollments,
    );
    expect(preview.diff).toMatchObject({
      added: [],
      removed: [],
      renamed: [],
      merged: [],
      changed: [],
      needsMapping: [],
    });
    expect(preview.diff.unchanged).toHaveLength(25);
    const decision = apply(state, reordered);
    if (!decision.ok) throw decision.error;
    const after = decision.events.reduce(evolvePlan, state);
    const idOf = (s: PlanState, name: string) =>
      s.definition.townships.find((x) => x.name.zh === name)?.townshipId;
    for (const r of rows)
      expect([r.name, idOf(after, r.name)]).toEqual([r.name, idOf(state, r.name)]);
  });

  it('Targets: a partial copy (3 rows) names the 22 missing townships and the enrollments they hold; the apply is refused, naming them', () => {
    const state = ningdu();
    const preview = previewImportTownshipTable(
      state,
      { planId: 'ganzhou-2024', source: 'copy', table: partial, occurredAt: later },
      enrollments,
    );
    expect(preview.diff.removed).toHaveLength(22);
    expect(preview.diff.removed[0]).toEqual({
      townshipId: 't01',
      name: '城市社区管委会',
      enrollments: { active: 150, pending: 2, enrolled: 160 },
    });
    expect(preview.diff.needsMapping.map((t) => [t.name, t.enrollments.enrolled])).toEqual([
      ['城市社区管委会', 160],
      ['梅江镇', 39],
      ['赖村镇', 1],
    ]);
    const refused = apply(state, partial);
    expect(refused.ok ? undefined : [refused.error.kind, refused.error.rule]).toEqual([
      'conflict',
      'table.mappingRequired',
    ]);
    expect(refused.ok ? '' : refused.error.message).toContain(
      '城市社区管委会 (t01, 160 enrollments, removed)',
    );
  });

  it('Targets: with an explicit mapping keeping the missing townships the partial copy applies; ids, county base and targets unchanged', () => {
    const state = ningdu();
    const mapping = Object.fromEntries(
      rows.filter((r) => !partial.rows.includes(r)).map((r) => [r.name, 'keep']),
    );
    const decision = apply(state, partial, { mapping });
    if (!decision.ok) throw decision.error;
    const after = decision.events.reduce(evolvePlan, state);
    expect(after.definition.townships.map((t) => t.townshipId).sort()).toEqual(
      state.definition.townships.map((t) => t.townshipId).sort(),
    );
    const totals = (s: PlanState) => ({
      base: s.definition.townships.reduce((n, t) => n + (t.baseParticipants ?? 0), 0),
      required: s.definition.townships.reduce((n, t) => n + (t.targets.required ?? 0), 0),
    });
    expect(totals(after)).toEqual({ base: 658139, required: 131630 });
    const imported = decision.events.find(
      (e): e is Extract<PlanEvent, { type: 'TownshipTableImported' }> =>
        e.type === 'TownshipTableImported',
    )!;
    expect(imported.data.changes).toMatchObject({
      added: [],
      removed: [],
      kept: expect.arrayContaining(['t01', 't04', 't25']),
    });
    expect(imported.data.changes!.kept).toHaveLength(22);
  });

  it('Targets: "keepUnlisted" is the explicit mapping for a partial table that updates some townships only', () => {
    const state = ningdu();
    const updated: TownshipTable = {
      rows: [{ ...rows[1], base: 8500, targets: { required: 1700 } }],
    };
    const preview = previewImportTownshipTable(
      state,
      {
        planId: 'ganzhou-2024',
        source: 'copy',
        table: updated,
        keepUnlisted: true,
        occurredAt: later,
      },
      enrollments,
    );
    expect(preview.diff.kept).toHaveLength(24);
    expect(preview.diff.changed).toEqual([
      {
        townshipId: 't02',
        name: '肖田乡',
        row: 1,
        changes: {
          base: { from: 8456, to: 8500 },
          targets: { required: { from: 1691, to: 1700 } },
        },
        enrollments: { active: 0, pending: 0, enrolled: 0 },
      },
    ]);
    expect(preview.diff.totals.after).toEqual({ base: 658183, targets: { required: 131639 } });
  });

  it('Targets: 合计 is checked, never imported: 000 states 658,157 / 131,631 while its rows add to 658,139 / 131,630', () => {
    const csv = [
      'township,base,required',
      ...rows.map((r) => `${r.name},${r.base},${r.targets.required}`),
      '合  计,"658,157","131,631"',
    ].join('\n');
    const table = parseTownshipTableCsv(csv, ['required']);
    expect(table.rows).toHaveLength(25);
    expect(table.statedTotal).toEqual({ base: 658157, targets: { required: 131631 } });
    const preview = previewImportTownshipTable(
      ningdu(),
      { planId: 'ganzhou-2024', source: 'csv', table, occurredAt: later },
      enrollments,
    );
    expect(preview.diff.added).toEqual([]);
    expect(preview.imported.discrepancies.map((d) => d.message)).toEqual([
      'stated total base 658157 but the rows add up to 658139',
      'stated total required 131631 but the rows add up to 131630',
    ]);
  });
});
