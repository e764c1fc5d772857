import { ClaimSubmission, DomainError } from '@ledger/domain';
import {
  ColumnSpec,
  csvRecords,
  localDate,
  readColumns,
  shanghaiInstant,
  TabularFile,
} from '@ledger/tabular';

/**
 * Batch claim file: CSV (UTF-8 with or without BOM, or GBK; RFC 4180 quoting) or XLSX, read by
 * @ledger/tabular. One row per claim line; the rows of a claim share planId, person, claimId and
 * the claim columns. Header, columns in any order, in English or Chinese (CLAIM_COLUMNS):
 *
 *   planId,personRef,idNumber,claimId,serviceDate,hospital,totalExpenseFen,basicInsuranceFen,
 *   criticalIllnessInsuranceFen,medicalAidFen,preExisting,outOfArea,responsibilityCode,drug,
 *   residualFen,occurredAt
 *
 * - planId, claimId, serviceDate (YYYY-MM-DD, also 2024/3/1 or 2024年3月1日; Asia/Shanghai),
 *   hospital, responsibilityCode: required.
 * - personRef or idNumber: one of them per row (an ID number is turned into the personRef on
 *   import and never stored in clear); both columns may be present in the header.
 * - *Fen: integer fen (1 yuan = 100 fen). The three prior layers (basic insurance,
 *   critical-illness insurance, medical aid) are what they paid; residualFen is what is left to
 *   the person on the line's responsibility.
 * - preExisting, outOfArea: true/false (also 1/0, yes/no, 是/否); empty = false.
 * - drug: optional drug name (000 special drugs "by drug": one row per drug).
 * - occurredAt: optional instant (business time): ISO-8601 with offset, or a local date and time
 *   (Asia/Shanghai); empty = time of import.
 */
export const CLAIM_CSV_COLUMNS = [
  'planId',
  'personRef',
  'idNumber',
  'claimId',
  'serviceDate',
  'hospital',
  'totalExpenseFen',
  'basicInsuranceFen',
  'criticalIllnessInsuranceFen',
  'medicalAidFen',
  'preExisting',
  'outOfArea',
  'responsibilityCode',
  'drug',
  'residualFen',
  'occurredAt',
] as const;

type Column = (typeof CLAIM_CSV_COLUMNS)[number];

/** Chinese header names of each column (the first is the documented one, docs/imports.md). */
const CHINESE_NAMES: Record<Column, string[]> = {
  planId: ['方案编号', '方案'],
  personRef: ['参保人编号'],
  idNumber: ['身份证号码', '身份证号', '证件号码'],
  claimId: ['理赔编号', '案件号', '理赔案件号'],
  serviceDate: ['就诊日期', '费用发生日期'],
  hospital: ['就诊医院', '医院', '医疗机构', '定点医疗机构'],
  totalExpenseFen: ['总费用（分）', '医疗总费用（分）'],
  basicInsuranceFen: ['基本医保支付（分）', '统筹支付（分）'],
  criticalIllnessInsuranceFen: ['大病保险支付（分）'],
  medicalAidFen: ['医疗救助支付（分）'],
  preExisting: ['既往症', '是否既往症'],
  outOfArea: ['异地就医', '是否异地就医'],
  responsibilityCode: ['保障责任', '责任代码'],
  drug: ['药品名称', '特药名称'],
  residualFen: ['个人负担（分）', '剩余自付（分）'],
  occurredAt: ['申请时间', '受理时间'],
};

const REQUIRED_COLUMNS: readonly Column[] = [
  'planId',
  'claimId',
  'serviceDate',
  'hospital',
  'totalExpenseFen',
  'basicInsuranceFen',
  'criticalIllnessInsuranceFen',
  'medicalAidFen',
  'responsibilityCode',
  'residualFen',
];

/** The claim file's columns as the tabular reader matches them. */
export const CLAIM_COLUMNS: ColumnSpec<Column>[] = CLAIM_CSV_COLUMNS.map((key) => ({
  key,
  names: CHINESE_NAMES[key],
  required: REQUIRED_COLUMNS.includes(key),
}));

/** Columns that describe the claim as a whole: equal on every row of a claim. */
const CLAIM_WIDE_COLUMNS: readonly Column[] = [
  'serviceDate',
  'hospital',
  'totalExpenseFen',
  'basicInsuranceFen',
  'criticalIllnessInsuranceFen',
  'medicalAidFen',
  'preExisting',
  'outOfArea',
  'occurredAt',
];

export interface CsvRowError {
  /** Line number in the file where the row starts (the header is line 1). */
  row: number;
  field: string;
  rule: string;
  message: string;
}

export interface ParsedClaim {
  /** Lines of the rows that make up the claim, in file order. */
  rows: number[];
  planId: string;
  person: { personRef: string } | { idNumber: string };
  occurredAt?: string;
  claim: ClaimSubmission;
}

export interface ParsedClaimFile {
  claims: ParsedClaim[];
  errors: CsvRowError[];
  /** Data rows read (blank lines aside). */
  rowCount: number;
}

const TRUE = new Set(['true', '1', 'yes', 'y', '是']);
const FALSE = new Set(['', 'false', '0', 'no', 'n', '否']);

class RowError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

function integer(value: string, field: string, line?: number): number {
  const v = value.trim();
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
    const where = line === undefined ? '' : `line ${line}: `;
    throw new RowError(
      field,
      'csv.integerFen',
      `${where}${field} must be an integer number of fen, got "${v}"`,
    );
  }
  return Number(v);
}

