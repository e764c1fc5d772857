/**
 * One row of an operator's file as read: the line it starts on (the header counted, as Excel
 * shows it) and its cells as text. Values are what the file stores: numbers as their digits,
 * Excel dates as the Asia/Shanghai wall time they show ("2023-12-22" or "2023-12-22 09:00:00").
 */
export interface TabularRow {
  line: number;
  cells: string[];
}

export type TabularFormat = 'csv' | 'xlsx';

/** A CSV or XLSX file as rows; blank rows are left out (their line numbers are skipped). */
export interface TabularFile {
  format: TabularFormat;
  /** CSV: how the bytes were decoded. */
  encoding?: string;
  /** XLSX: the worksheet read. */
  sheet?: string;
  /** CSV: the field separator found on the first line. */
  delimiter?: ',' | '\t';
  rows: TabularRow[];
}
