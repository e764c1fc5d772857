import { IncomingMessage } from 'node:http';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import { Store, storage } from 'nestjs-pino/storage';
import { Logger } from 'pino';
import { assignCorrelationId } from '../http/correlation-id';
import { RouteTemplates } from './route-template';

/** The refusal rules of an answer, set by the problem filter for the access log line. */
export const REFUSAL_RULES = 'refusalRules';

type Logged = IncomingMessage & {
  originalUrl?: string;
  /** Set by the access guard: its identity decision, or (older guard) the actor. */
  access?: { identity?: { id: string; role: string } };
  actor?: string;
};

/** `role:id` of the caller, as event metadata records the actor; undefined when anonymous. */
function actorOf(req: Logged): string | undefined {
  const identity = req.access?.identity;
  return identity ? `${identity.role}:${identity.id}` : req.actor;
}

/**
 * The path without its query string and with the personRef (a keyed hash that stands for a
 * person) masked: an access log is kept by operators, not under the rules for personal data.
 */
export function loggablePath(url: string): string {
  return url.split('?')[0].replace(/\/policies\/[^/]+/, '/policies/:personRef');
}

/**
 * The access log: one line per request, when its answer is finished (or its connection closed
 * first), with the method, the route template, the masked path, the status, the duration, the
 * caller's identity and, for a refusal, its rule codes; never a header value, a body or a query
 * string. Every line written while the request is handled carries its correlation id (the key
 * `correlationId`): the request gets a pino child logger bound to it (`req.log`, as pino-http
 * names it), and nestjs-pino's storage makes Nest's Logger write through that logger.
 *
 * Written on pino directly rather than with pino-http, which cost four times as much on the
 * hottest route (it copies every header through pino's standard serializers and creates three
 * child loggers per request): docs/observability.md.
 */
export function accessLog(logger: Logger, routes: RouteTemplates): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const correlationId = assignCorrelationId(req, res);
    const started = process.hrtime.bigint();
    const log = logger.child({ correlationId });
    (req as Request & { log: Logger }).log = log;
    const done = () => {
      // Once: `close` follows `finish` on every answer that was sent.
      res.removeListener('finish', done);
      res.removeListener('close', done);
      const route = routes.of(req);
      const status = res.statusCode;
      const rules = res.locals?.[REFUSAL_RULES];
      const actor = actorOf(req as unknown as Logged);
      const line = {
        req: { method: req.method, path: loggablePath(req.originalUrl ?? req.url) },
        route,
        ...(actor ? { actor } : {}),
        ...(Array.isArray(rules) ? { rules } : {}),
        res: { statusCode: status },
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      };
      const msg = `${req.method} ${route} ${status}${res.writableFinished ? '' : ' (aborted)'}`;
      if (status >= 500) log.error(line, msg);
      else log.info(line, msg);
    };
    if (loggablePath(req.originalUrl ?? '') !== '/metrics') {
      res.on('finish', done);
      res.on('close', done);
    }
    // Lines written before the body is parsed; nestjs-pino binds again after it (body-parser's
    // stream callbacks do not keep the async context).
    storage.run(new Store(log), next);
  };
}
