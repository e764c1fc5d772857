import { randomUUID } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { RefusalError } from '@ledger/ledger';

/** Up to 128 characters a log line and an event's metadata can carry safely. */
const CORRELATION_ID = /^[A-Za-z0-9._:/-]{1,128}$/;

type Correlated = Request & { correlationId?: string };

/** The request's correlation id (from X-Correlation-Id, or generated), set by the middleware. */
export function correlationIdOf(req: Request): string {
  const r = req as Correlated;
  r.correlationId ??= randomUUID();
  return r.correlationId;
}

/**
 * Decides the request's correlation id once, first thing (the access log binds it to every
 * line): the caller's X-Correlation-Id when well-formed, a generated UUID otherwise (a malformed
 * one is refused by the middleware below, and the refusal carries the generated id). Echoed on
 * every answer.
 */
export function assignCorrelationId(req: Request, res: Response): string {
  const r = req as Correlated;
  if (r.correlationId === undefined) {
    const given = req.headers['x-correlation-id'];
    r.correlationId =
      typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    res.setHeader('x-correlation-id', r.correlationId);
  }
  return r.correlationId;
}

/**
 * Refuses a malformed X-Correlation-Id (400: it would be copied into every event of the
 * command) and makes sure the request has its id.
 */
export function correlationIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-correlation-id'];
  assignCorrelationId(req, res);
  if (given !== undefined && (typeof given !== 'string' || !CORRELATION_ID.test(given))) {
    next(
      new RefusalError(400, [
        {
          field: 'X-Correlation-Id',
          rule: 'request.correlationId',
          message: 'X-Correlation-Id must be 1 to 128 letters, digits or . _ : - /',
        },
      ]),
    );
    return;
  }
  next();
}
