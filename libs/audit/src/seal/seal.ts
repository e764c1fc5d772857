import { createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson, formatPosition, LogPosition, parsePosition } from '@ledger/event-store';
import { keyIdOf } from './seal-key';

/**
 * A seal: the signed head of the global Merkle tree (a "signed tree head", RFC 9162 §4.10). It
 * commits to the first `treeSize` events of the log, the last of them at `lastPosition`.
 */
export interface SealBody {
  readonly version: 1;
  readonly treeSize: number;
  /** RFC 9162 MTH of the first treeSize leaves, hex. */
  readonly rootHash: string;
  /** Position of the last covered event, "commit" or "commit/prepare". */
  readonly lastPosition: string;
  /** When it was signed (ISO-8601 UTC). */
  readonly sealedAt: string;
  /** SHA-256 of the signer's public key (SPKI DER), hex. */
  readonly keyId: string;
}

export interface SignedSeal {
  readonly body: SealBody;
  /** Ed25519 over SEAL_SIGNING_PREFIX + canonical JSON of body, base64. */
  readonly signature: string;
}

/** Domain separation: these bytes can never be mistaken for anything else the key might sign. */
export const SEAL_SIGNING_PREFIX = 'huiminbao-ledger/seal/v1\n';

export function sealSigningInput(body: SealBody): Buffer {
  return Buffer.from(SEAL_SIGNING_PREFIX + canonicalJson(body), 'utf8');
}

export function signSeal(
  head: { treeSize: number; rootHash: Buffer; lastPosition: LogPosition },
  key: KeyObject,
  sealedAt: Date,
): SignedSeal {
  const body: SealBody = {
    version: 1,
    treeSize: head.treeSize,
    rootHash: head.rootHash.toString('hex'),
    lastPosition: formatPosition(head.lastPosition),
    sealedAt: sealedAt.toISOString(),
    keyId: keyIdOf(key),
  };
  return { body, signature: sign(null, sealSigningInput(body), key).toString('base64') };
}

/** Why a seal cannot be trusted, or undefined when it is well formed and signed by a known key. */
export function sealProblem(
  seal: unknown,
  trustedKeys: ReadonlyMap<string, KeyObject>,
): string | undefined {
  const shape = sealShapeProblem(seal);
  if (shape) return shape;
  const { body, signature } = seal as SignedSeal;
  const key = trustedKeys.get(body.keyId);
  if (!key) return `signed by key ${body.keyId.slice(0, 16)}…, which is not a trusted sealing key`;
  const ok = verify(null, sealSigningInput(body), key, Buffer.from(signature, 'base64'));
  return ok ? undefined : 'its Ed25519 signature does not match its content';
}

const HEX64 = /^[0-9a-f]{64}$/;

function sealShapeProblem(seal: unknown): string | undefined {
  if (seal === null || typeof seal !== 'object') return 'not a seal object';
  const { body, signature } = seal as Partial<SignedSeal>;
  if (typeof signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature))
    return 'signature missing or not base64';
  if (body === null || typeof body !== 'object') return 'body missing';
  const keys = Object.keys(body).sort().join(',');
  if (keys !== 'keyId,lastPosition,rootHash,sealedAt,treeSize,version')
    return `body has fields ${keys}, expected keyId, lastPosition, rootHash, sealedAt, treeSize, version`;
  if (body.version !== 1) return `version ${String(body.version)} is not 1`;
  if (!Number.isSafeInteger(body.treeSize) || body.treeSize < 1)
    return 'treeSize is not a positive integer';
  if (typeof body.rootHash !== 'string' || !HEX64.test(body.rootHash))
    return 'rootHash is not 64 hex digits';
  if (typeof body.keyId !== 'string' || !HEX64.test(body.keyId))
    return 'keyId is not 64 hex digits';
  if (typeof body.lastPosition !== 'string' || !parsePosition(body.lastPosition))
    return 'lastPosition is not a log position';
  if (typeof body.sealedAt !== 'string' || Number.isNaN(Date.parse(body.sealedAt)))
    return 'sealedAt is not an instant';
  return undefined;
}

/** Trusted keys by id. */
export function keyring(keys: readonly KeyObject[]): Map<string, KeyObject> {
  return new Map(
    keys.map((k) => [keyIdOf(k), k.type === 'private' ? createPublicKey(k) : k] as const),
  );
}
