/** The last verified event of a stream: its revision and per-stream hash. */
export interface StreamHead {
  readonly revision: bigint;
  readonly hash: string;
}

/**
 * Where a walk of the log keeps each stream's last event, to check the next one's link. `complete`
 * says that an unknown stream has no earlier event in the part of the log walked so far (true for a
 * walk from the start that forgot nothing).
 */
export interface StreamHeads {
  get(streamId: string): StreamHead | undefined;
  set(streamId: string, head: StreamHead): void;
  readonly complete: boolean;
  readonly size: number;
}

/** Every stream's head (a verifier's one walk: memory grows with the number of streams). */
export class AllStreamHeads implements StreamHeads {
  private readonly heads = new Map<string, StreamHead>();
  readonly complete = true;
  get(streamId: string) {
    return this.heads.get(streamId);
  }
  set(streamId: string, head: StreamHead) {
    this.heads.set(streamId, head);
  }
  get size() {
    return this.heads.size;
  }
}

/**
 * The most recently seen streams' heads, at most `capacity` (the running ledger's bounded memory).
 * Once one is forgotten an unknown stream may have earlier events: its link is checked by reading
 * the previous event from the store.
 */
export class RecentStreamHeads implements StreamHeads {
  private readonly heads = new Map<string, StreamHead>();
  private forgot = false;

  constructor(private readonly capacity: number) {}

  get complete(): boolean {
    return !this.forgot;
  }

  get size(): number {
    return this.heads.size;
  }

  get(streamId: string): StreamHead | undefined {
    return this.heads.get(streamId);
  }

  set(streamId: string, head: StreamHead): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.capacity) {
      this.heads.delete(this.heads.keys().next().value as string);
      this.forgot = true;
    }
  }
}
