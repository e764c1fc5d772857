import { LogPosition } from '@ledger/event-store';

export interface ViewCheckpoint {
  position: LogPosition;
  version: number;
}

/** The documents one batch changed in one view, and the checkpoint they bring the view to. */
export interface ViewCommit {
  view: string;
  version: number;
  docs: ReadonlyArray<readonly [string, unknown]>;
  checkpoint: LogPosition;
}

/**
 * Where views live. `commit` stores documents and checkpoints of several views atomically, so a
 * crash can neither skip nor double-count an event.
 */
export interface ViewStore {
  checkpoint(view: string): ViewCheckpoint | undefined;
  /** Documents of a view, optionally only those whose key starts with a prefix (e.g. a plan). */
  all(view: string, keyPrefix?: string): Array<[string, unknown]>;
  get(view: string, key: string): unknown;
  /** Atomic when it returns (or when the returned promise resolves, for remote stores). Durable
   * then too, except SqliteViewStore's, which becomes durable with the next fsync of its file: a
   * commit lost to a power cut is projected again from the previous checkpoint. */
  commit(commits: readonly ViewCommit[]): void | Promise<void>;
  reset(view: string): void;
}
