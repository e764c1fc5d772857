import { formatYuan } from '@ledger/domain';
import { OutputColumn, toCsvText, toXlsxBuffer } from '@ledger/tabular';
import { ErrorItem } from '../core/refusal';
import { EnrollmentLineResult } from '../enrollments/import/enrollment-line-result';
import { ClaimImportRow } from '../claims/claim-csv-import';
import { chineseMessage, fieldName } from '../messages/chinese-messages';
import { outcomeName } from './import-outcomes';

/**
 * One line of a results file: a row of the operator's file (its own line number), what became
 * of it, and why, in Chinese and in English. A row refused for two reasons has two lines.
 */
export interface ResultLine {
  line: number;
  outcome: string;
  rule?: string;
  /** Where in the row: the file's own column header, or the request field. */
  column?: string;
  zh?: string;
  en?: string;
  personRef?: string;
  /** The enrollment or claim the row became. */
  reference?: string;
  /** Premium (enrollments) or payout (claims), in fen. */
  amountFen?: number;
}

type LocatedItem = ErrorItem & { column?: string; line?: number };

function explained(item: LocatedItem): Pick<ResultLine, 'rule' | 'column' | 'zh' | 'en'> {
  return {
    rule: item.rule,
    column: item.column ?? fieldName(item.field),
    zh: chineseMessage(item),
    en: item.message,
  };
}

/** The results-file lines of an enrollment: every row it spans, each refusal on its own row. */
export function enrollmentResultLines(r: EnrollmentLineResult): ResultLine[] {
  const lines = r.lines ?? [r.line];
  const accepted = r.outcome === 'enrolled' || r.outcome === 'replayed';
  return lines.flatMap((line) => {
    const base: ResultLine = {
      line,
      outcome: r.outcome,
      ...(r.personRef ? { personRef: r.personRef } : {}),
      ...(r.enrollmentId ? { reference: r.enrollmentId } : {}),
      ...(accepted && line === lines[0] && r.premiumFen !== undefined
        ? { amountFen: r.premiumFen }
        : {}),
    };
    if (accepted) return [base];
    const own = (r.errors ?? []).filter((e) => (e.line ?? lines[0]) === line);
    if (own.length > 0) return own.map((e) => ({ ...base, ...explained(e) }));
    const elsewhere = [...new Set((r.errors ?? []).map((e) => e.line ?? lines[0]))];
    return [
      {
        ...base,
        zh: `同一参保人的第 ${elsewhere.join('、')} 行有误，整人未受理`,
        en: `another row of the same person (line ${elsewhere.join(', ')}) was refused, so none of their rows was recorded`,
      },
    ];
  });
}

/** The results-file line of a claim file's row. */
export function claimResultLine(r: ClaimImportRow): ResultLine {
  return {
    line: r.row,
    outcome: r.replayed ? 'replayed' : r.outcome,
    ...(r.personRef ? { personRef: r.personRef } : {}),
    ...(r.claimId ? { reference: r.claimId } : {}),
    ...(r.outcome === 'adjudicated' && r.claimPayoutFen !== undefined
      ? { amountFen: r.claimPayoutFen }
      : {}),
    ...(r.rule
      ? explained({
          field: r.field ?? 'row',
          rule: r.rule,
          message: r.message ?? '',
          ...(r.params ? { params: r.params } : {}),
        })
      : {}),
  };
}

/** Chinese first, English beside: the results file's columns. */
export const RESULT_COLUMNS: OutputColumn<ResultLine>[] = [
  { header: '行号 Line', value: (r) => r.line, width: 10 },
  { header: '结果 Outcome', value: (r) => outcomeName(r.outcome).zh, width: 16 },
  { header: '说明', value: (r) => r.zh, width: 60 },
  { header: 'Message', value: (r) => r.en, width: 60 },
  { header: 'Outcome', value: (r) => outcomeName(r.outcome).en, width: 14 },
  { header: '列 Column', value: (r) => r.column, width: 16 },
  { header: '规则 Rule', value: (r) => r.rule, width: 36 },
  { header: '参保人编号 personRef', value: (r) => r.personRef, width: 34 },
  { header: '编号 Reference', value: (r) => r.reference, width: 38 },
  {
    header: '金额（元） Amount (yuan)',
    value: (r) => (r.amountFen === undefined ? undefined : formatYuan(r.amountFen)),
    width: 14,
  },
];

export const resultsCsv = (lines: readonly ResultLine[]): string =>
  toCsvText(RESULT_COLUMNS, lines);

export const resultsXlsx = (lines: readonly ResultLine[]): Promise<Buffer> =>
  toXlsxBuffer(RESULT_COLUMNS, lines, '导入结果 Results');
