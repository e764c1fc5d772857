import { ViewCheckpoint, ViewCommit, ViewStore } from './view-store.port';

/**
 * Views held in memory: "as of" replays and tests. Documents are kept by reference: committed
 * documents are never mutated afterwards (reducers edit copies, see DocumentDrafts).
 */
export class InMemoryViewStore implements ViewStore {
  private readonly docs = new Map<string, Map<string, unknown>>();
  private readonly checkpoints = new Map<string, ViewCheckpoint>();

  checkpoint(view: string): ViewCheckpoint | undefined {
    return this.checkpoints.get(view);
  }
  all(view: string, keyPrefix = ''): Array<[string, unknown]> {
    return [...(this.docs.get(view) ?? new Map()).entries()].filter(([k]) =>
      k.startsWith(keyPrefix),
    );
  }
  get(view: string, key: string): unknown {
    return this.docs.get(view)?.get(key);
  }
  commit(commits: readonly ViewCommit[]): void {
    for (const c of commits) {
      const docs = this.docs.get(c.view) ?? new Map<string, unknown>();
      for (const [k, d] of c.docs) docs.set(k, d);
      this.docs.set(c.view, docs);
      this.checkpoints.set(c.view, { position: c.checkpoint, version: c.version });
    }
  }
  reset(view: string): void {
    this.docs.delete(view);
    this.checkpoints.delete(view);
  }
}
