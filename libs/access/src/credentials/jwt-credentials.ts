import { KeyObject } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import { Identity } from '../identity';
import { isRole, ROLES } from '../roles';
import { checkScope } from '../scope';

/**
 * JSON Web Tokens issued by an identity provider the ledger trusts (LEDGER_JWT_*), verified with
 * `jose` (maintained, dependency-free, every JOSE algorithm; no hand-made crypto). A token says
 * who (`sub`), the role (`role`) and the scope (`scope`, the same object as in the access file);
 * it must carry `exp`, the configured audience, and the issuer when one is configured.
 */
export interface JwtSettings {
  readonly key: KeyObject | Uint8Array;
  readonly algorithms: readonly string[];
  readonly audience: string;
  readonly issuer?: string;
  /** Longest lifetime accepted (exp − iat), so a token minted for years is refused. */
  readonly maxLifetimeSeconds: number;
}

export class JwtRefused extends Error {
  override readonly name = 'JwtRefused';
}

const SUBJECT = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$/;

/** Three dot-separated base64url parts: a JWS compact token, not an API key. */
export function looksLikeJwt(credential: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(credential);
}

export async function identityOfJwt(
  token: string,
  settings: JwtSettings,
): Promise<{ identity: Identity; expiresAt: number }> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, settings.key, {
      algorithms: [...settings.algorithms],
      audience: settings.audience,
      ...(settings.issuer ? { issuer: settings.issuer } : {}),
      requiredClaims: ['exp', 'iat', 'sub'],
    }));
  } catch (error) {
    if (error instanceof errors.JOSEError) throw new JwtRefused(`token refused: ${error.message}`);
    throw error;
  }
  if (payload.exp! - payload.iat! > settings.maxLifetimeSeconds)
    throw new JwtRefused(
      `token refused: it lives ${payload.exp! - payload.iat!} s, longer than the ${settings.maxLifetimeSeconds} s accepted`,
    );
  const sub = payload.sub ?? '';
  if (!SUBJECT.test(sub)) throw new JwtRefused('token refused: sub is not a usable identity id');
  if (!isRole(payload.role))
    throw new JwtRefused(`token refused: role must be one of ${ROLES.join(', ')}`);
  let scope;
  try {
    scope = checkScope(payload.role, payload.scope, 'token');
  } catch (error) {
    throw new JwtRefused(`token refused: ${error instanceof Error ? error.message : error}`);
  }
  return {
    identity: { id: sub, role: payload.role, scope, via: 'jwt' },
    expiresAt: payload.exp! * 1000,
  };
}
