import { CONTRIBUTION_SOURCES, formatYuan, PlanDefinition } from '@ledger/domain';
import {
  CoinsuranceReport,
  PayoutsView,
  ProgressReport,
  ProgressRow,
  ScorecardRow,
  SubsidyReport,
} from '@ledger/projections';
import { OutputColumn } from '@ledger/tabular';
import { Language } from '../messages/language';

/** A column of a view's file: its English key, its Chinese header, its value. */
export interface ViewColumn<R> {
  key: string;
  zh: string;
  value: (row: R) => string | number | boolean | null | undefined;
}

/** A view as rows and columns, for ?format=csv and ?format=xlsx. */
export interface ViewTable<R = Record<string, unknown>> {
  /** The file's name (without extension). */
  name: string;
  columns: ViewColumn<R>[];
  rows: R[];
}

/** Headers in the reader's language: Chinese for clerks, the English keys with Accept-Language: en. */
export function outputColumns<R>(
  columns: readonly ViewColumn<R>[],
  language: Language,
): OutputColumn<R>[] {
  return columns.map((c) => ({ header: language === 'zh' ? c.zh : c.key, value: c.value }));
}

const SOURCE_NAMES: Record<string, string> = {
  individual: '个人缴费',
  personal_account: '个人账户',
  employer: '单位',
  government_full_subsidy: '财政全额资助',
  department_subsidy: '部门资助',
  village_collective: '村集体',
  charity: '慈善',
};
const LEVEL_NAMES: Record<string, string> = { county: '县', district: '片区', township: '乡镇' };

/** Basis points as a percentage with two decimals (2000 → 20.00%). */
export const bpAsPercent = (bp: number | null | undefined) =>
  bp === undefined || bp === null ? undefined : `${(bp / 100).toFixed(2)}%`;

/** Township progress: one row per county, district, township (and unassigned). */
export function progressTable(
  report: ProgressReport,
  plan?: PlanDefinition,
): ViewTable<ProgressRow> {
  const rows = [
    report.county,
    ...report.districts,
    ...report.townships,
    ...(report.unassigned ? [report.unassigned] : []),
  ];
  const levels = [...new Set(rows.flatMap((r) => Object.keys(r.targets)))];
  const levelName = (l: string) =>
    report.targetRule?.levels.find((x) => x.name === l)?.description.zh ?? l;
  const sources = CONTRIBUTION_SOURCES.filter((s) => rows.some((r) => r.bySource[s]));
  const categories = [...new Set(rows.flatMap((r) => Object.keys(r.byCategory)))];
  const categoryName = (code: string) =>
    plan?.subsidyCategories.find((c) => c.code === code)?.name.zh ?? code;
  return {
    name: `progress-${report.planId}`,
    rows,
    columns: [
      { key: 'level', zh: '层级', value: (r) => r.level },
      { key: 'levelName', zh: '层级名称', value: (r) => LEVEL_NAMES[r.level] },
      { key: 'id', zh: '编号', value: (r) => r.id },
      { key: 'name', zh: '名称', value: (r) => r.name.zh },
      { key: 'nameEn', zh: '英文名称', value: (r) => r.name.en },
      { key: 'districtId', zh: '片区编号', value: (r) => r.districtId },
      { key: 'base', zh: '参保基数', value: (r) => r.baseParticipants },
      { key: 'active', zh: '有效参保人数', value: (r) => r.active },
      { key: 'pending', zh: '待缴费人数', value: (r) => r.pending },
      { key: 'enrolled', zh: '累计参保人数', value: (r) => r.enrolled },
      { key: 'cancelled', zh: '已退保人数', value: (r) => r.cancelled },
      { key: 'lapsed', zh: '已失效人数', value: (r) => r.lapsed },
      { key: 'rateBp', zh: '参保率（基点）', value: (r) => r.rateBp },
      { key: 'rate', zh: '参保率', value: (r) => bpAsPercent(r.rateBp) },
      ...levels.flatMap((l): ViewColumn<ProgressRow>[] => [
        { key: `target_${l}`, zh: `目标：${levelName(l)}`, value: (r) => r.targets[l]?.target },
        { key: `gap_${l}`, zh: `差额：${levelName(l)}`, value: (r) => r.targets[l]?.gap },
      ]),
      { key: 'premiumCollectedFen', zh: '已收保费（分）', value: (r) => r.premiumCollectedFen },
      {
        key: 'premiumCollectedYuan',
        zh: '已收保费（元）',
        value: (r) => formatYuan(r.premiumCollectedFen),
      },
      { key: 'atDeadlineActive', zh: '截止日有效参保人数', value: (r) => r.atDeadline?.active },
      ...sources.map((s) => ({
        key: `bySource_${s}`,
        zh: `${SOURCE_NAMES[s] ?? s}（人）`,
        value: (r: ProgressRow) => r.bySource[s] ?? 0,
      })),
      ...categories.map((c) => ({
        key: `byCategory_${c}`,
        zh: `资助类别：${categoryName(c)}（人）`,
        value: (r: ProgressRow) => r.byCategory[c] ?? 0,
      })),
    ],
  };
}

type InsurerRow = CoinsuranceReport['insurers'][number];

