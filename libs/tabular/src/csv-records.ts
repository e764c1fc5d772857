import { invalid } from '@ledger/domain';
import { TabularRow } from './tabular-row';

/**
 * The separator of a CSV file: a comma, or a tab when the first line has more tabs than commas
 * (Excel's "Unicode text" and copies from a spreadsheet are tab-separated).
 */
export function detectDelimiter(text: string): ',' | '\t' {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const count = (ch: string) => firstLine.split(ch).length - 1;
  return count('\t') > count(',') ? '\t' : ',';
}

/**
 * RFC 4180 records, each with the line it starts on (a quoted field may hold line breaks, so a
 * record can span lines). A BOM is dropped; rows whose cells are all blank are left out (Excel
 * writes ",,,," for an empty row). An unterminated quote refuses the file, naming its line.
 */
export function csvRecords(
  text: string,
  delimiter: ',' | '\t' = detectDelimiter(text),
): TabularRow[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: TabularRow[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const endRecord = () => {
    cells.push(field);
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: start, cells });
    cells = [];
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
    } else if (c === delimiter) {
      cells.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
    i++;
  }
  if (quoted) {
    throw invalid(
      'file',
      'csv.syntax',
      `line ${start}: a quoted field is not closed (a " without its closing ")`,
      { line: start },
    );
  }
  if (field !== '' || cells.length > 0) endRecord();
  return rows;
}
