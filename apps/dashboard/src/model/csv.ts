/**
 * CSV of what a table shows, as Excel opens it: UTF-8 with a byte-order mark, CRLF, RFC 4180
 * quoting. A text cell starting with = + - @ (or a tab / carriage return) gets a leading
 * apostrophe, so a township name such as "=HYPERLINK(…)" stays text in a spreadsheet.
 */
export interface CsvColumn<R> {
  label: string;
  text(row: R): string;
  /** What the file holds when it differs from the screen: plain numbers, without grouping. */
  csv?(row: R): string;
  /** Numbers are written as they are (a negative number is not a formula). */
  numeric?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string, numeric = false): string {
  const guarded = !numeric && FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function toCsv<R>(columns: readonly CsvColumn<R>[], rows: readonly R[]): string {
  const lines = [
    columns.map((c) => csvCell(c.label)).join(','),
    ...rows.map((row) => columns.map((c) => csvCell((c.csv ?? c.text)(row), c.numeric)).join(',')),
  ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
