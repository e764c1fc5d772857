import { PlanDefinition } from '@ledger/domain';
import {
  ColumnLayout,
  integerFen,
  shanghaiInstant,
  TabularRecord,
  yesNo,
  yuanToFen,
} from '@ledger/tabular';
import { ErrorItem } from '../../core/refusal';
import { codeOf, EnrollmentColumn } from './enrollment-columns';

/** A refusal item of an import line, located in the operator's file: its row and column. */
export interface ImportErrorItem extends ErrorItem {
  /** The header of the column as the file names it. */
  column?: string;
  /** The row the item is about (an enrollment of several rows: the contribution's row). */
  line?: number;
}

/** The rows that make one enrollment: its body for the API's DTO, or why it cannot be read. */
export interface EnrollmentRows {
  lines: number[];
  body?: Record<string, unknown>;
  errors?: ImportErrorItem[];
}

type Layout = ColumnLayout<EnrollmentColumn>;
type Record_ = TabularRecord<EnrollmentColumn>;

/** Columns that describe the person and their insurance: the same on every row of one person. */
const PERSON_COLUMNS: readonly EnrollmentColumn[] = [
  'name',
  'phone',
  'localHouseholdRegistration',
  'scheme',
  'insuredRegionCode',
  'residentTier',
  'residenceRegionCode',
  'township',
  'occurredAt',
];

/**
 * Enrollments from the rows of a sheet: consecutive rows with the same ID number are one
 * enrollment, each row one contribution. Cells are read as clerks write them (城乡居民, 个人缴费,
 * 低保, 100.00 yuan, 2023/12/22, a township's Chinese name) into the body POST /enrollments
 * takes; the DTO and the domain then decide it exactly as they would over HTTP.
 */
export function enrollmentsFromRows(
  records: readonly Record_[],
  layout: Layout,
  plan: PlanDefinition,
): EnrollmentRows[] {
  const groups: Record_[][] = [];
  for (const r of records) {
    const last = groups[groups.length - 1];
    const id = idKey(r);
    if (last && id !== '' && idKey(last[0]) === id) last.push(r);
    else groups.push([r]);
  }
  return groups.map((rows) => enrollmentOf(rows, layout, plan));
}

const idKey = (r: Record_) => (r.values.idNumber ?? '').trim().toUpperCase();

