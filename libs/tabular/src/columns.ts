import { invalid } from '@ledger/domain';
import { TabularFile } from './tabular-row';

/**
 * A column an import reads. The header may name it in Chinese or in English: `key` (the English
 * name, always accepted), `names` (Chinese first; the first is the documented one, the others
 * what operators' sheets are seen to call it) and `patterns` for headers that carry a year or a
 * unit ("2025年基本医保参保人数"). Matching ignores spaces, full-width forms, case and a "*"
 * marking a required column in a template.
 */
export interface ColumnSpec<K extends string = string> {
  key: K;
  names: readonly string[];
  patterns?: readonly RegExp[];
  required?: boolean;
}

/** Where each column is, as the file's header names it. */
export interface ColumnLayout<K extends string> {
  headerLine: number;
  /** The header text as written in the file, per column: what a clerk sees in messages. */
  headers: Partial<Record<K, string>>;
  index: Partial<Record<K, number>>;
  width: number;
}

/** A data row by column: trimmed text, absent where the column is absent or the cell empty. */
export interface TabularRecord<K extends string> {
  line: number;
  values: Partial<Record<K, string>>;
  /** CSV: set when the row has another number of fields than the header. */
  fieldCount?: number;
}

/** Columns any sheet may carry that no import reads: a running number, remarks. */
export const IGNORED_COLUMNS = ['序号', '编号', '备注', 'no', 'no.', '#', 'remark', 'remarks'];

/** A header cell as compared: NFKC (full-width to ASCII), no spaces or "*", lower case. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .replace(/[\s*:：]/g, '')
    .toLowerCase();
}

function matches(spec: ColumnSpec, header: string): boolean {
  const h = normalizeHeader(header);
  if (h === '') return false;
  return (
    normalizeHeader(spec.key) === h ||
    spec.names.some((n) => normalizeHeader(n) === h) ||
    (spec.patterns ?? []).some((p) => p.test(h))
  );
}

/** The documented names of columns, for messages: "身份证号码 (idNumber)". */
export function describeColumns(specs: readonly ColumnSpec[]): string {
  return specs.map((s) => `${s.names[0] ?? s.key} (${s.key})`).join(', ');
}

/**
 * Finds the header row (the first of the first ten rows naming every required column, so a
 * title row or a unit line above it is skipped) and reads the rows below it by column.
 * Refuses the file, naming them, when the header lacks a required column, repeats one, or has
 * a column no import knows (a misspelled header would otherwise drop its column silently).
 */
export function readColumns<K extends string>(
  file: TabularFile,
  specs: readonly ColumnSpec<K>[],
  ignored: readonly string[] = IGNORED_COLUMNS,
): { layout: ColumnLayout<K>; records: TabularRecord<K>[] } {
  const required = specs.filter((s) => s.required);
  const candidates = file.rows.slice(0, 10);
  const known = (cells: string[]) => cells.filter((c) => specs.some((s) => matches(s, c))).length;
  const headerRow =
    candidates.find((r) => required.every((s) => r.cells.some((c) => matches(s, c)))) ??
    [...candidates].sort((a, b) => known(b.cells) - known(a.cells))[0];
  if (!headerRow || known(headerRow.cells) === 0) {
    throw invalid(
      'header',
      'file.header',
      `no header row found: the first rows name none of the columns ${describeColumns(required.length ? required : specs)}`,
      { missing: required.map((s) => s.names[0] ?? s.key).join('、') },
    );
  }
  const layout: ColumnLayout<K> = {
    headerLine: headerRow.line,
    headers: {},
    index: {},
    width: headerRow.cells.length,
  };
  const unknown: string[] = [];
  const repeated: string[] = [];
  const ignoredNames = new Set(ignored.map(normalizeHeader));
  headerRow.cells.forEach((cell, i) => {
    const h = normalizeHeader(cell);
    if (h === '' || ignoredNames.has(h)) return;
    const spec = specs.find((s) => matches(s, cell));
    if (!spec) unknown.push(cell.trim());
    else if (layout.index[spec.key] !== undefined) repeated.push(cell.trim());
    else {
      layout.index[spec.key] = i;
      layout.headers[spec.key] = cell.trim();
    }
  });
  const missing = required.filter((s) => layout.index[s.key] === undefined);
  if (unknown.length || repeated.length || missing.length) {
    const problems = [
      ...unknown.map((c) => `unknown column "${c}"`),
      ...repeated.map((c) => `column "${c}" repeats`),
      ...missing.map((s) => `missing column "${s.names[0] ?? s.key}" (${s.key})`),
    ];
    throw invalid(
      'header',
      'file.header',
      `line ${headerRow.line}: ${problems.join('; ')}. Columns: ${describeColumns(specs)}`,
      {
        line: headerRow.line,
        unknown: unknown.join('、'),
        repeated: repeated.join('、'),
        missing: missing.map((s) => s.names[0] ?? s.key).join('、'),
      },
    );
  }
  const records = file.rows
    .filter((r) => r.line > headerRow.line)
    .map((row) => {
      const values: Partial<Record<K, string>> = {};
      for (const spec of specs) {
        const i = layout.index[spec.key];
        const v = i === undefined ? '' : (row.cells[i] ?? '').trim();
        if (v !== '') values[spec.key] = v;
      }
      const record: TabularRecord<K> = { line: row.line, values };
      if (file.format === 'csv' && row.cells.length !== layout.width) {
        record.fieldCount = row.cells.length;
      }
      return record;
    });
  return { layout, records };
}
