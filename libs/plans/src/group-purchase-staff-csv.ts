import { BasicInsuranceScheme, invalid, ResidentTier } from '@ledger/domain';
import { ColumnSpec, csvRecords, readColumns, TabularFile } from '@ledger/tabular';

export interface StaffCsvLine {
  idNumber: string;
  name?: string;
  basicInsurance: {
    scheme: BasicInsuranceScheme;
    insuredRegionCode: string;
    residentTier?: ResidentTier;
  };
  /** The township by Chinese name, statistical division code or id. */
  township?: string;
  localHouseholdRegistration?: boolean;
  /** The line's number in the file (the header is line 1). */
  line: number;
}

const YES = /^(1|true|yes|y|是)$/i;

/** Schemes and tiers as staff lists write them (English or Chinese). */
const SCHEMES: Record<string, BasicInsuranceScheme> = {
  employee: 'employee',
  职工: 'employee',
  职工医保: 'employee',
  resident: 'resident',
  居民: 'resident',
  城乡居民: 'resident',
  城乡居民医保: 'resident',
};
const TIERS: Record<string, ResidentTier> = {
  adult: 'adult',
  成年: 'adult',
  成年居民: 'adult',
  infant: 'infant',
  婴幼儿: 'infant',
  student: 'student',
  中小学生: 'student',
};

/** The columns of a staff list, Chinese or English (docs/group-purchase.md). */
export const GROUP_PURCHASE_STAFF_COLUMNS: ColumnSpec[] = [
  { key: 'idNumber', names: ['身份证号码', '身份证号', '公民身份号码'], required: true },
  { key: 'name', names: ['姓名'] },
  { key: 'scheme', names: ['参保类别', '基本医保类别', '险种'], required: true },
  { key: 'insuredRegionCode', names: ['参保地区代码', '参保地行政区划代码'], required: true },
  { key: 'residentTier', names: ['居民档次', '参保档次'] },
  { key: 'township', names: ['乡镇', '乡镇（街道）', '乡镇名称'] },
  { key: 'localHouseholdRegistration', names: ['本市户籍', '是否本市户籍'] },
];

/** A staff list as CSV text (UTF-8; parseGroupPurchaseStaff reads GBK and XLSX too). */
export function parseGroupPurchaseStaffCsv(text: string): StaffCsvLine[] {
  return parseGroupPurchaseStaff({ format: 'csv', rows: csvRecords(text) });
}

/**
 * An employer's staff list for a group purchase (团体参保): idNumber, name, scheme,
 * insuredRegionCode, residentTier, township, localHouseholdRegistration (or their Chinese
 * names). Each line keeps its number in the file; a line with a scheme or region the ledger
 * cannot read is refused whole (naming the line), since the employer's terms apply to the list
 * as a whole.
 */
export function parseGroupPurchaseStaff(file: TabularFile): StaffCsvLine[] {
  const empty = () =>
    invalid(
      'file',
      'groupPurchase.notEmpty',
      'the staff list needs a header row and at least one person',
    );
  if (file.rows.length < 2) throw empty();
  const { records } = readColumns(file, GROUP_PURCHASE_STAFF_COLUMNS);
  if (records.length === 0) throw empty();
  return records.map((record, i) => {
    const number = record.line;
    const at = (name: string) =>
      ((record.values as Record<string, string | undefined>)[name] ?? '').trim();
    const scheme = SCHEMES[at('scheme').toLowerCase()];
    if (!scheme)
      throw invalid(
        `staff[${i}].scheme`,
        'groupPurchase.scheme',
        `line ${number}: scheme must be employee (职工) or resident (城乡居民)`,
        { line: number },
      );
    const region = at('insuredRegionCode');
    if (!/^\d{6}$/.test(region))
      throw invalid(
        `staff[${i}].insuredRegionCode`,
        'groupPurchase.insuredRegionCode',
        `line ${number}: insuredRegionCode must be a 6-digit GB/T 2260 code`,
        { line: number },
      );
    const tierText = at('residentTier');
    const tier = tierText ? TIERS[tierText.toLowerCase()] : undefined;
    if (tierText && !tier)
      throw invalid(
        `staff[${i}].residentTier`,
        'groupPurchase.residentTier',
        `line ${number}: residentTier is adult, infant or student`,
        { line: number },
      );
    return {
      idNumber: at('idNumber'),
      ...(at('name') ? { name: at('name') } : {}),
      basicInsurance: {
        scheme,
        insuredRegionCode: region,
        ...(tier ? { residentTier: tier } : {}),
      },
      ...(at('township') ? { township: at('township') } : {}),
      ...(at('localHouseholdRegistration')
        ? { localHouseholdRegistration: YES.test(at('localHouseholdRegistration')) }
        : {}),
      line: number,
    };
  });
}