function enrollmentOf(rows: Record_[], layout: Layout, plan: PlanDefinition): EnrollmentRows {
  const lines = rows.map((r) => r.line);
  const errors: ImportErrorItem[] = [];
  const refuse = (
    line: number,
    column: EnrollmentColumn | undefined,
    rule: string,
    message: string,
  ) =>
    errors.push({
      field: column ?? 'row',
      rule,
      message,
      line,
      ...(column && layout.headers[column] ? { column: layout.headers[column] } : {}),
    });
  const [first] = rows;
  for (const r of rows) {
    if (r.fieldCount !== undefined) {
      refuse(
        r.line,
        undefined,
        'file.columnCount',
        `the row has ${r.fieldCount} cells, the header ${layout.width} (a comma inside a cell must be quoted)`,
      );
    }
  }
  // A shifted row's cells are in the wrong columns: reading them would only add noise.
  if (errors.length > 0) return { lines, errors };
  for (const r of rows.slice(1)) {
    for (const c of PERSON_COLUMNS) {
      const v = r.values[c];
      if (v !== undefined && v !== first.values[c]) {
        refuse(
          r.line,
          c,
          'import.rowsDiffer',
          `rows of one person differ in ${layout.headers[c] ?? c} (line ${first.line}: "${first.values[c] ?? ''}", line ${r.line}: "${v}")`,
        );
      }
    }
  }
  const v = first.values;
  const idNumber = v.idNumber ?? '';
  if (/^\d(\.\d+)?e\+?\d+$/i.test(idNumber)) {
    refuse(
      first.line,
      'idNumber',
      'import.idNumberAsNumber',
      `the ID number "${idNumber}" was saved by Excel as a number in scientific notation, its last digits are lost; format the column as text and type the number again`,
    );
  }
  const scheme = v.scheme === undefined ? undefined : codeOf('scheme', v.scheme);
  if (v.scheme !== undefined && !scheme) {
    refuse(
      first.line,
      'scheme',
      'import.scheme',
      `"${v.scheme}" is not a basic-insurance scheme: write 职工 (employee) or 城乡居民 (resident)`,
    );
  }
  const tier = v.residentTier === undefined ? undefined : codeOf('residentTier', v.residentTier);
  if (v.residentTier !== undefined && !tier) {
    refuse(
      first.line,
      'residentTier',
      'import.residentTier',
      `"${v.residentTier}" is not a resident tier: write 成年居民, 婴幼儿 or 中小学生 (adult, infant, student)`,
    );
  }
  const local =
    v.localHouseholdRegistration === undefined ? undefined : yesNo(v.localHouseholdRegistration);
  if (v.localHouseholdRegistration !== undefined && local === undefined) {
    refuse(
      first.line,
      'localHouseholdRegistration',
      'import.yesNo',
      `"${v.localHouseholdRegistration}" is not 是 or 否 (yes or no)`,
    );
  }
  const occurredAt = v.occurredAt === undefined ? undefined : shanghaiInstant(v.occurredAt);
  if (v.occurredAt !== undefined && !occurredAt) {
    refuse(
      first.line,
      'occurredAt',
      'import.occurredAt',
      `"${v.occurredAt}" is not a date or time: write 2023-12-22 or 2023-12-22 09:30 (Beijing time)`,
    );
  }
  const contributions = rows.map((r) => contributionOf(r, idNumber, refuse));
  if (errors.length > 0) return { lines, errors };
  const body: Record<string, unknown> = {
    person: {
      idNumber,
      ...(v.name ? { name: v.name } : {}),
      ...(v.phone ? { phone: v.phone } : {}),
      ...(local !== undefined ? { localHouseholdRegistration: local } : {}),
    },
    basicInsurance: {
      ...(scheme ? { scheme } : {}),
      ...(v.insuredRegionCode ? { insuredRegionCode: v.insuredRegionCode } : {}),
      ...(tier ? { residentTier: tier } : {}),
      ...(v.residenceRegionCode ? { residenceRegionCode: v.residenceRegionCode } : {}),
    },
    ...(v.township ? { townshipId: townshipIdOf(plan, v.township) } : {}),
    ...(occurredAt ? { occurredAt } : {}),
    contributions,
  };
  return { lines, body };
}

function contributionOf(
  r: Record_,
  insuredIdNumber: string,
  refuse: (line: number, column: EnrollmentColumn, rule: string, message: string) => void,
): Record<string, unknown> {
  const v = r.values;
  const sourceText = v.source ?? '个人缴费';
  const source = codeOf('source', sourceText);
  if (!source) {
    refuse(
      r.line,
      'source',
      'import.source',
      `"${sourceText}" is not a payment source: write 个人缴费, 个人账户, 单位, 财政全额资助, 部门资助, 村集体 or 慈善`,
    );
  }
  let amountFen: number | undefined;
  if (v.amountFen !== undefined) {
    amountFen = integerFen(v.amountFen);
    if (amountFen === undefined)
      refuse(r.line, 'amountFen', 'import.amount', `"${v.amountFen}" is not a whole number of fen`);
  } else if (v.amount !== undefined) {
    amountFen = yuanToFen(v.amount);
    if (amountFen === undefined)
      refuse(
        r.line,
        'amount',
        'import.amount',
        `"${v.amount}" is not an amount in yuan (at most two decimals, e.g. 100 or 100.00)`,
      );
  } else {
    refuse(r.line, 'amount', 'import.amount', 'the amount (金额, in yuan) is empty');
  }
  const implied = impliedBySource(sourceText);
  const readWord = <V extends 'relation' | 'account' | 'deduction' | 'fund'>(
    column: V,
    rule: string,
    words: string,
  ) => {
    const text = v[column];
    if (text === undefined) return undefined;
    const code = codeOf(column, text);
    if (!code) refuse(r.line, column, rule, `"${text}" is not one of ${words}`);
    return code as string | undefined;
  };
  const relation = readWord(
    'relation',
    'import.relation',
    '本人, 配偶, 父母, 子女 (self, spouse, parent, child)',
  );
  const account =
    readWord('account', 'import.account', '个人账户, 历年账户, 家庭共济账户') ?? implied.account;
  const deduction = readWord('deduction', 'import.deduction', '已扣款, 待扣款 (settled, pending)');
  const fund = readWord('fund', 'import.fund', '福利费, 工会经费 (welfare, union)') ?? implied.fund;
  const payerScheme = v.payerScheme === undefined ? undefined : codeOf('scheme', v.payerScheme);
  if (v.payerScheme !== undefined && !payerScheme) {
    refuse(
      r.line,
      'payerScheme',
      'import.scheme',
      `"${v.payerScheme}" is not a basic-insurance scheme: write 职工 or 城乡居民`,
    );
  }
  const personalAccount = source === 'personal_account';
  // A personal account with no holder named pays for its holder: the insured themself.
  const payerIdNumber = v.payerIdNumber ?? (personalAccount ? insuredIdNumber : undefined);
  const payer = payerIdNumber
    ? {
        idNumber: payerIdNumber,
        ...(v.payerName ? { name: v.payerName } : {}),
        ...(payerScheme ? { scheme: payerScheme } : {}),
      }
    : undefined;
  const funderName = v.funderName;
  return {
    source: source ?? sourceText,
    amountFen: amountFen ?? 0,
    ...(payer ? { payer } : {}),
    ...(relation ? { relation } : personalAccount && !v.payerIdNumber ? { relation: 'self' } : {}),
    ...(account ? { account } : {}),
    ...(deduction ? { deduction } : {}),
    ...(v.funderId || funderName
      ? { funder: { funderId: v.funderId ?? funderName, name: funderName ?? v.funderId } }
      : {}),
    ...(fund ? { fund } : {}),
    ...(v.category ? { category: v.category } : {}),
  };
}