function bool(value: string, field: string): boolean {
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new RowError(field, 'csv.boolean', `${field} must be true or false, got "${value.trim()}"`);
}

interface Row {
  line: number;
  values: Partial<Record<Column, string>>;
}

const val = (row: Row, column: Column) => (row.values[column] ?? '').trim();

/** A claim file as CSV text (UTF-8); see parseClaimTable for other encodings and XLSX. */
export function parseClaimCsv(text: string): ParsedClaimFile {
  try {
    return parseClaimTable({ format: 'csv', rows: csvRecords(text) });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return {
      claims: [],
      rowCount: 0,
      errors: [{ row: 1, field: error.field, rule: error.rule, message: error.message }],
    };
  }
}

/**
 * Parses a claim file into claims (rows grouped by plan, person and claim id) and row errors.
 * Pure: no I/O; amounts and rules are checked by the domain when each claim is submitted.
 */
export function parseClaimTable(file: TabularFile): ParsedClaimFile {
  let read: ReturnType<typeof readColumns<Column>>;
  try {
    read = readColumns(file, CLAIM_COLUMNS);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const line = Number(error.details?.line ?? file.rows[0]?.line ?? 1);
    return {
      claims: [],
      rowCount: Math.max(0, file.rows.length - 1),
      errors: [{ row: line, field: 'header', rule: error.rule, message: error.message }],
    };
  }
  const { layout, records } = read;
  if (layout.index.personRef === undefined && layout.index.idNumber === undefined) {
    return {
      claims: [],
      rowCount: records.length,
      errors: [
        {
          row: layout.headerLine,
          field: 'header',
          rule: 'file.header',
          message: `missing column "personRef" or "idNumber" (参保人编号 or 身份证号码). Expected columns: ${CLAIM_CSV_COLUMNS.join(',')}`,
        },
      ],
    };
  }
  const errors: CsvRowError[] = [];
  const groups = new Map<string, Row[]>();
  for (const record of records) {
    if (record.fieldCount !== undefined) {
      errors.push({
        row: record.line,
        field: 'row',
        rule: 'csv.columnCount',
        message: `the row has ${record.fieldCount} fields, the header ${layout.width}`,
      });
      continue;
    }
    const row: Row = { line: record.line, values: normalized(record.values) };
    const personRef = val(row, 'personRef');
    const idNumber = val(row, 'idNumber');
    if (!personRef && !idNumber) {
      errors.push({
        row: row.line,
        field: 'personRef',
        rule: 'csv.person',
        message: 'each row needs a personRef or an idNumber',
      });
      continue;
    }
    const key = JSON.stringify([
      val(row, 'planId'),
      personRef || `id:${idNumber}`,
      val(row, 'claimId'),
    ]);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const claims: ParsedClaim[] = [];
  for (const rows of groups.values()) {
    try {
      claims.push(toClaim(rows));
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      for (const r of rows) {
        errors.push({ row: r.line, field: error.field, rule: error.rule, message: error.message });
      }
    }
  }
  errors.sort((a, b) => a.row - b.row);
  claims.sort((a, b) => a.rows[0] - b.rows[0]);
  return { claims, errors, rowCount: records.length };
}

/** Dates and times as clerks and Excel write them, in the forms the domain reads. */
function normalized(values: Partial<Record<Column, string>>): Partial<Record<Column, string>> {
  const out = { ...values };
  if (out.serviceDate) out.serviceDate = localDate(out.serviceDate) ?? out.serviceDate;
  if (out.occurredAt) out.occurredAt = shanghaiInstant(out.occurredAt) ?? out.occurredAt;
  return out;
}

function toClaim(rows: Row[]): ParsedClaim {
  const [first] = rows;
  for (const r of rows.slice(1)) {
    for (const column of CLAIM_WIDE_COLUMNS) {
      if (val(r, column) !== val(first, column)) {
        throw new RowError(
          column,
          'csv.claimColumnsDiffer',
          `rows of claim ${val(first, 'claimId')} differ in ${column} (line ${first.line}: "${val(first, column)}", line ${r.line}: "${val(r, column)}")`,
        );
      }
    }
  }
  const personRef = val(first, 'personRef');
  const occurredAt = val(first, 'occurredAt');
  const drug = (r: Row) => val(r, 'drug');
  return {
    rows: rows.map((r) => r.line),
    planId: val(first, 'planId'),
    person: personRef ? { personRef } : { idNumber: val(first, 'idNumber') },
    ...(occurredAt ? { occurredAt } : {}),
    claim: {
      claimId: val(first, 'claimId'),
      serviceDate: val(first, 'serviceDate'),
      hospital: val(first, 'hospital'),
      totalExpenseFen: integer(val(first, 'totalExpenseFen'), 'totalExpenseFen'),
      priorLayers: {
        basicInsuranceFen: integer(val(first, 'basicInsuranceFen'), 'basicInsuranceFen'),
        criticalIllnessInsuranceFen: integer(
          val(first, 'criticalIllnessInsuranceFen'),
          'criticalIllnessInsuranceFen',
        ),
        medicalAidFen: integer(val(first, 'medicalAidFen'), 'medicalAidFen'),
      },
      preExisting: bool(val(first, 'preExisting'), 'preExisting'),
      outOfArea: bool(val(first, 'outOfArea'), 'outOfArea'),
      lines: rows.map((r) => ({
        responsibilityCode: val(r, 'responsibilityCode'),
        residualFen: integer(val(r, 'residualFen'), 'residualFen', r.line),
        ...(drug(r) ? { drug: drug(r) } : {}),
      })),
    },
  };
}
