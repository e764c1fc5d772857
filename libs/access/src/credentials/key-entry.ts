import { Identity } from '../identity';

/** One accepted API key: its digest and the identity it stands for. */
export interface KeyEntry {
  readonly keyHash: string;
  readonly identity: Identity;
  /** Where it was configured, for messages. */
  readonly source: string;
}
