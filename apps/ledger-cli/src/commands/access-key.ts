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
import { StandaloneCliCommand, UsageError } from '../cli-command';

function scopeText(scope: Scope): string {
  return Object.entries(scope)
    .map(([field, value]) => `${field}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(';');
}

function scopeOf(role: string, scopeJson: string | undefined): Scope {
  try {
    return checkScope(role as never, scopeJson ? JSON.parse(scopeJson) : {}, 'scope');
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * ledger access-key <id> <role> [scope JSON]: a fresh API key, shown once, and what to configure
 * for it — an access-file entry and a LEDGER_API_KEYS entry, both with the key's SHA-256 digest
 * only, so the clear key is never written to a file (docs/access.md). Opens nothing.
 */
export const accessKey: StandaloneCliCommand = {
  standalone: true,
  usage: '<id> <role> [scope]',
  summary: {
    zh: '生成访问密钥（只显示一次）及其配置条目',
    en: 'a new API key (shown once) and its configuration entries',
  },
  help: [
    `id: letters, digits, . _ - (at most 64); role: ${ROLES.join(', ')}`,
    'scope: JSON, e.g. \'{"plans":["yuyao-2024"],"townships":["t01"]}\' (docs/access.md)',
  ],
  check: ({ positionals: [id, role, scopeJson] }) => {
    if (!IDENTITY_ID.test(id)) throw new UsageError(`id "${id}": letters, digits, . _ - (≤ 64)`);
    if (!isRole(role)) throw new UsageError(`role "${role}": one of ${ROLES.join(', ')}`);
    scopeOf(role, scopeJson);
  },
  async run({ positionals: [id, role, scopeJson] }, out) {
    const scope = scopeOf(role, scopeJson);
    const key = generateKey();
    const keyHash = hashKey(key);
    const entry = {
      id,
      role,
      ...(Object.keys(scope).length ? { scope } : {}),
      keyHashes: [keyHash],
    };
    const envScope = ['id=' + id, scopeText(scope)].filter(Boolean).join(';');
    const envEntry = `sha256=${keyHash.slice(KEY_HASH_PREFIX.length)}:${role}:${envScope}`;
    out.line(
      `密钥（请立即交给 ${id}，系统不保存）：${key}`,
      `key (hand it to ${id} now; it is not stored anywhere): ${key}`,
    );
    out.line(
      `访问文件条目（加入 "identities"）：\n${JSON.stringify(entry, null, 2)}`,
      `access file entry (add to "identities"):\n${JSON.stringify(entry, null, 2)}`,
    );
    out.line(`或 LEDGER_API_KEYS 条目：${envEntry}`, `or LEDGER_API_KEYS entry: ${envEntry}`);
    out.document({ key, accessFileEntry: entry, apiKeysEntry: envEntry });
    return 0;
  },
};
