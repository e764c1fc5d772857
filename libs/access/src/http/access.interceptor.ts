import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Request, Response } from 'express';
import { mergeMap, Observable } from 'rxjs';
import { AccessLog } from '../access-log/access-log.service';
import { ScopeService } from '../scope.service';
import { scopedView } from '../views/scoped-views';
import { AccessDecision, AccessedRequest } from './access-request';

/** The route pattern of a request, e.g. "GET /plans/:planId/policies/:personRef". */
export function routeOf(req: Request): string {
  return `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.path}`;
}

/**
 * After the handler, before the response leaves: cuts a returned view to the caller's scope
 * (routes that write the response themselves call presentView), and records a sensitive read
 * in the access log, so nothing sensitive leaves unrecorded.
 */
@Injectable()
export class AccessInterceptor implements NestInterceptor {
  constructor(
    private readonly scopes: ScopeService,
    private readonly accessLog: AccessLog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AccessedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const decision = req.access;
    if (!decision || context.getType() !== 'http') return next.handle();
    return next.handle().pipe(mergeMap((body) => this.present(req, res, decision, body)));
  }

  private async present(
    req: Request,
    res: Response,
    decision: AccessDecision,
    body: unknown,
  ): Promise<unknown> {
    if (body === undefined) return body;
    let out = presentView(decision, body);
    if (decision.rule.resource === 'plans' && decision.identity && Array.isArray(out)) {
      const identity = decision.identity;
      const visible = await Promise.all(
        out.map(
          async (p: { planId: string }) =>
            (await this.scopes.visibility(identity, p.planId)) !== undefined,
        ),
      );
      out = out.filter((_, i) => visible[i]);
    }
    if (decision.disclosure.recorded.length > 0 && decision.identity) {
      res.setHeader('cache-control', 'no-store');
      const personRef = String(
        req.params.personRef ?? (body as { personRef?: unknown }).personRef ?? '',
      );
      await this.accessLog.record(
        decision.identity,
        {
          personRef,
          planId: String(req.params.planId ?? ''),
          reads: [...decision.disclosure.recorded],
          purpose: decision.purpose ?? '',
          route: routeOf(req),
        },
        req.header('x-correlation-id')?.trim(),
      );
    }
    return out;
  }
}

/** A view body cut to the caller's scope (the same filter the interceptor applies). */
export function presentView<T>(decision: AccessDecision, body: T): T {
  const { view } = decision.rule;
  if (!view || !decision.visibility) return body;
  return scopedView(view, body, decision.visibility) as T;
}
