import { Identity } from '../identity';
import { CredentialConfigError } from './env-keys';
import { hashKey } from './key-hash';
import { KeyEntry } from './key-entry';

function sameIdentity(a: Identity, b: Identity): boolean {
  return a.role === b.role && JSON.stringify(a.scope) === JSON.stringify(b.scope);
}

/** Entries checked as a whole: one identity per digest, one role and scope per identity id. */
function indexEntries(entries: readonly KeyEntry[]): Map<string, KeyEntry> {
  const byHash = new Map<string, KeyEntry>();
  const byId = new Map<string, KeyEntry>();
  for (const entry of entries) {
    const clash = byHash.get(entry.keyHash);
    if (clash)
      throw new CredentialConfigError(
        `${entry.source}: the same key is already given to ${clash.identity.id} (${clash.source})`,
      );
    const named = byId.get(entry.identity.id);
    if (named && !sameIdentity(named.identity, entry.identity))
      throw new CredentialConfigError(
        `${entry.source}: identity ${entry.identity.id} is already defined with another role or scope (${named.source})`,
      );
    byHash.set(entry.keyHash, entry);
    byId.set(entry.identity.id, entry);
  }
  return byHash;
}

/**
 * The API keys in force, by digest. The environment's keys are fixed for the life of the process;
 * the access file's are swapped whole when the file changes (a bad file is refused and the keys
 * in force stay). A clear key is hashed on arrival and not kept.
 */
export class KeyRegistry {
  private byHash: Map<string, KeyEntry>;
  private fileEntries: readonly KeyEntry[] = [];

  constructor(private readonly envEntries: readonly KeyEntry[]) {
    this.byHash = indexEntries(envEntries);
  }

  get size(): number {
    return this.byHash.size;
  }

  /** Replaces the access file's keys; throws (and changes nothing) when they conflict. */
  replaceFileEntries(entries: readonly KeyEntry[]): void {
    this.byHash = indexEntries([...this.envEntries, ...entries]);
    this.fileEntries = entries;
  }

  get fileKeyCount(): number {
    return this.fileEntries.length;
  }

  /** The identity of a presented key, or undefined. */
  identityOfKey(clearKey: string): { identity: Identity; keyHash: string } | undefined {
    const keyHash = hashKey(clearKey);
    const entry = this.byHash.get(keyHash);
    return entry && { identity: entry.identity, keyHash };
  }

  /** The identity a session was opened with, if that key is still in force (else revoked). */
  identityOfKeyHash(keyHash: string): Identity | undefined {
    return this.byHash.get(keyHash)?.identity;
  }
}
