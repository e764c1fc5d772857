import ExcelJS from 'exceljs';
import { TabularFile } from './tabular-row';

/** A column of a file the ledger writes (views, results files): its header and its value. */
export interface OutputColumn<R> {
  header: string;
  value: (row: R) => string | number | boolean | null | undefined;
  /** XLSX column width in characters (Chinese counts double). */
  width?: number;
}

const cell = (v: unknown): string => {
  const s =
    v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** RFC 4180 CSV with a UTF-8 BOM and CRLF: what Excel on Chinese Windows opens correctly. */
export function toCsvText<R>(columns: readonly OutputColumn<R>[], rows: readonly R[]): string {
  const lines = [
    columns.map((c) => cell(c.header)).join(','),
    ...rows.map((r) => columns.map((c) => cell(c.value(r))).join(',')),
  ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** One worksheet: a bold, frozen header row; numbers stay numbers, text stays text. */
export async function toXlsxBuffer<R>(
  columns: readonly OutputColumn<R>[],
  rows: readonly R[],
  sheetName: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(10, Math.min(60, displayWidth(c.header) + 2)),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    sheet.addRow(
      columns.map((c) => {
        const v = c.value(r);
        return v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : v;
      }),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return w;
}

/**
 * A CSV or XLSX file as UTF-8 CSV text, each row on the line it had (blank lines fill the rows
 * left out), for the imports that take CSV text (township tables, rosters).
 */
export function tabularAsCsvText(file: TabularFile): string {
  const out: string[] = [];
  let line = 1;
  for (const row of file.rows) {
    while (line < row.line) {
      out.push('');
      line++;
    }
    const text = row.cells.map(cell).join(',');
    out.push(text);
    line += 1 + (text.match(/\n/g)?.length ?? 0);
  }
  return out.join('\n') + '\n';
}
