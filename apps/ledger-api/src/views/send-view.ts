import { Request, Response } from 'express';
import { outputColumns, ViewTable } from '@ledger/ledger';
import { FileFormat, sendRows } from '../http/file-format';
import { languageOf } from '../http/request-language';

/**
 * A view in the format asked: JSON as it is, or its table as CSV or XLSX with headers in the
 * reader's language (Chinese for clerks; the English keys with Accept-Language: en).
 */
export async function sendView<R>(
  req: Request,
  res: Response,
  format: FileFormat,
  body: unknown,
  table: () => ViewTable<R>,
): Promise<void> {
  if (format === 'json') {
    res.json(body);
    return;
  }
  const language = languageOf(req);
  const t = table();
  res.setHeader('content-language', language === 'zh' ? 'zh-CN' : 'en');
  res.setHeader('vary', 'Accept-Language');
  await sendRows(res, format, outputColumns(t.columns, language), t.rows, t.name);
}
