import { invalid } from '@ledger/domain';
import { csvRecords, detectDelimiter } from './csv-records';
import { decodeText } from './decode-text';
import { TabularFile } from './tabular-row';
import { readXlsxRows } from './xlsx-rows';

/** One line of a JSON Lines file: its 1-based number and its text. */
export interface JsonLine {
  line: number;
  text: string;
}

export interface JsonLinesFile {
  format: 'jsonl';
  encoding: string;
  lines: JsonLine[];
}

export type OperatorFile = TabularFile | JsonLinesFile;

export interface ReadOptions {
  /** The file's name as uploaded: only its extension is used, and only to refuse a mismatch. */
  fileName?: string;
  /** XLSX: the worksheet to read (default: the first). */
  sheet?: string;
  /** Which formats the import takes (default: all three). */
  accept?: readonly OperatorFile['format'][];
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * Reads an operator's file: XLSX (a ZIP container), else text decoded by decodeText and read as
 * JSON Lines when its first line is a JSON object, as CSV otherwise. The content decides, not the
 * name: Excel saves CSV under .txt and browsers send any media type. Old binary Excel (.xls) is
 * refused with the way out (save as .xlsx or CSV).
 */
export async function readOperatorFile(
  bytes: Uint8Array,
  options: ReadOptions = {},
): Promise<OperatorFile> {
  const file = await readAny(bytes, options);
  const accept = options.accept ?? ['csv', 'xlsx', 'jsonl'];
  if (!accept.includes(file.format)) {
    throw invalid(
      'file',
      'file.format',
      `this import takes ${accept.map((f) => f.toUpperCase()).join(' or ')}, not ${file.format.toUpperCase()}`,
      {
        accepted: accept.map((f) => f.toUpperCase()).join('、'),
        format: file.format.toUpperCase(),
      },
    );
  }
  return file;
}

async function readAny(bytes: Uint8Array, options: ReadOptions): Promise<OperatorFile> {
  if (bytes.byteLength === 0) throw invalid('file', 'file.empty', 'the file is empty');
  if (startsWith(bytes, OLE)) {
    throw invalid(
      'file',
      'file.format',
      'this is an old Excel 97-2003 (.xls) workbook, which cannot be read; in Excel, save it as .xlsx (Excel 工作簿) or CSV and upload that',
      { format: 'XLS' },
    );
  }
  if (startsWith(bytes, ZIP)) return readXlsxRows(bytes, options.sheet);
  if (/\.xlsx$/i.test(options.fileName ?? '')) {
    throw invalid('file', 'file.format', 'the file is named .xlsx but is not an XLSX workbook');
  }
  const { text, encoding } = decodeText(bytes);
  if (text.trim() === '') throw invalid('file', 'file.empty', 'the file is empty');
  if (looksLikeJsonLines(text)) return { format: 'jsonl', encoding, lines: jsonLines(text) };
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, ''));
  return { format: 'csv', encoding, delimiter, rows: csvRecords(text, delimiter) };
}

/** The first line that is not blank or a # comment starts a JSON object. */
function looksLikeJsonLines(text: string): boolean {
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    return t.startsWith('{');
  }
  return false;
}

/** Non-blank lines that are not # comments, with their numbers. */
export function jsonLines(text: string): JsonLine[] {
  const lines: JsonLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const t = raw.trim();
      if (t !== '' && !t.startsWith('#')) lines.push({ line: i + 1, text: t });
    });
  return lines;
}
