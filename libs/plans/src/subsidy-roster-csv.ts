import { BasicInsuranceScheme, invalid, ResidentTier } from '@ledger/domain';
import { ColumnSpec, csvRecords, readColumns, TabularFile } from '@ledger/tabular';

export interface RosterCsvLine {
  /** The line of the file the row is on (the header counted, as Excel shows it). */
  line: number;
  idNumber: string;
  name?: string;
  category: string;
  basicInsurance?: {
    scheme: BasicInsuranceScheme;
    insuredRegionCode: string;
    residentTier?: ResidentTier;
  };
  townshipId?: string;
  /** The township by Chinese name or statistical division code (resolved by the ledger). */
  township?: string;
  localHouseholdRegistration?: boolean;
}

const YES = /^(1|true|yes|y|是)$/i;

/** Basic-insurance schemes as rosters write them. */
const SCHEMES: Record<string, BasicInsuranceScheme> = {
  employee: 'employee',
  职工: 'employee',
  职工医保: 'employee',
  职工基本医疗保险: 'employee',
  resident: 'resident',
  居民: 'resident',
  城乡居民: 'resident',
  城乡居民医保: 'resident',
  城乡居民基本医疗保险: 'resident',
};

/** Resident tiers (003): 成年居民档, 婴幼儿档, 中小学生档. */
const TIERS: Record<string, ResidentTier> = {
  adult: 'adult',
  成年: 'adult',
  成年居民: 'adult',
  成年居民档: 'adult',
  infant: 'infant',
  婴幼儿: 'infant',
  婴幼儿档: 'infant',
  student: 'student',
  学生: 'student',
  中小学生: 'student',
  中小学生档: 'student',
};

/** The columns of a full-subsidy roster, Chinese or English (docs/imports.md). */
export const SUBSIDY_ROSTER_COLUMNS: ColumnSpec[] = [
  {
    key: 'idNumber',
    names: ['身份证号码', '身份证号', '公民身份号码', '证件号码'],
    required: true,
  },
  { key: 'name', names: ['姓名'] },
  { key: 'category', names: ['资助类别', '人员类别', '类别'], required: true },
  { key: 'scheme', names: ['参保类别', '基本医保类别', '险种'] },
  { key: 'insuredRegionCode', names: ['参保地区代码', '参保地行政区划代码'] },
  { key: 'residentTier', names: ['居民档次', '参保档次'] },
  { key: 'townshipId', names: [] },
  // A township as the list writes it: its name (or division code), resolved by the ledger.
  { key: 'township', names: ['乡镇', '乡镇（街道）', '乡镇名称'] },
  { key: 'localHouseholdRegistration', names: ['本市户籍', '是否本市户籍'] },
];

/** A roster as CSV text (UTF-8; see parseSubsidyRoster for other encodings and XLSX). */
export function parseSubsidyRosterCsv(text: string): RosterCsvLine[] {
  return parseSubsidyRoster({ format: 'csv', rows: csvRecords(text) });
}

/**
 * A full-subsidy roster: idNumber, name, category, scheme, insuredRegionCode, residentTier,
 * townshipId (or township: a Chinese name or division code), localHouseholdRegistration (or their Chinese names: 身份证号码, 姓名, 资助类别,
 * 参保类别, …). Empty scheme and region mean the line matched nobody in basic insurance (kept,
 * and reported by the import). Schemes and tiers may be written in Chinese (城乡居民, 职工).
 */
export function parseSubsidyRoster(file: TabularFile): RosterCsvLine[] {
  if (file.rows.length < 2)
    throw invalid('file', 'roster.notEmpty', 'the roster needs a header row and at least one line');
  const { records } = readColumns(file, SUBSIDY_ROSTER_COLUMNS);
  if (records.length === 0)
    throw invalid('file', 'roster.notEmpty', 'the roster needs a header row and at least one line');
  return records.map((record, i) => {
    const at = (name: string) => (record.values as Record<string, string | undefined>)[name] ?? '';
    const schemeText = at('scheme');
    const scheme = schemeText ? SCHEMES[schemeText.toLowerCase()] : undefined;
    if (schemeText && !scheme) {
      throw invalid(
        `lines[${i}].scheme`,
        'roster.scheme',
        `line ${record.line}: scheme must be employee (职工) or resident (城乡居民), or empty when unmatched; got "${schemeText}"`,
        { line: record.line, value: schemeText },
      );
    }
    const tierText = at('residentTier');
    const tier = tierText
      ? (TIERS[tierText.toLowerCase()] ?? (tierText as ResidentTier))
      : undefined;
    return {
      line: record.line,
      idNumber: at('idNumber'),
      ...(at('name') ? { name: at('name') } : {}),
      category: at('category'),
      ...(scheme && at('insuredRegionCode')
        ? {
            basicInsurance: {
              scheme,
              insuredRegionCode: at('insuredRegionCode'),
              ...(tier ? { residentTier: tier } : {}),
            },
          }
        : {}),
      ...(at('townshipId') ? { townshipId: at('townshipId') } : {}),
      ...(at('township') ? { township: at('township') } : {}),
      ...(at('localHouseholdRegistration')
        ? { localHouseholdRegistration: YES.test(at('localHouseholdRegistration')) }
        : {}),
    };
  });
}
