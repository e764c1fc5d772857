import { Request } from 'express';
import { Identity } from '../identity';
import { PlanVisibility } from '../plan-visibility';
import { AccessRule, SensitiveRead } from './access-rule';

/** What the guard decided about a request, for the handler, the filters and the access log. */
export interface AccessDecision {
  readonly rule: AccessRule;
  /** Absent on public routes only. */
  readonly identity?: Identity;
  /** The caller's view of `:planId`, on plan, township and person routes. */
  readonly visibility?: PlanVisibility;
  /** What this caller is shown of the sensitive data the route can reveal. */
  readonly disclosure: Disclosure;
  /** The stated purpose, when something sensitive is revealed. */
  readonly purpose?: string;
}

export interface Disclosure {
  /** Names and ID numbers in clear. */
  readonly identity: boolean;
  /** Claim facts in full; otherwise the de-identified form (what the Kafka feed carries). */
  readonly health: boolean;
  /** What of it the access log records for this request. */
  readonly recorded: readonly SensitiveRead[];
}

export type AccessedRequest = Request & { access?: AccessDecision };

export const NOTHING_DISCLOSED: Disclosure = Object.freeze({
  identity: false,
  health: false,
  recorded: [],
});

/** The decision the guard attached; throws if a handler runs without one (a wiring bug). */
export function accessOf(req: Request): AccessDecision {
  const decision = (req as AccessedRequest).access;
  if (!decision)
    throw new Error('no access decision on this request: is the AccessGuard installed?');
  return decision;
}

/** The authenticated caller of a non-public route. */
export function callerOf(req: Request): Identity {
  const identity = accessOf(req).identity;
  if (!identity) throw new Error('this route is public: it has no caller identity');
  return identity;
}
