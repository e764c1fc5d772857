import ExcelJS from 'exceljs';
import { Response } from 'superagent';

/** supertest parser keeping a binary body (XLSX) as a Buffer. */
export function binary(res: Response, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** The first sheet of a workbook as rows of cell values (Excel row numbers kept). */
export async function sheetRows(bytes: Buffer): Promise<Map<number, unknown[]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as never);
  const rows = new Map<number, unknown[]>();
  book.worksheets[0].eachRow((row, n) => rows.set(n, (row.values as unknown[]).slice(1)));
  return rows;
}

/** A workbook with one sheet of these rows. */
export async function workbook(rows: unknown[][], sheet = 'Sheet1'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
