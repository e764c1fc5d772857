import { Request } from 'express';

/** Label of a request no route matched (unknown paths): never the raw URL. */
export const UNMATCHED_ROUTE = 'unmatched';

interface RouterLike {
  stack?: { route?: { path?: unknown } }[];
}

/**
 * The route template of a request ("/plans/:planId/enrollments"), for metric labels and logs:
 * a raw URL carries ids (plans, personRef, claims) and would give one time series per person.
 * A request refused before routing (a body too large, a bad header) is matched against the
 * app's templates, so it is still counted under its route.
 */
export class RouteTemplates {
  private templates?: { template: string; pattern: RegExp }[];

  constructor(private readonly router: () => RouterLike | undefined) {}

  of(req: Request): string {
    const routed = (req.route as { path?: unknown } | undefined)?.path;
    if (typeof routed === 'string' && !isCatchAll(routed)) return routed;
    const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
    const found = this.all().find((t) => t.pattern.test(path));
    return found?.template ?? UNMATCHED_ROUTE;
  }

  private all() {
    if (this.templates) return this.templates;
    const seen = new Set<string>();
    for (const layer of this.router()?.stack ?? []) {
      const path = layer.route?.path;
      if (typeof path === 'string' && !isCatchAll(path)) seen.add(path);
    }
    const list = [...seen].map((template) => ({ template, pattern: patternOf(template) }));
    // Templates are only read once the app serves: an empty router means "not yet", not "none".
    if (list.length > 0) this.templates = list;
    return list;
  }
}

/** A catch-all ("/{*path}", the middleware and not-found routes) names no route of the API. */
function isCatchAll(template: string): boolean {
  return template.includes('*');
}

/** "/plans/:planId/progress" → /^\/plans\/[^/]+\/progress\/?$/ (Nest routes use :params only). */
function patternOf(template: string): RegExp {
  const source = template
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}
