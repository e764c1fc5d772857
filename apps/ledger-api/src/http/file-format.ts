import { Response } from 'express';
import { RefusalError } from '@ledger/ledger';
import { OutputColumn, toCsvText, toXlsxBuffer } from '@ledger/tabular';

export type FileFormat = 'json' | 'csv' | 'xlsx';
const FORMATS: readonly FileFormat[] = ['json', 'csv', 'xlsx'];

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** ?format= as asked: json (the default), csv or xlsx; anything else is 400 query.format. */
export function fileFormatOf(format: unknown): FileFormat {
  if (format === undefined || format === '') return 'json';
  if (typeof format === 'string' && (FORMATS as readonly string[]).includes(format)) {
    return format as FileFormat;
  }
  throw new RefusalError(400, [
    {
      field: 'format',
      rule: 'query.format',
      message: `format must be json, csv or xlsx, not ${JSON.stringify(format)}`,
    },
  ]);
}

/**
 * Rows as a file download: CSV (UTF-8 with BOM, what Excel on Chinese Windows opens) or XLSX.
 * The file name is ASCII, with the Chinese one beside it (RFC 6266 filename*).
 */
export async function sendRows<R>(
  res: Response,
  format: 'csv' | 'xlsx',
  columns: readonly OutputColumn<R>[],
  rows: readonly R[],
  name: string,
): Promise<void> {
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, '_');
  res.setHeader(
    'content-disposition',
    `attachment; filename="${ascii}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}.${format}`,
  );
  if (format === 'csv') {
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.send(toCsvText(columns, rows));
    return;
  }
  res.setHeader('content-type', XLSX_TYPE);
  res.send(await toXlsxBuffer(columns, rows, name));
}
