import { apiPath, getJson } from '../api/client';
import type { TownshipProgress } from '../api/api-types';
import { drawCountBars } from '../charts/bar-charts';
import { Chart } from '../charts/echarts';
import { TrendChart } from '../charts/trend-chart';
import { dashboardHref, h, replaceChildren } from '../dom';
import { formatBp, formatCount, plainCount } from '../format';
import { nameOf, t, tOr } from '../i18n';
import { levelsOf } from '../model/figures';
import { trendSeries } from '../model/trend';
import { levelLabel, PageContext, planTitle, rowName, targetRuleOf } from './context';
import { Column, DataTable } from './data-table';
import { kpiCards } from './kpis';
import { fileName, TabView } from './tab-view';
import { toCsv } from '../model/csv';

interface CountRow {
  section: string;
  key: string;
  label: string;
  count: number;
  ended?: number;
  cumulative?: number;
}

function countTable(caption: string, labelHeader: string, withDaily: boolean): DataTable<CountRow> {
  const columns: Column<CountRow>[] = [
    { id: 'item', label: labelHeader, text: (r) => r.label },
    {
      id: 'count',
      label: withDaily ? t('colEnrolled') : t('colPeople'),
      numeric: true,
      text: (r) => formatCount(r.count),
      csv: (r) => plainCount(r.count),
      sortValue: (r) => r.count,
    },
    ...(withDaily
      ? [
          {
            id: 'ended',
            label: t('colEnded'),
            numeric: true,
            text: (r: CountRow) => formatCount(r.ended ?? 0),
            csv: (r: CountRow) => plainCount(r.ended ?? 0),
            sortValue: (r: CountRow) => r.ended ?? 0,
          },
          {
            id: 'cumulative',
            label: t('trendCumulative'),
            numeric: true,
            text: (r: CountRow) => formatCount(r.cumulative ?? 0),
            csv: (r: CountRow) => plainCount(r.cumulative ?? 0),
            sortValue: (r: CountRow) => r.cumulative ?? 0,
          },
        ]
      : []),
  ];
  return new DataTable(columns, { caption, rowKey: (r) => `${r.section}:${r.key}` });
}

/**
 * One township (drill-down): its headline figures, daily counts against its target, and its
 * enrollments by payment source and by subsidy category. A township official may open only
 * their own (the ledger answers 403 otherwise).
 */
export function townshipView(ctx: PageContext, townshipId: string): TabView {
  const rule = targetRuleOf(ctx);
  const trend = new TrendChart();
  const sourceChart = new Chart('source-chart');
  const sources = countTable(t('sourceTitle'), t('colSource'), false);
  const categories = countTable(t('categoryTitle'), t('colCategory'), false);
  const daily = countTable(t('dailyTitle'), t('colDate'), true);
  const heading = h('h2', { class: 'subject' });
  const kpiSlot = h('div', { class: 'kpi-slot' });
  const contextLine = h('p', { class: 'context-line' });
  let answer: TownshipProgress | undefined;

  const element = h(
    'div',
    { class: 'view township-view', data: { township: townshipId } },
    h(
      'p',
      { class: 'back' },
      h('a', { href: dashboardHref([ctx.planId], { asOf: ctx.asOf }) }, t('backToCounty')),
    ),
    heading,
    kpiSlot,
    contextLine,
    h(
      'div',
      { class: 'panels' },
      h(
        'section',
        { class: 'panel panel-wide', data: { panel: 'daily' } },
        h('header', null, h('h3', null, t('dailyTitle')), trend.toggle),
        trend.chart.element,
        trend.empty,
      ),
      h(
        'section',
        { class: 'panel', data: { panel: 'sources' } },
        h('header', null, h('h3', null, t('sourceTitle'))),
        sourceChart.element,
        sources.element,
      ),
      h(
        'section',
        { class: 'panel', data: { panel: 'categories' } },
        h('header', null, h('h3', null, t('categoryTitle'))),
        categories.element,
      ),
      h('section', { class: 'panel panel-wide', data: { panel: 'daily-table' } }, daily.element),
    ),
  );

  function draw(): void {
    if (!answer) return;
    const row = answer.township;
    const name = rowName(ctx, row);
    const district = answer.district ? rowName(ctx, answer.district) : '';
    heading.textContent = district ? t('townshipOf', { township: name, district }) : name;
    replaceChildren(kpiSlot, kpiCards(row, ctx));
    const context = [answer.district, answer.county]
      .filter((r): r is NonNullable<typeof r> => !!r)
      .map((r) => {
        const first = levelsOf(r, rule)[0];
        return `${rowName(ctx, r)}：${formatCount(r.active)}${first ? ` · ${levelLabel(first.name, rule)} ${formatBp(first.completionBp)}` : ''}`;
      });
    contextLine.textContent = context.join('　');

    const levels = levelsOf(row, rule);
    const series = trendSeries(row.perDay, {
      opensOn: ctx.opensOn,
      deadline: ctx.deadline,
      referenceDate: ctx.referenceDate,
      target: levels[0]?.target,
    });
    trend.draw(
      series,
      levels.map((l) => ({ label: levelLabel(l.name, rule), target: l.target })),
    );
    const sourceRows = Object.entries(row.bySource)
      .filter(([, n]) => n !== 0)
      .sort((a, b) => b[1] - a[1])
      .map(([source, count]) => ({
        section: 'source',
        key: source,
        label: tOr('source', source),
        count,
      }));
    drawCountBars(
      sourceChart,
      sourceRows.map((r) => ({ name: r.label, value: r.count })),
      t('colPeople'),
    );
    sources.setRows([{ rows: sourceRows }]);
    const categoryRows = Object.entries(row.byCategory)
      .filter(([, n]) => n !== 0)
      .sort((a, b) => b[1] - a[1])
      .map(([code, count]) => {
        const category = ctx.plan.definition.subsidyCategories.find((c) => c.code === code);
        return {
          section: 'category',
          key: code,
          label: category ? nameOf(category.name) : code,
          count,
        };
      });
    categories.setRows([{ rows: categoryRows }]);
    const dailyRows: CountRow[] = series.dates
      .map((date, i) => ({
        section: 'day',
        key: date,
        label: date,
        count: series.enrolled[i],
        ended: series.ended[i],
        cumulative: series.cumulative[i] ?? undefined,
      }))
      .filter((r) => r.count > 0 || (r.ended ?? 0) > 0);
    daily.setRows([{ rows: dailyRows }]);
  }

  return {
    element,
    async refresh() {
      answer = await getJson<TownshipProgress>(
        apiPath(['plans', ctx.planId, 'townships', townshipId, 'progress'], { asOf: ctx.asOf }),
      );
      draw();
    },
    csv() {
      if (!answer) return undefined;
      const name = rowName(ctx, answer.township);
      // The three tables one after the other, each with its own heading row.
      const content = [sources, categories, daily]
        .map((table) => toCsv(table.csvColumns(), table.shownRows()).replace(/^\uFEFF/, ''))
        .join('\r\n');
      return {
        name: fileName(planTitle(ctx.plan), name, ctx.asOf ?? t('asOfLatest')),
        content: '\uFEFF' + content,
      };
    },
    dispose() {
      trend.chart.dispose();
      sourceChart.dispose();
    },
  };
}
