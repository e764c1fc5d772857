import { formatYuan } from '@ledger/domain';
import {
  CountyRow,
  ProductCumulativeReport,
  YearEndInsurerRow,
  YearEndReport,
  YearFigures,
} from '@ledger/projections';
import { bpAsPercent, ViewTable } from '../views/view-tables';

const yuan = (fen: number | null | undefined) =>
  fen === undefined || fen === null ? undefined : formatYuan(fen);

/** The year-end report's file: one row per insurer of the year's coalition (002 五(二)). */
export function yearEndTable(report: YearEndReport): ViewTable<YearEndInsurerRow> {
  return {
    name: `${report.productId}-${report.planYear}`,
    rows: report.byInsurer,
    columns: [
      { key: 'rank', zh: '保费收入排名', value: (r) => r.rank },
      { key: 'insurerId', zh: '保险公司编号', value: (r) => r.insurerId },
      { key: 'name', zh: '保险公司', value: (r) => r.name },
      { key: 'lead', zh: '主承保', value: (r) => (r.lead ? '是' : '否') },
      { key: 'premiumFen', zh: '保费收入（分）', value: (r) => r.premiumFen },
      { key: 'premiumYuan', zh: '保费收入（元）', value: (r) => yuan(r.premiumFen) },
      { key: 'approvedPayoutFen', zh: '已审批赔款（分）', value: (r) => r.approvedPayoutFen },
      { key: 'paidPayoutFen', zh: '已支付赔款（分）', value: (r) => r.paidPayoutFen },
      { key: 'lossRatioBp', zh: '赔付率（基点）', value: (r) => r.lossRatioBp },
      { key: 'lossRatio', zh: '赔付率', value: (r) => bpAsPercent(r.lossRatioBp) },
      { key: 'operatingCostFen', zh: '综合运营成本（分）', value: (r) => r.operatingCostFen },
      {
        key: 'operatingCostYuan',
        zh: '综合运营成本（元）',
        value: (r) => yuan(r.operatingCostFen),
      },
      { key: 'combinedRatioBp', zh: '综合成本率（基点）', value: (r) => r.combinedRatioBp },
      { key: 'combinedRatio', zh: '综合成本率', value: (r) => bpAsPercent(r.combinedRatioBp) },
    ],
  };
}

type CountyYearRow = { county: CountyRow } & { planYear: number } & YearFigures;

/** The cumulative view's file: one row per county and plan year (docs/products.md). */
export function cumulativeTable(report: ProductCumulativeReport): ViewTable<CountyYearRow> {
  return {
    name: `${report.productId}-cumulative`,
    rows: report.byCounty.flatMap((county) => county.years.map((y) => ({ county, ...y }))),
    columns: [
      { key: 'regionCode', zh: '区划代码', value: (r) => r.county.regionCode },
      { key: 'county', zh: '县（市、区）', value: (r) => r.county.name?.zh ?? '' },
      { key: 'planYear', zh: '年度', value: (r) => r.planYear },
      { key: 'enrollments', zh: '参保人数', value: (r) => r.enrollments },
      { key: 'newPeople', zh: '新参保人数', value: (r) => r.newPeople },
      { key: 'continuing', zh: '连续参保人数', value: (r) => r.continuing },
      { key: 'renewalRateBp', zh: '续保率（基点）', value: (r) => r.renewalRateBp },
      { key: 'renewalRate', zh: '续保率', value: (r) => bpAsPercent(r.renewalRateBp) },
      { key: 'premiumFen', zh: '保费（分）', value: (r) => r.premiumFen },
      { key: 'premiumYuan', zh: '保费（元）', value: (r) => yuan(r.premiumFen) },
      { key: 'approvedPayoutFen', zh: '已审批赔款（分）', value: (r) => r.approvedPayoutFen },
      { key: 'paidPayoutFen', zh: '已支付赔款（分）', value: (r) => r.paidPayoutFen },
      { key: 'paidPayoutYuan', zh: '已支付赔款（元）', value: (r) => yuan(r.paidPayoutFen) },
      { key: 'approvedClaims', zh: '审批案件数', value: (r) => r.approvedClaims },
      { key: 'paidClaims', zh: '支付案件数', value: (r) => r.paidClaims },
      { key: 'lossRatioBp', zh: '赔付率（基点）', value: (r) => r.lossRatioBp },
      { key: 'lossRatio', zh: '赔付率', value: (r) => bpAsPercent(r.lossRatioBp) },
      {
        key: 'countyDistinctPeople',
        zh: '累计参保人数（去重）',
        value: (r) => r.county.distinctPeople,
      },
    ],
  };
}
