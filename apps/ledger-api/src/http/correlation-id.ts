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
 * Takes X-Correlation-Id when it is well-formed (else 400: it would be copied into every event
 * of the command), generates one otherwise, and echoes it on every answer.
 */
export function correlationIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-correlation-id');
  if (given !== undefined && !CORRELATION_ID.test(given)) {
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
  const id = given ?? randomUUID();
  (req as Correlated).correlationId = id;
  res.setHeader('x-correlation-id', id);
  next();
}
