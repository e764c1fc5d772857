import { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpSettings } from '@ledger/ledger';
import { LedgerMetrics } from './ledger-metrics';
import { RouteTemplates } from './route-template';

/** Times every answer, refusals included, under its route template. */
export function httpMetricsMiddleware(metrics: LedgerMetrics, routes: RouteTemplates) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.answered(req.method, routes.of(req), res.statusCode, seconds);
    });
    next();
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * GET /metrics in the Prometheus text format, for whom LEDGER_METRICS allows: `loopback` (the
 * default) answers only connections from this host that did not come through a proxy (a reverse
 * proxy on the same host would otherwise hand the whole network a loopback address), `on`
 * answers anyone who reaches the port (restrict it in the network), `off` answers nobody.
 * Everyone else gets 404, as if there were no such route: nothing to probe.
 */
export function metricsEndpoint(
  metrics: LedgerMetrics,
  exposure: HttpSettings['metrics'],
): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const proxied = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded;
    const allowed =
      exposure === 'on' ||
      (exposure === 'loopback' && !proxied && LOOPBACK.has(req.socket.remoteAddress ?? ''));
    if (!allowed) return next();
    metrics.registry
      .metrics()
      .then((text) => {
        res.setHeader('content-type', metrics.registry.contentType);
        res.setHeader('cache-control', 'no-store');
        res.end(text);
      })
      .catch(next);
  };
}
