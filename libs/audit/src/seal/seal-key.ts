import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The ledger's Ed25519 sealing key (node:crypto, no dependency). Configured as PKCS#8, either PEM
 * or the base64 of its DER (`openssl genpkey -algorithm ed25519`); auditors hold the public key
 * (SPKI PEM) and its id, the SHA-256 of the SPKI DER in hex.
 */
export class SealKeyError extends Error {
  override readonly name = 'SealKeyError';
}

function keyText(text: string): { pem: boolean; der?: Buffer } {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN')) return { pem: true };
  if (!/^[A-Za-z0-9+/=\s]+$/.test(trimmed)) return { pem: false };
  return { pem: false, der: Buffer.from(trimmed, 'base64') };
}

/** The PEM block of a text (a file may have comment lines around it). */
function pemBlock(text: string): string {
  const block = /-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/.exec(text);
  return block ? block[0] : text.trim();
}

function ed25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new SealKeyError(`${what} is a ${key.asymmetricKeyType ?? 'symmetric'} key, not Ed25519`);
  }
  return key;
}

/** A private sealing key from PKCS#8 PEM or base64 DER. */
export function parseSealPrivateKey(text: string): KeyObject {
  const { pem, der } = keyText(text);
  try {
    if (pem) return ed25519(createPrivateKey({ key: pemBlock(text), format: 'pem' }), 'the key');
    if (der)
      return ed25519(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), 'the key');
  } catch (error) {
    if (error instanceof SealKeyError) throw error;
  }
  throw new SealKeyError(
    'must be an Ed25519 private key, PKCS#8 PEM or base64 DER (openssl genpkey -algorithm ed25519)',
  );
}

/** A public key from SPKI PEM or base64 DER; a private key is accepted too (its public half). */
export function parseSealPublicKey(text: string): KeyObject {
  const { pem, der } = keyText(text);
  try {
    if (pem) {
      if (text.includes('PRIVATE KEY')) return createPublicKey(parseSealPrivateKey(text));
      return ed25519(createPublicKey({ key: pemBlock(text), format: 'pem' }), 'the key');
    }
    if (der) {
      try {
        return ed25519(createPublicKey({ key: der, format: 'der', type: 'spki' }), 'the key');
      } catch (error) {
        if (error instanceof SealKeyError) throw error;
      }
      // A private key given where a public one is expected: its public half.
      return ed25519(
        createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })),
        'the key',
      );
    }
  } catch (error) {
    if (error instanceof SealKeyError) throw error;
  }
  throw new SealKeyError('must be an Ed25519 public key, SPKI PEM or base64 DER');
}

export function publicKeyDer(key: KeyObject): Buffer {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ format: 'der', type: 'spki' });
}

export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return String(publicKey.export({ format: 'pem', type: 'spki' }));
}

/** The key id seals carry: SHA-256 of the public key's SPKI DER, hex. */
export function keyIdOf(key: KeyObject): string {
  return createHash('sha256').update(publicKeyDer(key)).digest('hex');
}

/**
 * Development convenience, like the other keys: a sealing key generated once into the data
 * directory (mode 0600), never committed. Production sets LEDGER_SEAL_KEY.
 */
export function loadOrCreateDevSealKey(file: string): KeyObject {
  if (existsSync(file)) return parseSealPrivateKey(readFileSync(file, 'utf8'));
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, String(privateKey.export({ format: 'pem', type: 'pkcs8' })), {
    mode: 0o600,
  });
  return privateKey;
}

/** The development key when it exists, without creating it (read-only tools). */
export function readDevSealKey(file: string): KeyObject | undefined {
  return existsSync(file) ? parseSealPrivateKey(readFileSync(file, 'utf8')) : undefined;
}
