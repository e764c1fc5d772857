import { Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { AccessConfig } from '../access-config';
import { identityOfJwt, JwtRefused, looksLikeJwt } from '../credentials/jwt-credentials';
import { KeyRegistry } from '../credentials/key-registry';
import { SessionClaims, SessionTokens } from '../credentials/session-tokens';
import { Identity, OPEN_MODE_IDENTITY } from '../identity';
import { refuse } from './access-refusal';

export const ACCESS_CONFIG = Symbol('AccessConfig');

/** Cookie names: `__Host-` (Secure, path /, no domain: cannot be set by a sibling) over TLS. */
export const SESSION_COOKIE = 'ledger_session';
export const SECURE_SESSION_COOKIE = '__Host-ledger_session';

export interface Authenticated {
  readonly identity: Identity;
  /** The presented key's digest (API keys), so a session can be tied to it. */
  readonly keyHash?: string;
  /** When the credential stops being valid (JWT exp). */
  readonly expiresAt?: number;
  readonly session?: SessionClaims;
}

/**
 * Who is calling, from (in this order) an Authorization header, the session cookie, or open mode.
 * A credential that is presented and wrong is refused, never ignored in favour of another.
 */
@Injectable()
export class Authenticator {
  constructor(
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
    private readonly registry: KeyRegistry,
    private readonly sessions: SessionTokens,
  ) {}

  get openMode(): boolean {
    return this.config.openMode;
  }

  /** The identity of a bearer credential (an API key or a JWT). */
  async ofCredential(credential: string): Promise<Authenticated> {
    if (looksLikeJwt(credential)) {
      if (!this.config.jwt) throw refuse.badCredential('tokens are not configured (LEDGER_JWT_*)');
      try {
        return await identityOfJwt(credential, this.config.jwt);
      } catch (error) {
        if (error instanceof JwtRefused) throw refuse.badCredential(error.message);
        throw error;
      }
    }
    const found = this.registry.identityOfKey(credential);
    if (!found) throw refuse.badCredential('unknown or revoked API key');
    return found;
  }

  async authenticate(req: Request): Promise<Authenticated> {
    if (this.config.openMode) return { identity: OPEN_MODE_IDENTITY };
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw refuse.badCredential('Authorization must be "Bearer <credential>"');
      return this.ofCredential(match[1]);
    }
    const cookie = sessionCookieOf(req);
    if (cookie !== undefined) {
      const session = await this.sessions.open(cookie);
      if (!session)
        throw refuse.badCredential('the session has expired or was closed; log in again');
      return { identity: this.identityOfSession(session), session };
    }
    throw refuse.noCredential();
  }

  private identityOfSession(session: SessionClaims): Identity {
    if (session.keyHash !== undefined) {
      // The key must still be in force: rotating or removing it ends its sessions at once.
      const identity = this.registry.identityOfKeyHash(session.keyHash);
      if (!identity || identity.id !== session.identityId)
        throw refuse.badCredential('the key this session was opened with is no longer valid');
      return { ...identity, via: 'session' };
    }
    return { id: session.identityId, role: session.role!, scope: session.scope!, via: 'session' };
  }
}

export function sessionCookieOf(req: Request): string | undefined {
  const cookies = (req as Request & { cookies?: Record<string, unknown> }).cookies ?? {};
  const value = cookies[SECURE_SESSION_COOKIE] ?? cookies[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
