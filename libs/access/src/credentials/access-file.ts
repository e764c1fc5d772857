import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { ROLES } from '../roles';
import { checkScope } from '../scope';
import { CredentialConfigError, IDENTITY_ID } from './env-keys';
import { KeyEntry } from './key-entry';

/**
 * The access file (LEDGER_ACCESS_FILE): identities with their role, scope and the SHA-256
 * digests of their keys (never the keys). Its shape is checked by a JSON Schema (ajv, already
 * the project's validator for documents) so a mistake names the path of the bad value; the
 * scopes are then checked against the roles (scope.ts). Several digests on one identity let a key
 * be rotated with an overlap: add the new digest, hand out the new key, remove the old digest.
 */
export const ACCESS_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['identities'],
  properties: {
    $schema: { type: 'string' },
    description: { type: 'string' },
    identities: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'role', 'keyHashes'],
        properties: {
          id: { type: 'string', pattern: IDENTITY_ID.source },
          role: { enum: [...ROLES] },
          description: { type: 'string', maxLength: 500 },
          scope: { type: 'object' },
          keyHashes: {
            type: 'array',
            minItems: 1,
            items: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
          },
        },
      },
    },
  },
} as const;

interface AccessFileIdentity {
  id: string;
  role: (typeof ROLES)[number];
  scope?: unknown;
  keyHashes: string[];
}

const validate = new Ajv({ allErrors: true }).compile<{ identities: AccessFileIdentity[] }>(
  ACCESS_FILE_SCHEMA,
);

/** Key entries of an access file's text; throws CredentialConfigError naming what is wrong. */
export function parseAccessFile(text: string, path: string): KeyEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new CredentialConfigError(
      `${path}: not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!validate(doc)) {
    const problems = (validate.errors ?? [])
      .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
      .join('; ');
    throw new CredentialConfigError(`${path}: ${problems}`);
  }
  const entries: KeyEntry[] = [];
  const ids = new Set<string>();
  for (const [i, item] of doc.identities.entries()) {
    const where = `${path}: identities[${i}] (${item.id})`;
    if (ids.has(item.id)) throw new CredentialConfigError(`${where}: id is used twice`);
    ids.add(item.id);
    let scope;
    try {
      scope = checkScope(item.role, item.scope, where);
    } catch (error) {
      throw new CredentialConfigError(error instanceof Error ? error.message : String(error));
    }
    for (const keyHash of item.keyHashes) {
      entries.push({
        keyHash,
        identity: { id: item.id, role: item.role, scope, via: 'api-key' },
        source: where,
      });
    }
  }
  return entries;
}

export function readAccessFile(path: string): KeyEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CredentialConfigError(
      `${path}: cannot be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return parseAccessFile(text, path);
}
