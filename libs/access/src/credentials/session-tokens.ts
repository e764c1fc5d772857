import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { Identity } from '../identity';
import { isRole } from '../roles';
import { checkScope, Scope } from '../scope';

/** What a browser session cookie carries, signed by the ledger (LEDGER_SESSION_KEY). */
export interface SessionClaims {
  readonly sessionId: string;
  readonly identityId: string;
  readonly expiresAt: number;
  /** Opened with an API key: its digest, checked on every request so removing the key ends it. */
  readonly keyHash?: string;
  /** Opened with a JWT: the identity as the token stated it (bounded by the token's exp). */
  readonly role?: Identity['role'];
  readonly scope?: Scope;
}

const ISSUER = 'huiminbao-ledger';
const AUDIENCE = 'huiminbao-ledger-session';

/**
 * Browser sessions as short signed tokens (HS256 via jose) in an HttpOnly cookie: any API replica
 * with the same LEDGER_SESSION_KEY accepts them, none keeps session state. Logout revokes the
 * session id here until it would have expired anyway (per process; see docs/access.md).
 */
export class SessionTokens {
  private readonly revoked = new Map<string, number>();

  constructor(
    private readonly key: Uint8Array,
    readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(
    identity: Identity,
    keyHash: string | undefined,
    notAfter?: number,
  ): Promise<{ token: string; claims: SessionClaims }> {
    const expiresAt = Math.min(this.now() + this.ttlSeconds * 1000, notAfter ?? Infinity);
    const claims: SessionClaims = {
      sessionId: randomUUID(),
      identityId: identity.id,
      expiresAt,
      ...(keyHash ? { keyHash } : { role: identity.role, scope: identity.scope }),
    };
    const token = await new SignJWT({
      ...(claims.keyHash ? { kh: claims.keyHash } : { role: claims.role, scope: claims.scope }),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(identity.id)
      .setJti(claims.sessionId)
      .setIssuedAt(Math.floor(this.now() / 1000))
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .sign(this.key);
    return { token, claims };
  }

  /** The session of a cookie value, or undefined when forged, expired or logged out. */
  async open(token: string): Promise<SessionClaims | undefined> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['exp', 'sub', 'jti'],
        currentDate: new Date(this.now()),
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
    const sessionId = payload.jti!;
    if (this.revoked.has(sessionId)) return undefined;
    const base = { sessionId, identityId: payload.sub!, expiresAt: payload.exp! * 1000 };
    if (typeof payload.kh === 'string') return { ...base, keyHash: payload.kh };
    if (!isRole(payload.role)) return undefined;
    try {
      return {
        ...base,
        role: payload.role,
        scope: checkScope(payload.role, payload.scope, 'session'),
      };
    } catch {
      return undefined;
    }
  }

  revoke(claims: SessionClaims): void {
    const now = this.now();
    for (const [id, until] of this.revoked) if (until < now) this.revoked.delete(id);
    this.revoked.set(claims.sessionId, claims.expiresAt);
  }
}
