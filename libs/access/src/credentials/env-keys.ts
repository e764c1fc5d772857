import { isRole, ROLES } from '../roles';
import { parseScopeText, Scope } from '../scope';

export const IDENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
import { hashKey, isKeyHash, keyLabel } from './key-hash';
import { KeyEntry } from './key-entry';

export class CredentialConfigError extends Error {
  override readonly name = 'CredentialConfigError';
}

/**
 * LEDGER_API_KEYS: comma-separated `credential:role[:scope]`. The credential is the key itself
 * (hashed here, the clear text dropped) or its digest written `sha256=<64 hex>` so that the clear
 * key need not be in the environment at all. The scope is `field=id+id;field=id` (scope.ts);
 * `id=<name>` inside it names the identity (default: the role and the key's digest prefix).
 * Example: `k3y:township_official:id=yuyao-t01;plans=yuyao-2024;townships=t01`.
 */
export function parseEnvKeys(text: string | undefined): KeyEntry[] {
  const entries: KeyEntry[] = [];
  const parts = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const [i, entry] of parts.entries()) {
    const where = `LEDGER_API_KEYS entry ${i + 1}`;
    const [credential, role, scopeText, ...rest] = entry.split(':');
    if (!credential || !isRole(role) || rest.length > 0) {
      throw new CredentialConfigError(
        `${where}: entries are key:role or key:role:scope with role one of ${ROLES.join(', ')}; got role "${role ?? ''}"`,
      );
    }
    const keyHash = credential.startsWith('sha256=')
      ? `sha256:${credential.slice('sha256='.length).toLowerCase()}`
      : hashKey(credential);
    if (!isKeyHash(keyHash))
      throw new CredentialConfigError(`${where}: sha256= must be followed by 64 hex digits`);
    const scopeParts = (scopeText ?? '').split(';').map((p) => p.trim());
    const named = scopeParts.find((p) => p.startsWith('id='))?.slice('id='.length);
    if (named !== undefined && !IDENTITY_ID.test(named))
      throw new CredentialConfigError(`${where}: id= must be 1-64 letters, digits, . _ -`);
    const id = named ?? `${role}-${keyLabel(keyHash)}`;
    const scope: Scope = parseScopeText(
      role,
      scopeParts.filter((p) => !p.startsWith('id=')).join(';'),
      where,
    );
    entries.push({ keyHash, identity: { id, role, scope, via: 'api-key' }, source: where });
  }
  return entries;
}
