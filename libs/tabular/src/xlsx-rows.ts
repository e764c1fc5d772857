import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PassThrough, Readable } from 'node:stream';
import { invalid } from '@ledger/domain';
import { TabularFile, TabularRow } from './tabular-row';

/** Excel keeps 15 significant digits: a longer integer (an ID number typed as a number) is lost. */
const EXACT_DIGITS_LIMIT = 1e15;

interface SheetEntry {
  name: string;
  /** Its part in the package, e.g. xl/worksheets/sheet1.xml. */
  path: string;
}

/**
 * The rows of one worksheet (the first in the workbook's tab order, or the one named), with
 * Excel's row numbers. Cells are read as Excel stores them: numbers as their digits (no display
 * format, no thousands separator), dates as the wall time they show (Asia/Shanghai), formulas as
 * their cached result, rich text as its text. A merged cell gives its value to every cell it
 * covers (a 片区 merged down its townships belongs to each). A number too long for Excel to keep
 * exactly refuses the file.
 *
 * Rows are read with exceljs's streaming reader: a county's 100,000-row sheet takes about a
 * quarter of the memory of the in-memory workbook (which builds an object per cell); the sheet
 * order and the merged ranges, which that reader does not give, come from the package itself.
 */
export async function readXlsxRows(bytes: Uint8Array, sheetName?: string): Promise<TabularFile> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let zip: JSZip;
  let sheets: SheetEntry[];
  try {
    zip = await JSZip.loadAsync(buffer);
    sheets = await workbookSheets(zip);
  } catch (error) {
    throw unreadable(error);
  }
  const target = sheetName === undefined ? sheets[0] : sheets.find((s) => s.name === sheetName);
  if (!target) {
    throw invalid(
      'sheet',
      'file.sheet',
      sheetName === undefined
        ? 'the workbook has no worksheet'
        : `the workbook has no worksheet "${sheetName}" (it has: ${sheets.map((s) => s.name).join(', ')})`,
      { sheet: sheetName ?? '', sheets: sheets.map((s) => s.name).join('、') },
    );
  }
  const merges = await mergedRanges(zip, target.path);
  const rows = new Map<number, string[]>();
  const imprecise: string[] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
      sharedStrings: 'cache',
      styles: 'cache',
      worksheets: 'emit',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    for await (const worksheet of reader) {
      const ws = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name?: string };
      const wanted = ws.name === target.name || (ws.name === undefined && sheets.length === 1);
      for await (const row of ws) {
        if (!wanted) continue;
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        for (let c = 1; c < values.length; c++) {
          const value = values[c];
          if (typeof value === 'number' && Math.abs(value) >= EXACT_DIGITS_LIMIT) {
            imprecise.push(`${columnLetters(c)}${row.number}`);
          }
          cells.push(cellText(value));
        }
        rows.set(row.number, cells);
      }
    }
  } catch (error) {
    throw unreadable(error);
  }
  if (imprecise.length > 0) {
    throw invalid(
      'file',
      'file.numberPrecision',
      `cells ${imprecise.slice(0, 5).join(', ')}${imprecise.length > 5 ? ` and ${imprecise.length - 5} more` : ''} hold numbers longer than the 15 digits Excel keeps, so their last digits are lost (an ID number typed as a number); format the column as text, type the numbers again and upload the file again`,
      {
        cells: imprecise.slice(0, 5).join('、'),
        more: imprecise.length - Math.min(5, imprecise.length),
      },
    );
  }
  for (const range of merges) {
    const master = rows.get(range.top)?.[range.left - 1] ?? '';
    for (let r = range.top; r <= range.bottom; r++) {
      const cells = rows.get(r);
      if (!cells) continue;
      for (let c = range.left; c <= range.right; c++) {
        while (cells.length < c) cells.push('');
        cells[c - 1] = master;
      }
    }
  }
  const out: TabularRow[] = [];
  for (const line of [...rows.keys()].sort((a, b) => a - b)) {
    const cells = rows.get(line)!;
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.some((c) => c.trim() !== '')) out.push({ line, cells });
  }
  return { format: 'xlsx', sheet: target.name, rows: out };
}

const unreadable = (error: unknown) =>
  invalid(
    'file',
    'file.format',
    `the file looks like XLSX but cannot be read (${(error as Error).message}); save it again from Excel as .xlsx`,
  );

const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The worksheets in tab order (xl/workbook.xml) with their parts (its relationships). */
async function workbookSheets(zip: JSZip): Promise<SheetEntry[]> {
  const workbook = await zip.file('xl/workbook.xml')?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (workbook === undefined || rels === undefined) throw new Error('no workbook part');
  const targets = new Map<string, string>();
  for (const tag of rels.match(/<Relationship\b[^>]*>/g) ?? []) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id && target) {
      targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
  }
  return (workbook.match(/<(?:\w+:)?sheet\b[^>]*>/g) ?? []).flatMap((tag) => {
    const name = attribute(tag, 'name');
    const path = targets.get(attribute(tag, 'r:id') ?? '');
    return name !== undefined && path ? [{ name: unescapeXml(name), path }] : [];
  });
}

interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** The sheet's merged ranges (<mergeCell ref="B3:B5"/>), read by streaming its part. */
async function mergedRanges(zip: JSZip, path: string): Promise<Range[]> {
  const part = zip.file(path);
  if (!part) return [];
  const ranges: Range[] = [];
  let carry = '';
  // JSZip's stream is readable-stream's: piped into Node's to be iterated.
  for await (const chunk of part.nodeStream('nodebuffer').pipe(new PassThrough())) {
    const text = carry + (chunk as Buffer).toString('latin1');
    let end = 0;
    for (const m of text.matchAll(
      /<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"[^>]*>/g,
    )) {
      ranges.push({
        left: columnNumber(m[1]),
        top: Number(m[2]),
        right: columnNumber(m[3]),
        bottom: Number(m[4]),
      });
      end = m.index + m[0].length;
    }
    // Keep the tail: a tag may straddle two chunks.
    carry = text.slice(Math.max(end, text.length - 200));
  }
  return ranges;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function columnLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  }
  return s;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return wallTime(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) {
    return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  }
  if ('hyperlink' in value) return cellText((value as { text?: ExcelJS.CellValue }).text ?? '');
  return '';
}

/** The number Excel stores, without binary noise (0.1 + 0.2 is 0.3 in Excel's 15 digits). */
function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

/** Excel dates have no zone: exceljs reads their wall time as UTC; it is Asia/Shanghai's. */
function wallTime(date: Date): string {
  const ms = Math.round(date.getTime() / 1000) * 1000;
  const iso = new Date(ms).toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}