/** What a source's Chinese word says beyond the source: 历年账户, 家庭共济账户, 工会. */
function impliedBySource(text: string): { account?: string; fund?: string } {
  const t = text.normalize('NFKC').trim();
  if (t === '历年账户') return { account: 'accumulated' };
  if (t === '家庭共济账户' || t === '共济账户') return { account: 'family_mutual_aid' };
  if (t === '工会' || t === '工会资助') return { fund: 'union' };
  return {};
}

/** A township named by its id or its name in the plan; anything else as written (refused). */
function townshipIdOf(plan: PlanDefinition, text: string): string {
  const t = text.normalize('NFKC').replace(/\s/g, '');
  const township =
    plan.townships.find((s) => s.townshipId === text) ??
    plan.townships.find(
      (s) => s.name.zh !== '' && s.name.zh.normalize('NFKC').replace(/\s/g, '') === t,
    ) ??
    plan.townships.find((s) => s.name.en !== '' && s.name.en.toLowerCase() === text.toLowerCase());
  return township?.townshipId ?? text;
}

const FIELD_COLUMNS: Record<string, EnrollmentColumn> = {
  'person.idNumber': 'idNumber',
  'person.name': 'name',
  'person.phone': 'phone',
  'person.localHouseholdRegistration': 'localHouseholdRegistration',
  'basicInsurance.scheme': 'scheme',
  basicInsurance: 'scheme',
  'basicInsurance.insuredRegionCode': 'insuredRegionCode',
  'basicInsurance.residentTier': 'residentTier',
  'basicInsurance.residenceRegionCode': 'residenceRegionCode',
  townshipId: 'township',
  occurredAt: 'occurredAt',
  source: 'source',
  amountFen: 'amount',
  category: 'category',
  'payer.idNumber': 'payerIdNumber',
  payer: 'payerIdNumber',
  'payer.name': 'payerName',
  'payer.scheme': 'payerScheme',
  relation: 'relation',
  account: 'account',
  deduction: 'deduction',
  funder: 'funderName',
  'funder.funderId': 'funderId',
  'funder.name': 'funderName',
  fund: 'fund',
};

/**
 * Where a refusal of the DTO or the domain points in the file: `contributions[1].amountFen` is
 * the amount column of the enrollment's second row; `person.idNumber` its first row's ID column.
 */
export function locateInRows(
  item: ErrorItem,
  lines: readonly number[],
  layout: Layout,
): ImportErrorItem {
  // Refusals made while reading the rows already name their row and column.
  if ((item as ImportErrorItem).line !== undefined) return item;
  const m = /^contributions\[(\d+)\]\.?(.*)$/.exec(item.field);
  const line = m ? (lines[Number(m[1])] ?? lines[0]) : lines[0];
  let key = FIELD_COLUMNS[m ? m[2] : item.field];
  if (key === 'amount' && layout.index.amount === undefined) key = 'amountFen';
  if (item.field === 'contributions') key = 'amount';
  const column = key ? layout.headers[key] : undefined;
  return { ...item, line, ...(column ? { column } : {}) };
}
