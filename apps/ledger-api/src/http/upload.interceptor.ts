import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { Request, Response } from 'express';
import multer from 'multer';
import { from, Observable, switchMap } from 'rxjs';
import { RefusalError } from '@ledger/ledger';
import { uploadMediaTypes, uploadsOnly } from './accepts-uploads';

/** Largest file an upload takes: about 200,000 rows of CSV, a county's campaign. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** An operator's file as received, with the form's other fields. */
export interface Upload {
  bytes: Buffer;
  fileName?: string;
  mediaType: string;
  sha256: string;
  /** Form fields (multipart), or the query's parameters when the file is the whole body. */
  fields: Record<string, string>;
}

export type UploadRequest = Request & { upload?: Upload; uploadChecked?: boolean };

const uploadRefusal = (status: number, rule: string, message: string, field = 'file') =>
  new RefusalError(status, [{ field, rule, message }]);

const readMultipart = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 21 },
  // Browsers send a file name like 名单.xlsx as UTF-8 without saying so.
  defParamCharset: 'utf8',
}).single('file');

function multerRefusal(error: unknown): RefusalError {
  if (error instanceof multer.MulterError) {
    switch (error.code) {
      case 'LIMIT_FILE_SIZE':
        return uploadRefusal(
          413,
          'upload.tooLarge',
          `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; split it and upload the parts`,
        );
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_UNEXPECTED_FILE':
        return uploadRefusal(
          400,
          error.field && error.field !== 'file' ? 'upload.field' : 'upload.tooManyFiles',
          error.field && error.field !== 'file'
            ? `the form has a file in field "${error.field}"; send one file, in the field "file"`
            : 'send one file per upload, in the field "file"',
          error.field ?? 'file',
        );
      default:
        return uploadRefusal(
          400,
          'upload.field',
          `the form is refused: ${error.message}`,
          error.field ?? 'body',
        );
    }
  }
  return uploadRefusal(
    400,
    'request.malformed',
    `the form cannot be read: ${(error as Error).message}`,
    'body',
  );
}

/** The whole body of a request that is the file itself, up to the limit. */
async function readRawBody(req: Request): Promise<Buffer> {
  const encoding = (req.header('content-encoding') ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    throw uploadRefusal(
      415,
      'request.contentEncoding',
      'send the file uncompressed (an XLSX is compressed already)',
      'Content-Encoding',
    );
  }
  const declared = Number(req.header('content-length') ?? NaN);
  if (declared > MAX_UPLOAD_BYTES) {
    throw uploadRefusal(
      413,
      'upload.tooLarge',
      `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; split it and upload the parts`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_UPLOAD_BYTES) {
      req.unpipe?.();
      throw uploadRefusal(
        413,
        'upload.tooLarge',
        `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; split it and upload the parts`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function textFields(source: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries((source ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string') fields[k] = v;
  }
  return fields;
}

/**
 * Reads an operator's file on routes marked @AcceptsUploads: a multipart form (multer, in
 * memory, one file in the field `file`, 20 MB at most) or a body that is the file itself
 * (text/csv, XLSX, JSON Lines; fields then come from the query). Sets `req.upload`; a JSON body
 * passes through untouched. Refusals name the rule (413 upload.tooLarge, 400 upload.file…).
 */
@Injectable()
export class UploadInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<UploadRequest>();
    const res = http.getResponse<Response>();
    const types = uploadMediaTypes(this.reflector, context);
    const only = uploadsOnly(this.reflector, context);
    return from(this.read(req, res, types, only)).pipe(switchMap(() => next.handle()));
  }

  private async read(
    req: UploadRequest,
    res: Response,
    types: readonly string[],
    only: boolean,
  ): Promise<void> {
    const type = (req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'multipart/form-data' && types.includes(type)) {
      await new Promise<void>((resolve, reject) =>
        readMultipart(req, res, (error: unknown) =>
          error ? reject(multerRefusal(error)) : resolve(),
        ),
      );
      const file = (req as Request & { file?: Express.Multer.File }).file;
      if (!file) {
        throw uploadRefusal(
          400,
          'upload.file',
          'the form has no file: send it in the field "file"',
        );
      }
      req.upload = {
        bytes: file.buffer,
        fileName: file.originalname,
        mediaType: file.mimetype,
        sha256: createHash('sha256').update(file.buffer).digest('hex'),
        fields: textFields(req.body),
      };
      req.body = { ...req.upload.fields };
    } else if (types.includes(type)) {
      const bytes = await readRawBody(req);
      if (bytes.length === 0)
        throw uploadRefusal(400, 'upload.file', 'the body is empty: send the file');
      req.upload = {
        bytes,
        mediaType: type,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        fields: textFields(req.query),
      };
      req.body = { ...req.upload.fields };
    }
    if (only && !req.upload) {
      throw uploadRefusal(
        415,
        'upload.fileRequired',
        'this route takes a file: upload it as multipart/form-data (field "file") or as the body (text/csv, XLSX, JSON Lines)',
        'Content-Type',
      );
    }
    req.uploadChecked = true;
  }
}
