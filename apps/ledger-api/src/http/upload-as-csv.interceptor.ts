import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, Observable, switchMap } from 'rxjs';
import { readOperatorFile, TabularFile, tabularAsCsvText } from '@ledger/tabular';
import { UploadRequest } from './upload.interceptor';

/**
 * For the routes whose JSON body carries a table as CSV text (`csv`: township tables, rosters):
 * an uploaded file — CSV in UTF-8 or GBK, or an XLSX sheet (`sheet` field, default the first) —
 * becomes that text, UTF-8, each row on its own line number, so the route decides an upload
 * exactly as it decides the JSON body. Runs after UploadInterceptor.
 */
@Injectable()
export class UploadAsCsvTextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    return from(this.convert(req)).pipe(switchMap(() => next.handle()));
  }

  private async convert(req: UploadRequest): Promise<void> {
    const upload = req.upload;
    if (!upload) return;
    const { sheet, ...fields } = upload.fields;
    const file = (await readOperatorFile(upload.bytes, {
      ...(upload.fileName ? { fileName: upload.fileName } : {}),
      ...(sheet ? { sheet } : {}),
      accept: ['csv', 'xlsx'],
    })) as TabularFile;
    req.body = { ...fields, csv: tabularAsCsvText(file) };
  }
}
