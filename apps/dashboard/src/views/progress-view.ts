import { apiPath, getJson } from '../api/client';
import type { ProgressReport, ProgressRow } from '../api/api-types';
import { drawCompletionBars } from '../charts/bar-charts';
import { Chart } from '../charts/echarts';
import { TrendChart } from '../charts/trend-chart';
import { dashboardHref, h, replaceChildren } from '../dom';
import { formatBp, formatCount, formatYuan, plainCount, plainYuan } from '../format';
import { t } from '../i18n';
import { LevelFigure, levelsOf, rankByCompletion, RowStatus, statusOf } from '../model/figures';
import { trendSeries } from '../model/trend';
import {
  districtName,
  levelLabel,
  levelTitle,
  PageContext,
  paceOf,
  planTitle,
  rowName,
  targetRuleOf,
} from './context';
import { Column, DataTable, RowGroup } from './data-table';
import { kpiCards } from './kpis';
import { fileName, tableCsv, TabView } from './tab-view';

interface DisplayRow {
  kind: 'township' | 'district' | 'county' | 'unassigned';
  row: ProgressRow;
  name: string;
  district: string;
  rank?: number;
  levels: LevelFigure[];
  status: RowStatus;
}

function statusBadge(status: RowStatus): HTMLElement {
  return h('span', { class: `status status-${status}` }, t(`status_${status}`));
}

function completionCell(level: LevelFigure | undefined, status: RowStatus): HTMLElement | string {
  if (!level || level.completionBp === undefined) return '';
  return h(
    'span',
    { class: 'completion' },
    h('meter', {
      min: 0,
      max: 100,
      value: Math.min(100, level.completionBp / 100),
      class: `meter-${status}`,
      'aria-hidden': 'true',
    }),
    h('span', null, formatBp(level.completionBp)),
  );
}

/**
 * Which row the headline figures are about: the county, or for a township official the
 * township (or district) in their scope; the county roll-up otherwise.
 */
function subjectOf(report: ProgressReport, role: string): ProgressRow {
  if (role !== 'township_official') return report.county;
  if (report.townships.length === 1) return report.townships[0];
  const [district] = report.districts;
  if (report.districts.length === 1 && report.townships.every((r) => r.districtId === district.id))
    return district;
  return report.county;
}

