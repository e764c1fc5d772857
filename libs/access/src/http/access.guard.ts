import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ImportJobs } from '@ledger/ledger';
import { Request, Response } from 'express';
import { AccessConfig } from '../access-config';
import { Identity } from '../identity';
import { PlanVisibility, seesTownship } from '../plan-visibility';
import { SENSITIVE_READS } from '../roles';
import { isLedgerWide } from '../scope';
import { ScopeService } from '../scope.service';
import { AccessDecision, AccessedRequest, Disclosure, NOTHING_DISCLOSED } from './access-request';
import { ACCESS_RULE, AccessRule, SensitiveRead } from './access-rule';
import { refuse } from './access-refusal';
import { ACCESS_CONFIG, Authenticator } from './authenticator';
import { checkRouteMediaType } from './media-type';
import { purposeOf } from './purpose';
import { checkBrowserOrigin, checkOpenModeHost } from './request-origin';

/** What a caller in this role is shown of what the route can reveal. */
export function disclosureOf(rule: AccessRule, identity: Identity): Disclosure {
  const reveals = rule.reveals ?? [];
  if (reveals.length === 0) return NOTHING_DISCLOSED;
  const may = SENSITIVE_READS[identity.role];
  const identityShown = reveals.includes('identity') && may.identity;
  const healthShown = reveals.includes('health') && may.health;
  const recorded: SensitiveRead[] = [
    ...(identityShown ? (['identity'] as const) : []),
    ...(healthShown ? (['health'] as const) : []),
    ...(reveals.includes('lookup') ? (['lookup'] as const) : []),
  ];
  return { identity: identityShown, health: healthShown, recorded };
}

/**
 * The one guard every route goes through (APP_GUARD): the route's declared rule (none: refused),
 * its media type, the caller's credential, the browser-origin check for cookie and open-mode
 * writes, the role, the scope against the route's resource, and the purpose of a sensitive read.
 * The decision is attached to the request for the handler, the view filters and the access log.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly scopes: ScopeService,
    private readonly jobs: ImportJobs,
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false;
    const req = context.switchToHttp().getRequest<AccessedRequest>();
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      this.logger.error(`route without an access rule refused: ${req.method} ${req.path}`);
      throw refuse.undeclared();
    }
    checkRouteMediaType(req, rule.uploads);
    if (rule.roles === 'public') {
      req.access = { rule, disclosure: NOTHING_DISCLOSED };
      return true;
    }
    const { identity } = await this.authenticate(req, context.switchToHttp().getResponse());
    if (rule.roles !== 'authenticated' && !rule.roles.includes(identity.role))
      throw refuse.role(identity.role, rule.roles);
    const visibility = await this.checkScope(rule, identity, req);
    const disclosure = disclosureOf(rule, identity);
    const decision: AccessDecision = {
      rule,
      identity,
      ...(visibility ? { visibility } : {}),
      disclosure,
      ...(disclosure.recorded.length > 0 ? { purpose: purposeOf(req) } : {}),
    };
    req.access = decision;
    return true;
  }

  private async authenticate(req: Request, res: Response) {
    try {
      const authenticated = await this.authenticator.authenticate(req);
      const via = authenticated.identity.via;
      if (via === 'open-mode') checkOpenModeHost(req);
      if (via === 'session' || via === 'open-mode')
        checkBrowserOrigin(req, this.config.allowedOrigins, via === 'session');
      return authenticated;
    } catch (error) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="huiminbao-ledger"');
      throw error;
    }
  }

  private async checkScope(
    rule: AccessRule,
    identity: Identity,
    req: Request,
  ): Promise<PlanVisibility | undefined> {
    switch (rule.resource) {
      case 'none':
      case 'plans':
        return undefined;
      case 'ledger':
        if (!isLedgerWide(identity.scope)) throw refuse.ledgerWide();
        return undefined;
      case 'import-job': {
        const planId = this.jobs.planOf(String(req.params.jobId ?? ''));
        if (planId === undefined) {
          if (!isLedgerWide(identity.scope)) throw refuse.ledgerWide();
          return undefined;
        }
        const visibility = await this.scopes.visibility(identity, planId);
        if (!visibility) throw refuse.scope(`plan ${planId}`);
        return visibility;
      }
      case 'plan':
      case 'township':
      case 'person': {
        const planId = String(req.params.planId ?? '');
        const visibility = await this.scopes.visibility(identity, planId);
        if (!visibility) throw refuse.scope(`plan ${planId}`);
        if (rule.resource === 'township') {
          const townshipId = String(req.params.townshipId ?? '');
          if (!seesTownship(visibility, townshipId))
            throw refuse.scope(`township ${townshipId} of plan ${planId}`);
        }
        return visibility;
      }
    }
  }
}
