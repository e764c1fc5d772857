import { ClaimSubmission } from '@ledger/domain';

/**
 * Batch claim file, UTF-8 (a BOM is allowed), RFC 4180 CSV (comma separated, fields with commas,
 * quotes or line breaks in double quotes, "" for a quote). One row per claim line; the rows of a
 * claim share planId, person, claimId and the claim columns. Header, columns in any order:
 *
 *   planId,personRef,idNumber,claimId,serviceDate,hospital,totalExpenseFen,basicInsuranceFen,
 *   criticalIllnessInsuranceFen,medicalAidFen,preExisting,outOfArea,responsibilityCode,drug,
 *   residualFen,occurredAt
 *
 * - planId, claimId, serviceDate (YYYY-MM-DD, Asia/Shanghai), hospital, responsibilityCode: required.
 * - personRef or idNumber: one of them per row (an ID number is turned into the personRef on
 *   import and never stored in clear); both columns may be present in the header.
 * - *Fen: integer fen (1 yuan = 100 fen). The three prior layers (basic insurance,
 *   critical-illness insurance, medical aid) are what they paid; residualFen is what is left to
 *   the person on the line's responsibility.
 * - preExisting, outOfArea: true/false (also 1/0, yes/no, 是/否); empty = false.
 * - drug: optional drug name (000 special drugs "by drug": one row per drug).
 * - occurredAt: optional ISO-8601 instant with offset (business time); empty = time of import.
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

const REQUIRED: readonly Column[] = [
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

/** Columns that describe the claim as a whole: equal on every row of a claim. */
const CLAIM_COLUMNS: readonly Column[] = [
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

/** RFC 4180 records with the line each starts on. Throws on an unterminated quote. */
export function csvRecords(text: string): { line: number; fields: string[] }[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0].trim() === '')) records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  while (i < src.length) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
    i++;
  }
  if (quoted) throw new SyntaxError(`line ${start}: a quoted field is not closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
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

/**
 * Parses a claim file into claims (rows grouped by plan, person and claim id) and row errors.
 * Pure: no I/O; amounts and rules are checked by the domain when each claim is submitted.
 */
export function parseClaimCsv(text: string): ParsedClaimFile {
  let records: { line: number; fields: string[] }[];
  try {
    records = csvRecords(text);
  } catch (error) {
    return {
      claims: [],
      rowCount: 0,
      errors: [{ row: 1, field: 'file', rule: 'csv.syntax', message: (error as Error).message }],
    };
  }
  const [header, ...data] = records;
  if (!header) {
    return {
      claims: [],
      rowCount: 0,
      errors: [{ row: 1, field: 'header', rule: 'csv.header', message: 'the file is empty' }],
    };
  }
  const names = header.fields.map((f) => f.trim());
  const known = new Set<string>(CLAIM_CSV_COLUMNS);
  const problems = [
    ...names.filter((n) => !known.has(n)).map((n) => `unknown column "${n}"`),
    ...names.filter((n, i) => names.indexOf(n) !== i).map((n) => `column "${n}" repeats`),
    ...REQUIRED.filter((c) => !names.includes(c)).map((c) => `missing column "${c}"`),
    ...(names.includes('personRef') || names.includes('idNumber')
      ? []
      : ['missing column "personRef" or "idNumber"']),
  ];
  if (problems.length > 0) {
    return {
      claims: [],
      rowCount: data.length,
      errors: [
        {
          row: header.line,
          field: 'header',
          rule: 'csv.header',
          message: `${problems.join('; ')}. Expected columns: ${CLAIM_CSV_COLUMNS.join(',')}`,
        },
      ],
    };
  }
  const errors: CsvRowError[] = [];
  const groups = new Map<string, Row[]>();
  for (const record of data) {
    if (record.fields.length !== names.length) {
      errors.push({
        row: record.line,
        field: 'row',
        rule: 'csv.columnCount',
        message: `the row has ${record.fields.length} fields, the header ${names.length}`,
      });
      continue;
    }
    const row: Row = {
      line: record.line,
      values: Object.fromEntries(names.map((n, i) => [n, record.fields[i]])),
    };
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
  return { claims, errors, rowCount: data.length };
}

function toClaim(rows: Row[]): ParsedClaim {
  const [first] = rows;
  for (const r of rows.slice(1)) {
    for (const column of CLAIM_COLUMNS) {
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
