import { createCipheriv, createDecipheriv } from 'node:crypto';
import { PersonKeyStore } from './person-key-store.port';
import { randomPool } from './random-pool';

/** The readable identity of a person: travels only inside an envelope. */
export interface PersonIdentity {
  name?: string;
  idNumber: string;
  phone?: string;
}

/** AES-256-GCM under the person's own key; the personRef is bound as associated data. */
export interface SealedEnvelope {
  v: 1;
  alg: 'A256GCM';
  ref: string;
  iv: string;
  ct: string;
  tag: string;
}

export type OpenedIdentity = { erased: false; identity: PersonIdentity } | { erased: true };

export const ERASED = '[erased]';

export class IdentityEnvelopes {
  constructor(private readonly keys: PersonKeyStore) {}

  async seal(personRef: string, identity: PersonIdentity): Promise<SealedEnvelope> {
    const key = await this.keys.keyFor(personRef);
    const iv = randomPool.bytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(personRef, 'utf8'));
    const ct = Buffer.concat([cipher.update(JSON.stringify(identity), 'utf8'), cipher.final()]);
    return {
      v: 1,
      alg: 'A256GCM',
      ref: personRef,
      iv: iv.toString('base64'),
      ct: ct.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  /** Opens an envelope; a destroyed (or never created) key reads as erased. */
  async open(envelope: unknown): Promise<OpenedIdentity> {
    if (!isEnvelope(envelope)) return { erased: true };
    const key = await this.keys.find(envelope.ref);
    if (!key || key === 'destroyed') return { erased: true };
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
    decipher.setAAD(Buffer.from(envelope.ref, 'utf8'));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(envelope.ct, 'base64')),
      decipher.final(),
    ]);
    return { erased: false, identity: JSON.parse(plain.toString('utf8')) as PersonIdentity };
  }
}

function isEnvelope(value: unknown): value is SealedEnvelope {
  const v = value as SealedEnvelope | undefined;
  return (
    !!v &&
    v.v === 1 &&
    typeof v.ref === 'string' &&
    typeof v.iv === 'string' &&
    typeof v.ct === 'string' &&
    typeof v.tag === 'string'
  );
}
