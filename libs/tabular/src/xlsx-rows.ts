import ExcelJS from 'exceljs';
import { invalid } from '@ledger/domain';
import { TabularFile, TabularRow } from './tabular-row';

/** Excel keeps 15 significant digits: a longer integer (an ID number typed as a number) is lost. */
const EXACT_DIGITS_LIMIT = 1e15;

/**
 * The rows of one worksheet (the first, or the one named), with Excel's row numbers. Cells are
 * read as Excel stores them: numbers as their digits (no display format, no thousands separator),
 * dates as the wall time they show (Asia/Shanghai), formulas as their cached result, rich text as
 * its text. A merged cell gives its value to every cell it covers (a 片区 merged down its
 * townships belongs to each). A number too long for Excel to keep exactly refuses the file.
 */
export async function readXlsxRows(bytes: Uint8Array, sheetName?: string): Promise<TabularFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never,
    );
  } catch (error) {
    throw invalid(
      'file',
      'file.format',
      `the file looks like XLSX but cannot be read (${(error as Error).message}); save it again from Excel as .xlsx`,
    );
  }
  const sheets = workbook.worksheets;
  const sheet = sheetName === undefined ? sheets[0] : sheets.find((s) => s.name === sheetName);
  if (!sheet) {
    throw invalid(
      'sheet',
      'file.sheet',
      sheetName === undefined
        ? 'the workbook has no worksheet'
        : `the workbook has no worksheet "${sheetName}" (it has: ${sheets.map((s) => s.name).join(', ')})`,
      { sheet: sheetName ?? '', sheets: sheets.map((s) => s.name).join('、') },
    );
  }
  const rows: TabularRow[] = [];
  const imprecise: string[] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      const value = cell.isMerged ? cell.master.value : cell.value;
      if (typeof value === 'number' && Math.abs(value) >= EXACT_DIGITS_LIMIT)
        imprecise.push(cell.address);
      cells.push(cellText(value));
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowNumber, cells });
  });
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
  return { format: 'xlsx', sheet: sheet.name, rows };
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
