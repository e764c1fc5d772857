import { comparePositions, LogPosition } from '@ledger/event-store';

const CHUNK = 65_536;

/**
 * The log position of every leaf, in leaf order (16 bytes each, chunked): names a leaf's position
 * in findings, and finds the leaf of a position (binary search; positions only grow).
 */
export class PositionList {
  private readonly commits: BigInt64Array[] = [];
  private readonly prepares: BigInt64Array[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(position: LogPosition): void {
    const offset = this.count % CHUNK;
    if (offset === 0) {
      this.commits.push(new BigInt64Array(CHUNK));
      this.prepares.push(new BigInt64Array(CHUNK));
    }
    this.commits[this.commits.length - 1][offset] = position.commit;
    this.prepares[this.prepares.length - 1][offset] = position.prepare;
    this.count++;
  }

  at(index: number): LogPosition {
    if (index < 0 || index >= this.count) throw new RangeError(`no leaf ${index}`);
    const chunk = Math.floor(index / CHUNK);
    const offset = index % CHUNK;
    return { commit: this.commits[chunk][offset], prepare: this.prepares[chunk][offset] };
  }

  /** The leaf index of a position, or undefined when no leaf has it. */
  indexOf(position: LogPosition): number | undefined {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const c = comparePositions(this.at(mid), position);
      if (c === 0) return mid;
      if (c < 0) low = mid + 1;
      else high = mid - 1;
    }
    return undefined;
  }
}
