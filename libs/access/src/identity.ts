import { Role } from './roles';
import { describeScope, Scope } from './scope';

/** How the caller proved who it is. */
export type CredentialKind = 'api-key' | 'jwt' | 'session' | 'open-mode';

/** A caller the guard has authenticated: who, in which job, over what part of the ledger. */
export interface Identity {
  /** Stable name of the identity (from the access file, the token's `sub`, or derived). */
  readonly id: string;
  readonly role: Role;
  readonly scope: Scope;
  readonly via: CredentialKind;
}

/** What event metadata and the access log record as the actor: role and identity id, no secret. */
export function actorOf(identity: Identity): string {
  return `${identity.role}:${identity.id}`;
}

export function describeIdentity(identity: Identity) {
  return {
    id: identity.id,
    role: identity.role,
    scope: identity.scope,
    scopeText: describeScope(identity.scope),
    via: identity.via,
  };
}

/** The identity of open mode (loopback, explicitly enabled): an operator over the whole ledger. */
export const OPEN_MODE_IDENTITY: Identity = Object.freeze({
  id: 'open-mode',
  role: 'operator',
  scope: {},
  via: 'open-mode',
});
