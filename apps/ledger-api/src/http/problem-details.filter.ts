import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { Logger as PinoLogger } from 'pino';
import { ErrorItem, localizeItems, refusalOf } from '@ledger/ledger';
import { loggablePath, REFUSAL_RULES } from '../observability/access-log';
import { LedgerMetrics } from '../observability/ledger-metrics';
import { correlationIdOf } from './correlation-id';
import { problemDocument } from './problem-document';
import { languageOf } from './request-language';

const INTERNAL: ErrorItem = {
  field: 'server',
  rule: 'server.internal',
  message: 'internal error; nothing was recorded for this request unless a receipt was returned',
};

/**
 * Every refusal, from body parsing to the domain, as one RFC 9457 problem document
 * (application/problem+json) naming each field and rule, in the reader's language with both
 * beside it. Anything that is not a known refusal is a genuine fault: 500, logged with the
 * request's correlation id so the log line and the answer can be matched.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly metrics: LedgerMetrics) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const correlationId = correlationIdOf(req);
    const refusal = refusalOf(exception) ?? { status: 500, errors: [INTERNAL] };
    if (refusal.status >= 500) {
      // Through the request's own logger when there is one: it carries the correlation id.
      const log = (req as Request & { log?: PinoLogger }).log;
      const path = loggablePath(req.originalUrl);
      if (log) log.error({ err: exception }, `${req.method} ${path} failed`);
      else
        this.logger.error(
          `${req.method} ${path} failed [correlationId=${correlationId}]: ${
            exception instanceof Error ? exception.stack : String(exception)
          }`,
        );
    } else {
      this.metrics.refused(refusal.status, refusal.errors);
    }
    res.locals[REFUSAL_RULES] = refusal.errors.map((e) => e.rule);
    if (res.headersSent) {
      // A streamed answer already started: nothing can be said cleanly, so end it.
      res.end();
      return;
    }
    const language = languageOf(req);
    const errors = localizeItems(refusal.errors, language);
    res
      .status(refusal.status)
      .setHeader('content-type', 'application/problem+json; charset=utf-8')
      .setHeader('content-language', language === 'zh' ? 'zh-CN' : 'en')
      .setHeader('x-correlation-id', correlationId)
      .send(
        JSON.stringify(
          problemDocument(refusal.status, errors, language, req.originalUrl, correlationId),
        ),
      );
  }
}