export function progressView(ctx: PageContext): TabView {
  const rule = targetRuleOf(ctx);
  const planDistricts = ctx.plan.definition.districts;
  const hasDistricts = planDistricts.length > 0;
  const levelNames = rule?.levels.map((l) => l.name) ?? [];
  const withBase = ctx.plan.definition.townships.some((x) => x.baseParticipants !== undefined);
  const display = (row: ProgressRow, kind: DisplayRow['kind']): DisplayRow => {
    const levels = levelsOf(row, rule);
    return {
      kind,
      row,
      name:
        kind === 'district'
          ? t('districtRow', { name: rowName(ctx, row) })
          : kind === 'county'
            ? t('countyRow', { name: rowName(ctx, row) })
            : rowName(ctx, row),
      district: kind === 'township' ? districtName(ctx, row.districtId) : '',
      levels,
      status: kind === 'unassigned' ? 'none' : statusOf(levels, row.active, paceOf(ctx)),
    };
  };
  const level = (r: DisplayRow, name: string) => r.levels.find((l) => l.name === name);

  const columns: Column<DisplayRow>[] = [
    {
      id: 'rank',
      label: t('colRank'),
      numeric: true,
      text: (r) => (r.rank === undefined ? '' : String(r.rank)),
      sortValue: (r) => r.rank ?? Number.MAX_SAFE_INTEGER,
    },
    {
      id: 'name',
      label: t('colTownship'),
      text: (r) => r.name,
      cell: (r) =>
        r.kind === 'township'
          ? h(
              'a',
              { href: dashboardHref([ctx.planId], { township: r.row.id, asOf: ctx.asOf }) },
              r.name,
            )
          : r.name,
    },
    ...(hasDistricts
      ? [{ id: 'district', label: t('colDistrict'), text: (r: DisplayRow) => r.district }]
      : []),
    ...(withBase
      ? [
          {
            id: 'base',
            label: t('colBase'),
            numeric: true,
            text: (r: DisplayRow) => formatCount(r.row.baseParticipants),
            csv: (r: DisplayRow) => plainCount(r.row.baseParticipants),
            sortValue: (r: DisplayRow) => r.row.baseParticipants ?? -1,
          },
        ]
      : []),
    {
      id: 'active',
      label: t('colActive'),
      numeric: true,
      text: (r) => formatCount(r.row.active),
      csv: (r) => plainCount(r.row.active),
      sortValue: (r) => r.row.active,
    },
    {
      id: 'pending',
      label: t('colPending'),
      numeric: true,
      text: (r) => formatCount(r.row.pending),
      csv: (r) => plainCount(r.row.pending),
      sortValue: (r) => r.row.pending,
    },
    ...(withBase
      ? [
          {
            id: 'rate',
            label: t('colRate'),
            numeric: true,
            text: (r: DisplayRow) => formatBp(r.row.rateBp),
            sortValue: (r: DisplayRow) => r.row.rateBp ?? -1,
          },
        ]
      : []),
    ...levelNames.flatMap((name): Column<DisplayRow>[] => {
      const label = levelLabel(name, rule);
      const title = rule?.levels.find((l) => l.name === name);
      return [
        {
          id: `target-${name}`,
          label: t('colTarget', { level: label }),
          title: title ? levelTitle({ name } as LevelFigure, rule) : undefined,
          numeric: true,
          text: (r) => formatCount(level(r, name)?.target),
          csv: (r) => plainCount(level(r, name)?.target),
          sortValue: (r) => level(r, name)?.target ?? -1,
        },
        {
          id: `completion-${name}`,
          label: t('colCompletion', { level: label }),
          numeric: true,
          text: (r) => formatBp(level(r, name)?.completionBp),
          cell: (r) => completionCell(level(r, name), r.status),
          sortValue: (r) => level(r, name)?.completionBp ?? -1,
        },
        {
          id: `gap-${name}`,
          label: t('colGap', { level: label }),
          numeric: true,
          text: (r) => formatCount(level(r, name)?.gap),
          csv: (r) => plainCount(level(r, name)?.gap),
          sortValue: (r) => level(r, name)?.gap ?? -1,
        },
      ];
    }),
    {
      id: 'premium',
      label: t('colPremium'),
      numeric: true,
      text: (r) => formatYuan(r.row.premiumCollectedFen),
      csv: (r) => plainYuan(r.row.premiumCollectedFen),
      sortValue: (r) => r.row.premiumCollectedFen,
    },
    ...(ctx.plan.definition.targets?.deadline
      ? [
          {
            id: 'at-deadline',
            label: t('colAtDeadline'),
            title: ctx.plan.definition.targets.deadline,
            numeric: true,
            text: (r: DisplayRow) => formatCount(r.row.atDeadline?.active),
            csv: (r: DisplayRow) => plainCount(r.row.atDeadline?.active),
            sortValue: (r: DisplayRow) => r.row.atDeadline?.active ?? -1,
          },
        ]
      : []),
    {
      id: 'status',
      label: t('colStatus'),
      text: (r) => (r.kind === 'unassigned' ? '' : t(`status_${r.status}`)),
      cell: (r) => (r.kind === 'unassigned' ? '' : statusBadge(r.status)),
    },
  ];

  const table = new DataTable<DisplayRow>(columns, {
    caption: t('tableTitle'),
    rowKey: (r) => `${r.kind}:${r.row.id}`,
    rowClass: (r) => `row-${r.kind}`,
    rowData: (r) => ({
      township: r.kind === 'township' ? r.row.id : undefined,
      district: r.kind === 'district' ? r.row.id : undefined,
      status: r.status,
    }),
  });
  const trend = new TrendChart();
  const ranking = new Chart('ranking-chart');
  const districtChart = new Chart('district-chart');
  let grouped = hasDistricts;
  let report: ProgressReport | undefined;
  let lastChanged: ReadonlySet<string> = new Set();

  const kpiSlot = h('div', { class: 'kpi-slot' });
  const rankingPanel = h(
    'section',
    { class: hasDistricts ? 'panel' : 'panel panel-wide', data: { panel: 'ranking' } },
    h('header', null, h('h3', null, t('rankingTitle'))),
    ranking.element,
  );
  const subjectLabel = h('h2', { class: 'subject' });
  const contextLine = h('p', { class: 'context-line' });
  const message = h('p', { class: 'notice', hidden: true });
  const groupToggle = h('input', {
    type: 'checkbox',
    checked: grouped,
    on: {
      change: (e) => {
        grouped = (e.target as HTMLInputElement).checked;
        draw();
      },
    },
  });

  const element = h(
    'div',
    { class: 'view progress-view' },
    subjectLabel,
    kpiSlot,
    contextLine,
    message,
    h(
      'div',
      { class: 'panels' },
      h(
        'section',
        { class: 'panel panel-wide', data: { panel: 'trend' } },
        h('header', null, h('h3', null, t('trendTitle')), trend.toggle),
        trend.chart.element,
        trend.empty,
      ),
      rankingPanel,
      hasDistricts
        ? h(
            'section',
            { class: 'panel', data: { panel: 'districts' } },
            h('header', null, h('h3', null, t('districtTitle'))),
            districtChart.element,
          )
        : null,
    ),
    h(
      'section',
      { class: 'panel panel-table', data: { panel: 'table' } },
      h(
        'header',
        null,
        h('h3', null, t('tableTitle')),
        hasDistricts ? h('label', { class: 'toggle' }, groupToggle, t('groupByDistrict')) : null,
      ),
      table.element,
    ),
  );

  function draw(): void {
    if (!report) return;
    const pace = paceOf(ctx);
    const subject = subjectOf(report, ctx.identity.role);
    subjectLabel.textContent =
      subject.level === 'county'
        ? `${t('kpiSubjectCounty')} · ${rowName(ctx, subject)}`
        : `${t('kpiSubjectMine')} · ${rowName(ctx, subject)}`;
    replaceChildren(kpiSlot, kpiCards(subject, ctx));
    contextLine.textContent =
      subject.level === 'county'
        ? ''
        : t('countyContext', { active: formatCount(report.county.active) });

    const subjectLevels = levelsOf(subject, rule);
    trend.draw(
      trendSeries(subject.perDay, {
        opensOn: ctx.opensOn,
        deadline: ctx.deadline,
        referenceDate: ctx.referenceDate,
        target: subjectLevels[0]?.target,
      }),
      subjectLevels.map((l) => ({ label: levelLabel(l.name, rule), target: l.target })),
    );

    const townships = report.townships.map((r) => display(r, 'township'));
    const ranked = rankByCompletion(
      townships,
      (r) => r.levels[0]?.completionBp,
      (r) => r.row.active,
    );
    for (const { row, rank } of ranked) row.rank = rank;
    const inRankOrder = ranked.map((r) => r.row);
    rankingPanel.hidden = townships.length === 0;
    if (townships.length)
      drawCompletionBars(
        ranking,
        inRankOrder.map((r) => ({
          name: r.name,
          completionBp: r.levels[0]?.completionBp,
          status: r.status,
        })),
        pace,
        true,
      );
    const districts = report.districts.map((r) => display(r, 'district'));
    if (hasDistricts) {
      drawCompletionBars(
        districtChart,
        districts.map((r) => ({
          name: rowName(ctx, r.row),
          completionBp: r.levels[0]?.completionBp,
          status: r.status,
        })),
        pace,
        false,
      );
    }

    message.hidden = report.townships.length > 0 || ctx.plan.definition.townships.length > 0;
    message.textContent = t('noTownshipTable');

    let groups: RowGroup<DisplayRow>[];
    if (grouped && hasDistricts) {
      groups = districts.map((d) => ({
        header: d,
        rows: inRankOrder.filter((r) => r.row.districtId === d.row.id),
      }));
      const loose = inRankOrder.filter(
        (r) => !districts.some((d) => d.row.id === r.row.districtId),
      );
      if (loose.length) groups.push({ rows: loose });
    } else {
      groups = [{ rows: inRankOrder }];
    }
    const footer = [
      ...(report.unassigned ? [display(report.unassigned, 'unassigned')] : []),
      display(report.county, 'county'),
    ];
    table.setRows(
      groups,
      footer,
      [...lastChanged].map((id) => `township:${id}`),
    );
  }

  return {
    element,
    async refresh(changed) {
      report = await getJson<ProgressReport>(
        apiPath(['plans', ctx.planId, 'progress'], { asOf: ctx.asOf }),
      );
      lastChanged = changed ?? new Set();
      draw();
    },
    csv: () =>
      report
        ? tableCsv(
            table,
            fileName(planTitle(ctx.plan), t('tabProgress'), ctx.asOf ?? t('asOfLatest')),
          )
        : undefined,
    dispose() {
      trend.chart.dispose();
      ranking.dispose();
      districtChart.dispose();
    },
  };
}
