import { apiPath, getJson } from '../api/client';
import type { CoinsuranceReport, InsurerRow, PayoutsView } from '../api/api-types';
import { drawCountBars } from '../charts/bar-charts';
import { Chart } from '../charts/echarts';
import { h, replaceChildren } from '../dom';
import { formatBp, formatCount, formatMoney, formatYuan, plainYuan } from '../format';
import { nameOf, t } from '../i18n';
import { completionBp } from '../model/figures';
import { levelLabel, PageContext, planTitle } from './context';
import { Column, DataTable } from './data-table';
import { fileName, tableCsv, TabView } from './tab-view';

function card(id: string, label: string, value: string, note?: string): HTMLElement {
  return h(
    'div',
    { class: 'kpi', data: { kpi: id } },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, value),
    note ? h('div', { class: 'kpi-note' }, note) : null,
  );
}

/**
 * The coalition (共保体): each member's premium income, payouts and loss ratio, ranked by
 * premium income; an insurer sees its own row with the coalition's totals and its rank.
 */
export function insurersView(ctx: PageContext): TabView {
  const members = ctx.plan.definition.coalition?.members ?? [];
  const insurerName = (row: { insurerId: string; name: string }) => {
    const member = members.find((m) => m.insurerId === row.insurerId);
    return member ? nameOf(member.name) : row.name;
  };
  const columns: Column<InsurerRow>[] = [
    {
      id: 'rank',
      label: t('colRank'),
      numeric: true,
      text: (r) => String(r.rank),
      sortValue: (r) => r.rank,
    },
    { id: 'insurer', label: t('colInsurer'), text: (r) => insurerName(r) },
    { id: 'lead', label: t('colLead'), text: (r) => (r.lead ? t('leadYes') : '') },
    {
      id: 'share',
      label: t('colShare'),
      numeric: true,
      text: (r) => formatBp(r.shareBp),
      sortValue: (r) => r.shareBp ?? -1,
    },
    {
      id: 'premium',
      label: t('colPremiumIncome'),
      numeric: true,
      text: (r) => formatYuan(r.premiumFen),
      csv: (r) => plainYuan(r.premiumFen),
      sortValue: (r) => r.premiumFen,
    },
    {
      id: 'approved',
      label: t('colApproved'),
      numeric: true,
      text: (r) => formatYuan(r.approvedPayoutFen),
      csv: (r) => plainYuan(r.approvedPayoutFen),
      sortValue: (r) => r.approvedPayoutFen,
    },
    {
      id: 'paid',
      label: t('colPaid'),
      numeric: true,
      text: (r) => formatYuan(r.paidPayoutFen),
      csv: (r) => plainYuan(r.paidPayoutFen),
      sortValue: (r) => r.paidPayoutFen,
    },
    {
      id: 'loss-ratio',
      label: t('colLossRatio'),
      numeric: true,
      text: (r) => formatBp(r.lossRatioBp),
      sortValue: (r) => r.lossRatioBp ?? -1,
    },
  ];
  const table = new DataTable(columns, {
    caption: t('insurersTitle'),
    rowKey: (r) => r.insurerId,
    rowData: (r) => ({ insurer: r.insurerId }),
  });
  type Promotion = CoinsuranceReport['promotion'][number];
  const firstLevel = ctx.plan.definition.targets?.levels[0]?.name;
  const promotionColumns: Column<Promotion>[] = [
    { id: 'district', label: t('colDistrict'), text: (r) => nameOf(r.name) },
    {
      id: 'promoting',
      label: t('colPromoting'),
      text: (r) => r.insurers.map((i) => nameOf(i.name)).join('、'),
    },
    {
      id: 'active',
      label: t('colActive'),
      numeric: true,
      text: (r) => formatCount(r.active),
      sortValue: (r) => r.active,
    },
    ...(firstLevel
      ? [
          {
            id: 'completion',
            label: t('colCompletion', {
              level: levelLabel(firstLevel, ctx.plan.definition.targets),
            }),
            numeric: true,
            text: (r: Promotion) => formatBp(completionBp(r.active, r.targets[firstLevel] ?? 0)),
          },
        ]
      : []),
  ];
  const promotion = new DataTable(promotionColumns, {
    caption: t('promotionTitle'),
    rowKey: (r) => r.districtId,
  });
  type Responsibility = PayoutsView['byResponsibility'][number];
  const responsibilityColumns: Column<Responsibility>[] = [
    {
      id: 'code',
      label: t('colResponsibility'),
      text: (r) => {
        const named = ctx.plan.definition.benefits?.responsibilities.find(
          (x) => x.code === r.responsibilityCode,
        );
        return named ? nameOf(named.name) : r.responsibilityCode;
      },
    },
    { id: 'lines', label: t('colLines'), numeric: true, text: (r) => formatCount(r.lines) },
    {
      id: 'adjudicated',
      label: t('colAdjudicated'),
      numeric: true,
      text: (r) => formatYuan(r.adjudicatedFen),
    },
    {
      id: 'approved',
      label: t('colApproved'),
      numeric: true,
      text: (r) => formatYuan(r.approvedFen),
    },
    { id: 'paid', label: t('colPaid'), numeric: true, text: (r) => formatYuan(r.paidFen) },
  ];
  const responsibilities = new DataTable(responsibilityColumns, {
    caption: t('payoutsTitle'),
    rowKey: (r) => r.responsibilityCode,
  });
  const chart = new Chart('premium-chart');
  const kpiSlot = h('div', { class: 'kpi-slot' });
  const promotionPanel = h(
    'section',
    { class: 'panel panel-wide', data: { panel: 'promotion' }, hidden: true },
    h('header', null, h('h3', null, t('promotionTitle'))),
    promotion.element,
  );
  const payoutsNote = h('p', { class: 'notice' });
  const element = h(
    'div',
    { class: 'view insurers-view' },
    kpiSlot,
    h(
      'div',
      { class: 'panels' },
      h(
        'section',
        { class: 'panel', data: { panel: 'premium' } },
        h('header', null, h('h3', null, t('colPremiumIncome'))),
        chart.element,
      ),
      h(
        'section',
        { class: 'panel', data: { panel: 'payouts' } },
        h('header', null, h('h3', null, t('payoutsTitle'))),
        payoutsNote,
        responsibilities.element,
      ),
      h(
        'section',
        { class: 'panel panel-wide panel-table', data: { panel: 'insurers' } },
        h('header', null, h('h3', null, t('insurersTitle'))),
        table.element,
      ),
      promotionPanel,
    ),
  );
  let report: CoinsuranceReport | undefined;
  let payouts: PayoutsView | undefined;

  function draw(): void {
    if (!report || !payouts) return;
    const own = ctx.identity.role === 'insurer' ? report.insurers[0] : undefined;
    const memberCount = Math.max(members.length, report.insurers.length);
    replaceChildren(
      kpiSlot,
      h(
        'section',
        { class: 'kpis' },
        own
          ? [
              card(
                'insurer-premium',
                `${insurerName(own)} · ${t('insurerKpiPremium')}`,
                formatMoney(own.premiumFen),
                t('insurerKpiShare', { share: formatBp(own.shareBp) }),
              ),
              card(
                'insurer-rank',
                t('insurerKpiRank'),
                t('insurerKpiRankValue', { rank: own.rank, n: memberCount }),
              ),
              card(
                'insurer-approved',
                t('insurerKpiApproved'),
                formatMoney(own.approvedPayoutFen),
                t('insurerKpiPaid', { amount: formatMoney(own.paidPayoutFen) }),
              ),
              card(
                'insurer-loss-ratio',
                t('insurerKpiLossRatio'),
                formatBp(own.lossRatioBp) || '—',
              ),
            ]
          : null,
        card(
          'coalition-premium',
          t('coalitionTotal'),
          formatMoney(report.totalPremiumFen),
          report.unallocatedFen
            ? t('coalitionUnallocated', { amount: formatMoney(report.unallocatedFen) })
            : undefined,
        ),
        card(
          'coalition-approved',
          t('coalitionPayouts'),
          formatMoney(payouts.totals.approvedFen),
          t('insurerKpiPaid', { amount: formatMoney(payouts.totals.paidFen) }),
        ),
      ),
    );
    // Yuan on the axis; the labels print the exact fen as yuan.
    drawCountBars(
      chart,
      report.insurers.map((r) => ({ name: insurerName(r), value: r.premiumFen / 100 })),
      t('colPremiumIncome'),
      (yuan) => formatYuan(Math.round(yuan * 100)),
    );
    table.setRows([{ rows: report.insurers }]);
    promotionPanel.hidden = report.promotion.length === 0;
    promotion.setRows([{ rows: report.promotion }]);
    payoutsNote.textContent = payouts.byResponsibility.length ? '' : t('noPayouts');
    responsibilities.element.hidden = payouts.byResponsibility.length === 0;
    responsibilities.setRows([{ rows: payouts.byResponsibility }]);
  }

  return {
    element,
    async refresh() {
      [report, payouts] = await Promise.all([
        getJson<CoinsuranceReport>(
          apiPath(['plans', ctx.planId, 'coinsurance'], { asOf: ctx.asOf }),
        ),
        getJson<PayoutsView>(apiPath(['plans', ctx.planId, 'payouts'], { asOf: ctx.asOf })),
      ]);
      draw();
    },
    csv: () =>
      report
        ? tableCsv(
            table,
            fileName(planTitle(ctx.plan), t('tabInsurers'), ctx.asOf ?? t('asOfLatest')),
          )
        : undefined,
    dispose: () => chart.dispose(),
  };
}
