import { ColumnSpec } from '@ledger/tabular';

/**
 * The columns of an enrollment sheet (CSV or XLSX), one row per contribution; consecutive rows
 * of the same ID number are one enrollment paid by several contributions. English names are the
 * keys; Chinese names come first in `names` (the first one is documented in docs/imports.md).
 */
export const ENROLLMENT_COLUMNS = [
  {
    key: 'idNumber',
    names: ['身份证号码', '身份证号', '公民身份号码', '证件号码'],
    required: true,
  },
  { key: 'name', names: ['姓名'] },
  { key: 'phone', names: ['联系电话', '电话', '手机号码'] },
  { key: 'localHouseholdRegistration', names: ['本市户籍', '是否本市户籍'] },
  { key: 'scheme', names: ['参保类别', '基本医保类别', '险种'], required: true },
  { key: 'insuredRegionCode', names: ['参保地区代码', '参保地行政区划代码'], required: true },
  { key: 'residentTier', names: ['居民档次', '参保档次'] },
  { key: 'residenceRegionCode', names: ['常住地区代码'] },
  { key: 'township', names: ['乡镇', '乡镇（街道）', '乡（镇）', 'townshipId'] },
  { key: 'occurredAt', names: ['参保时间', '参保日期', '缴费时间', '缴费日期'] },
  { key: 'source', names: ['缴费来源', '缴费方式'] },
  { key: 'amount', names: ['金额', '金额（元）', '缴费金额', '缴费金额（元）', 'amountYuan'] },
  { key: 'amountFen', names: ['金额（分）', '缴费金额（分）'] },
  { key: 'category', names: ['资助类别', '人员类别'] },
  { key: 'payerIdNumber', names: ['缴费人身份证号码', '账户持有人身份证号码'] },
  { key: 'payerName', names: ['缴费人姓名', '账户持有人姓名'] },
  { key: 'payerScheme', names: ['缴费人参保类别'] },
  { key: 'relation', names: ['与账户持有人关系', '与缴费人关系'] },
  { key: 'account', names: ['账户类型'] },
  { key: 'deduction', names: ['扣款状态'] },
  { key: 'funderId', names: ['资助单位代码', '单位代码', '统一社会信用代码'] },
  { key: 'funderName', names: ['资助单位', '资助单位名称', '单位名称'] },
  { key: 'fund', names: ['经费来源', '资金渠道'] },
] as const satisfies readonly ColumnSpec[];

export type EnrollmentColumn = (typeof ENROLLMENT_COLUMNS)[number]['key'];

/** Words clerks write in cells, by column, and what the ledger records for them. */
export const ENROLLMENT_VALUES = {
  scheme: {
    employee: ['职工', '职工医保', '职工基本医疗保险', '城镇职工'],
    resident: ['居民', '城乡居民', '城乡居民医保', '城乡居民基本医疗保险'],
  },
  residentTier: {
    adult: ['成年', '成年居民', '成年居民档'],
    infant: ['婴幼儿', '婴幼儿档'],
    student: ['学生', '中小学生', '中小学生档'],
  },
  source: {
    individual: ['个人', '个人缴费', '个人自缴', '自缴', '本人缴费'],
    personal_account: [
      '个人账户',
      '个账',
      '医保个人账户',
      '职工医保个人账户',
      '历年账户',
      '家庭共济账户',
      '共济账户',
    ],
    employer: ['单位', '单位缴费', '单位资助', '团体', '团体参保', '工会', '工会资助'],
    government_full_subsidy: ['财政全额资助', '政府全额资助', '全额资助', '财政资助', '政府资助'],
    department_subsidy: ['部门资助'],
    village_collective: ['村集体', '村集体资助', '村（居）集体'],
    charity: ['慈善', '慈善资助', '慈善捐赠'],
  },
  relation: {
    self: ['本人'],
    spouse: ['配偶'],
    parent: ['父母', '父亲', '母亲'],
    child: ['子女', '儿子', '女儿'],
  },
  account: {
    personal: ['个人账户', '当年账户'],
    accumulated: ['历年账户'],
    family_mutual_aid: ['家庭共济账户', '共济账户'],
  },
  deduction: {
    settled: ['已扣款', '已划扣', '已缴费'],
    pending: ['待扣款', '预约划扣', '待划扣'],
  },
  fund: {
    welfare: ['福利费', '单位福利费'],
    union: ['工会经费'],
  },
} as const;

export type EnrollmentVocabulary = keyof typeof ENROLLMENT_VALUES;

/** A cell's code: the English code itself or one of its Chinese words (full-width forms too). */
export function codeOf<V extends EnrollmentVocabulary>(
  vocabulary: V,
  text: string,
): keyof (typeof ENROLLMENT_VALUES)[V] | undefined {
  const t = text.normalize('NFKC').replace(/\s/g, '').toLowerCase();
  const words = ENROLLMENT_VALUES[vocabulary] as Record<string, readonly string[]>;
  for (const [code, names] of Object.entries(words)) {
    if (code === t || names.some((n) => n.normalize('NFKC').replace(/\s/g, '') === t)) {
      return code as keyof (typeof ENROLLMENT_VALUES)[V];
    }
  }
  return undefined;
}
