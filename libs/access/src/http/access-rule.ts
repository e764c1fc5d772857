import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { ALL_ROLES, Role } from '../roles';
import { ScopedViewKind } from '../views/scoped-views';

/**
 * What a route works on, checked against the caller's scope:
 * - none: nothing scoped (the caller's own session, view checkpoints).
 * - ledger: the whole ledger (erasure, rebuild, the access log): a ledger-wide identity only.
 * - plans: the list of plans, cut to those in scope.
 * - plan: `:planId` must be in scope.
 * - township: `:planId` and `:townshipId` must be in scope.
 * - person: `:planId` in scope; persons are reached by their plan (place-scoped roles have no
 *   person routes).
 * - import-job: `:jobId`'s plan must be in scope (a job importing across plans, or one this
 *   process does not know: ledger-wide only).
 */
export type AccessResource =
  'none' | 'ledger' | 'plans' | 'plan' | 'township' | 'person' | 'import-job';

/** Sensitive personal information a route may hand out (PIPL Art. 28), see SENSITIVE_READS. */
export type SensitiveRead = 'identity' | 'health' | 'lookup';

export interface AccessRule {
  /** Who may call: roles, any authenticated identity, or anyone ('public': probes, log-in). */
  readonly roles: readonly Role[] | 'authenticated' | 'public';
  readonly resource: AccessResource;
  /** The response is cut to the caller's part of the plan by this view's filter. */
  readonly view?: ScopedViewKind;
  /** What the route can reveal; each such read needs a purpose and is recorded. */
  readonly reveals?: readonly SensitiveRead[];
  /** Media types a write accepts besides application/json (an upload route names its types). */
  readonly uploads?: readonly string[];
}

export const ACCESS_RULE = 'ledger:access-rule';

export function rolesOf(rule: AccessRule): readonly Role[] {
  if (rule.roles === 'public' || rule.roles === 'authenticated') return ALL_ROLES;
  return rule.roles;
}

/**
 * Declares who may call a route and what it touches. Every route must have one: the guard
 * refuses a route without it and the application does not start with one (fail closed). The rule
 * is also published in the OpenAPI document as `x-ledger-access`.
 */
export const Access = (rule: AccessRule) =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, rule),
    ApiExtension('x-ledger-access', {
      roles: rule.roles,
      resource: rule.resource,
      ...(rule.reveals ? { reveals: rule.reveals, purposeHeader: PURPOSE_HEADER } : {}),
      ...(rule.uploads ? { uploads: rule.uploads } : {}),
    }),
  );

/** The header a caller states its purpose in when a route reveals personal information. */
export const PURPOSE_HEADER = 'X-Access-Purpose';