/** Coinsurance: one row per coalition member. */
export function coinsuranceTable(report: CoinsuranceReport): ViewTable<InsurerRow> {
  return {
    name: `coinsurance-${report.planId}`,
    rows: report.insurers,
    columns: [
      { key: 'rank', zh: '排名', value: (r) => r.rank },
      { key: 'insurerId', zh: '保险公司编号', value: (r) => r.insurerId },
      { key: 'name', zh: '保险公司', value: (r) => r.name },
      { key: 'lead', zh: '主承保', value: (r) => (r.lead ? '是' : '否') },
      { key: 'shareBp', zh: '份额（基点）', value: (r) => r.shareBp },
      { key: 'premiumFen', zh: '保费收入（分）', value: (r) => r.premiumFen },
      { key: 'premiumYuan', zh: '保费收入（元）', value: (r) => formatYuan(r.premiumFen) },
      { key: 'approvedPayoutFen', zh: '已审批赔款（分）', value: (r) => r.approvedPayoutFen },
      { key: 'paidPayoutFen', zh: '已支付赔款（分）', value: (r) => r.paidPayoutFen },
      { key: 'lossRatioBp', zh: '赔付率（基点）', value: (r) => r.lossRatioBp },
      { key: 'lossRatio', zh: '赔付率', value: (r) => bpAsPercent(r.lossRatioBp) },
    ],
  };
}

type SubsidyRow = SubsidyReport['rows'][number];

/** Subsidies owed: one row per source, funder and category. */
export function subsidiesTable(report: SubsidyReport): ViewTable<SubsidyRow> {
  return {
    name: `subsidies-${report.planId}`,
    rows: report.rows,
    columns: [
      { key: 'source', zh: '缴费来源', value: (r) => SOURCE_NAMES[r.source] ?? r.source },
      { key: 'funderId', zh: '资助单位编号', value: (r) => r.funderId },
      { key: 'funderName', zh: '资助单位', value: (r) => r.funderName },
      { key: 'category', zh: '资助类别编号', value: (r) => r.category },
      { key: 'categoryName', zh: '资助类别', value: (r) => r.categoryName },
      { key: 'people', zh: '人数', value: (r) => r.people },
      { key: 'amountFen', zh: '应付金额（分）', value: (r) => r.amountFen },
      { key: 'amountYuan', zh: '应付金额（元）', value: (r) => formatYuan(r.amountFen) },
      { key: 'refundedFen', zh: '已退金额（分）', value: (r) => r.refundedFen },
    ],
  };
}

const SCORE_ITEMS: Record<string, string> = {
  task_completion: '任务完成',
  rate_bonus: '参保率加分',
  hardship_subsidy_bonus: '资助困难群体加分',
  staff_relatives_bonus: '职工家属参保加分',
  organization: '组织领导',
  publicity: '宣传发动',
  public_opinion: '舆情扣分',
};

/** Scorecard: one row per township, one column per item. */
export function scorecardTable(
  rows: readonly ScorecardRow[],
  planId: string,
): ViewTable<ScorecardRow> {
  const items = [...new Set(rows.flatMap((t) => t.items.map((i) => i.item)))];
  return {
    name: `scorecard-${planId}`,
    rows: [...rows],
    columns: [
      { key: 'townshipId', zh: '乡镇编号', value: (r) => r.townshipId },
      { key: 'name', zh: '乡镇', value: (r) => r.name.zh },
      { key: 'total', zh: '总分', value: (r) => r.total },
      ...items.map((item) => ({
        key: item,
        zh: SCORE_ITEMS[item] ?? item,
        value: (r: ScorecardRow) => r.items.find((i) => i.item === item)?.points,
      })),
    ],
  };
}

interface PayoutLine {
  kind: 'responsibility' | 'insurer' | 'total';
  id: string;
  name?: string;
  lines?: number;
  countedFen?: number;
  adjudicatedFen?: number;
  approvedFen: number;
  paidFen: number;
}

/** Payouts: one row per responsibility, per insurer, and the totals. */
export function payoutsTable(view: PayoutsView, plan?: PlanDefinition): ViewTable<PayoutLine> {
  const responsibilityName = (code: string) =>
    plan?.benefits?.responsibilities.find((r) => r.code === code)?.name?.zh;
  const rows: PayoutLine[] = [
    ...view.byResponsibility.map((r) => ({
      kind: 'responsibility' as const,
      id: r.responsibilityCode,
      ...(responsibilityName(r.responsibilityCode)
        ? { name: responsibilityName(r.responsibilityCode) }
        : {}),
      lines: r.lines,
      countedFen: r.countedFen,
      adjudicatedFen: r.adjudicatedFen,
      approvedFen: r.approvedFen,
      paidFen: r.paidFen,
    })),
    ...view.byInsurer.map((i) => ({
      kind: 'insurer' as const,
      id: i.insurerId,
      name: i.name,
      approvedFen: i.approvedFen,
      paidFen: i.paidFen,
    })),
    { kind: 'total', id: view.planId, ...view.totals },
  ];
  const KIND: Record<PayoutLine['kind'], string> = {
    responsibility: '保障责任',
    insurer: '保险公司',
    total: '合计',
  };
  return {
    name: `payouts-${view.planId}`,
    rows,
    columns: [
      { key: 'kind', zh: '类型', value: (r) => KIND[r.kind] },
      { key: 'id', zh: '编号', value: (r) => r.id },
      { key: 'name', zh: '名称', value: (r) => r.name },
      { key: 'lines', zh: '明细条数', value: (r) => r.lines },
      { key: 'countedFen', zh: '累计理算金额（分）', value: (r) => r.countedFen },
      { key: 'adjudicatedFen', zh: '理算赔付（分）', value: (r) => r.adjudicatedFen },
      { key: 'approvedFen', zh: '已审批（分）', value: (r) => r.approvedFen },
      { key: 'paidFen', zh: '已支付（分）', value: (r) => r.paidFen },
      { key: 'paidYuan', zh: '已支付（元）', value: (r) => formatYuan(r.paidFen) },
    ],
  };
}
