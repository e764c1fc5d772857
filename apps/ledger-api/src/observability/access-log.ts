import { IncomingMessage, ServerResponse } from 'node:http';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import { Store, storage } from 'nestjs-pino/storage';
import { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
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
 * The access log (pino-http): one line per answered request, at its end, with the method, the
 * route template, the masked path, the status, the duration, the caller's identity and, for a
 * refusal, its rule codes; never a header value, a body or a query string. Every line written
 * while the request is handled carries its correlation id (the key `correlationId`): pino-http
 * binds it to `req.log`, and nestjs-pino's storage makes Nest's Logger write through it.
 */
export function accessLog(logger: Logger, routes: RouteTemplates): RequestHandler {
  const http = pinoHttp({
    logger,
    genReqId: (req, res) => assignCorrelationId(req as Request, res as Response),
    customAttributeKeys: { reqId: 'correlationId', responseTime: 'durationMs' },
    quietReqLogger: true,
    autoLogging: {
      ignore: (req) => loggablePath((req as Logged).originalUrl ?? '') === '/metrics',
    },
    serializers: {
      req: (req: { method: string; url: string; raw?: Logged }) => ({
        method: req.method,
        path: loggablePath(req.raw?.originalUrl ?? req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customProps: (req, res) => {
      // Called at the start (nothing known yet) and at the end of the request.
      if (!res.headersSent) return {};
      const rules = (res as ServerResponse & { locals?: Record<string, unknown> }).locals?.[
        REFUSAL_RULES
      ];
      return {
        route: routes.of(req as Request),
        ...(actorOf(req as Logged) ? { actor: actorOf(req as Logged) } : {}),
        ...(Array.isArray(rules) ? { rules } : {}),
      };
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res) =>
      `${req.method} ${routes.of(req as Request)} ${res.statusCode}`,
    customErrorMessage: (req, res) =>
      `${req.method} ${routes.of(req as Request)} ${res.statusCode}`,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    http(req, res);
    // Lines written before the body is parsed; nestjs-pino binds again after it (body-parser's
    // stream callbacks do not keep the async context).
    storage.run(new Store(req.log), next);
  };
}
