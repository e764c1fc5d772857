import { NextFunction, Request, Response } from 'express';
import { refuse } from './access-refusal';
import { isWrite } from './request-origin';

export const JSON_MEDIA_TYPE = 'application/json';

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function hasBody(req: Request): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined ||
    Number(req.headers['content-length'] ?? '0') > 0
  );
}

/**
 * Writes are JSON (and, on routes that declare uploads, those types): never an HTML form's
 * application/x-www-form-urlencoded or text/plain, which any web page can send cross-site
 * without a CORS preflight. This runs before any body parser, so a refused body is never parsed;
 * the AccessGuard then checks each route's own list (an upload type only where declared).
 * `uploadTypes` is read per request: it is filled from the routes' declarations at start-up.
 */
export function mediaTypeGate(uploadTypes: () => ReadonlySet<string>) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!isWrite(req.method) || !hasBody(req)) return next();
    const type = mediaTypeOf(req.headers['content-type']);
    if (type === JSON_MEDIA_TYPE || uploadTypes().has(type)) return next();
    next(refuse.mediaType(type, [JSON_MEDIA_TYPE, ...uploadTypes()]));
  };
}

/** The route's own check: a write's Content-Type, when it has one, must be one it declares. */
export function checkRouteMediaType(req: Request, uploads: readonly string[] = []): void {
  if (!isWrite(req.method)) return;
  const header = req.headers['content-type'];
  if (header === undefined && !hasBody(req)) return;
  const type = mediaTypeOf(header);
  if (type === JSON_MEDIA_TYPE || uploads.includes(type)) return;
  throw refuse.mediaType(type, [JSON_MEDIA_TYPE, ...uploads]);
}
