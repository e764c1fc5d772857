import { apiPath, getJson } from '../api/client';
import type { ScorecardReport } from '../api/api-types';
import { h, replaceChildren } from '../dom';
import { t, tOr } from '../i18n';
import { rankByCompletion } from '../model/figures';
import { PageContext, planTitle, townshipName } from './context';
import { Column, DataTable } from './data-table';
import { fileName, tableCsv, TabView } from './tab-view';

type ScoreRow = ScorecardReport['townships'][number] & { rank: number };

/** The township scorecard (考核评分), where the plan turns it on (000 Ningdu). */
export function scorecardView(ctx: PageContext): TabView {
  const notice = h('p', { class: 'notice', hidden: true }, t('scorecardOff'));
  const slot = h('div', { class: 'slot' });
  const element = h(
    'div',
    { class: 'view scorecard-view' },
    notice,
    h(
      'section',
      { class: 'panel panel-wide panel-table', data: { panel: 'scorecard' } },
      h('header', null, h('h3', null, t('scorecardTitle'))),
      slot,
    ),
  );
  let table: DataTable<ScoreRow> | undefined;
  let report: ScorecardReport | undefined;

  function draw(): void {
    if (!report) return;
    notice.hidden = report.enabled;
    if (!table) table = createTable(report);
    const ranked = rankByCompletion(report.townships, (r) => r.total).map((r) => ({
      ...r.row,
      rank: r.rank,
    }));
    table.setRows([{ rows: ranked }]);
  }

  function createTable(first: ScorecardReport): DataTable<ScoreRow> {
    const items = first.townships[0]?.items.map((i) => i.item) ?? [];
    const columns: Column<ScoreRow>[] = [
      {
        id: 'rank',
        label: t('colRank'),
        numeric: true,
        text: (r) => String(r.rank),
        sortValue: (r) => r.rank,
      },
      {
        id: 'township',
        label: t('colTownship'),
        text: (r) => townshipName(ctx, { id: r.townshipId, name: r.name }),
      },
      {
        id: 'total',
        label: t('colTotal'),
        numeric: true,
        text: (r) => String(r.total),
        sortValue: (r) => r.total,
      },
      ...items.map((item): Column<ScoreRow> => ({
        id: item,
        label: tOr('score', item),
        numeric: true,
        text: (r) => {
          const found = r.items.find((i) => i.item === item);
          return found ? `${found.points} / ${found.max}` : '';
        },
        sortValue: (r) => r.items.find((i) => i.item === item)?.points ?? -1,
        cell: (r) => {
          const found = r.items.find((i) => i.item === item);
          // The ledger's basis of the points (English, as computed), on hover.
          return found ? h('span', { title: found.basis }, `${found.points} / ${found.max}`) : '';
        },
      })),
    ];
    const created = new DataTable(columns, {
      caption: t('scorecardTitle'),
      rowKey: (r) => r.townshipId,
      rowData: (r) => ({ township: r.townshipId }),
    });
    replaceChildren(slot, created.element);
    return created;
  }

  return {
    element,
    async refresh() {
      report = await getJson<ScorecardReport>(
        apiPath(['plans', ctx.planId, 'scorecard'], { asOf: ctx.asOf }),
      );
      draw();
    },
    csv: () =>
      table
        ? tableCsv(
            table,
            fileName(planTitle(ctx.plan), t('tabScorecard'), ctx.asOf ?? t('asOfLatest')),
          )
        : undefined,
    dispose() {},
  };
}
