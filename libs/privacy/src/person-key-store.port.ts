/**
 * Per-person data keys. Destroying a person's key erases their name, ID number and phone from
 * every event that carries them (crypto-shredding) while the immutable log stays intact.
 */
export interface PersonKeyStore {
  /** The person's key, created (and durable) on first use. Refused once the key was destroyed. */
  keyFor(personRef: string): Promise<Buffer>;
  /** Resolves once every key created so far is stored; rejects if storing one failed. */
  settled(): Promise<void>;
  /**
   * True, once, right after keyFor created the person's key (none existed): no stream of theirs
   * can exist yet. Optional: a store that cannot tell answers nothing and streams are read.
   */
  takeCreated?(personRef: string): boolean;
  /** The key, or 'destroyed', or undefined when none was ever created. */
  find(personRef: string): Promise<Buffer | 'destroyed' | undefined>;
  /** Destroys the key for good; returns false when there was none. */
  destroy(personRef: string, at: Date): Promise<boolean>;
  close(): Promise<void>;
}

export class PersonErasedError extends Error {
  override readonly name = 'PersonErasedError';
  constructor(readonly personRef: string) {
    super(
      `the personal data of ${personRef} was erased; it cannot be written again under the same key`,
    );
  }
}
