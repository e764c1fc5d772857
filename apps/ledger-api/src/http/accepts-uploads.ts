import { applyDecorators, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import { ACCESS_RULE, AccessRule } from '@ledger/access';

export const UPLOADS_ONLY_KEY = 'ledger:uploadsOnly';

/**
 * Media types an upload route takes besides JSON: a multipart form with a `file` field (what a
 * browser's file input sends), or the file itself as the body. A route names them in its access
 * rule (`@Access({…, uploads: UPLOAD_MEDIA_TYPES})`): the access layer refuses every other
 * non-JSON write with 415 before any body is parsed, and checks the Origin of cookie writes.
 */
export const UPLOAD_MEDIA_TYPES = [
  'multipart/form-data',
  'text/csv',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/x-ndjson',
  'application/jsonl',
  'application/octet-stream',
] as const;

/**
 * Marks a write route that takes an operator's file (docs/imports.md, "Uploads over HTTP");
 * `json: false` for routes that take only a file (a JSON body is then 415). The media types
 * themselves are the route's access rule's `uploads`.
 */
export const AcceptsUploads = (json = true) =>
  applyDecorators(
    SetMetadata(UPLOADS_ONLY_KEY, !json),
    ApiConsumes(...(json ? ['application/json'] : []), ...UPLOAD_MEDIA_TYPES),
  );

/** Whether a route takes only files. */
export function uploadsOnly(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.get<boolean | undefined>(UPLOADS_ONLY_KEY, context.getHandler()) === true;
}

/** The upload media types a route declares (empty for JSON-only routes). */
export function uploadMediaTypes(
  reflector: Reflector,
  context: ExecutionContext,
): readonly string[] {
  return reflector.get<AccessRule | undefined>(ACCESS_RULE, context.getHandler())?.uploads ?? [];
}
