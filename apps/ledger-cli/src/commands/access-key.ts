import {
  checkScope,
  generateKey,
  hashKey,
  IDENTITY_ID,
  isRole,
  KEY_HASH_PREFIX,
  ROLES,
  Scope,
} from '@ledger/access';

function scopeText(scope: Scope): string {
  return Object.entries(scope)
    .map(([field, value]) => `${field}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(';');
}

/**
 * ledger access-key <id> <role> [scope JSON]: a fresh API key, shown once, and what to configure
 * for it — an access-file entry and a LEDGER_API_KEYS entry, both with the key's SHA-256 digest
 * only, so the clear key is never written to a file (docs/access.md).
 */
export function accessKey(args: string[]): number {
  const [id, role, scopeJson] = args;
  if (!id || !IDENTITY_ID.test(id) || !isRole(role)) {
    console.error(
      `usage: access-key <id> <role> [scope JSON]; id: letters, digits, . _ - (at most 64); role: ${ROLES.join(', ')}`,
    );
    return 2;
  }
  let scope: Scope;
  try {
    scope = checkScope(role, scopeJson ? JSON.parse(scopeJson) : {}, 'scope');
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const key = generateKey();
  const keyHash = hashKey(key);
  const entry = { id, role, ...(Object.keys(scope).length ? { scope } : {}), keyHashes: [keyHash] };
  const envScope = ['id=' + id, scopeText(scope)].filter(Boolean).join(';');
  console.log(`key (hand it to ${id} now; it is not stored anywhere): ${key}`);
  console.log(`access file entry (add to "identities"):\n${JSON.stringify(entry, null, 2)}`);
  console.log(
    `or LEDGER_API_KEYS entry: sha256=${keyHash.slice(KEY_HASH_PREFIX.length)}:${role}:${envScope}`,
  );
  return 0;
}
