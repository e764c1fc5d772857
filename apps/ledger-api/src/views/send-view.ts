import { Request, Response } from 'express';
import { accessOf, presentView } from '@ledger/access';
import { outputColumns, ViewTable } from '@ledger/ledger';
import { FileFormat, sendRows } from '../http/file-format';
import { languageOf } from '../http/request-language';

/**
 * A view in the format asked: JSON as it is, or its table as CSV or XLSX with headers in the
 * reader's language (Chinese for clerks; the English keys with Accept-Language: en). Whatever
 * the format, the caller gets only their part of the view (the access rule's filter, applied
 * here for every route that writes its answer itself).
 */
export async function sendView<T, R>(
  req: Request,
  res: Response,
  format: FileFormat,
  body: T,
  table: (shown: T) => ViewTable<R>,
): Promise<void> {
  const shown = presentView(accessOf(req), body);
  if (format === 'json') {
    res.json(shown);
    return;
  }
  const language = languageOf(req);
  const t = table(shown);
  res.setHeader('content-language', language === 'zh' ? 'zh-CN' : 'en');
  res.setHeader('vary', 'Accept-Language');
  await sendRows(res, format, outputColumns(t.columns, language), t.rows, t.name);
}
