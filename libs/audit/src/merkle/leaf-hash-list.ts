import { HASH_SIZE } from './hashes';

const CHUNK_LEAVES = 65_536;

/** Read access to a tree's leaf hashes, by 0-based index. */
export interface LeafHashes {
  readonly size: number;
  leafHash(index: number): Buffer;
}

/**
 * Leaf hashes in memory, 32 bytes each, in chunks of 2 MiB so that a long log never needs one
 * huge contiguous allocation.
 */
export class LeafHashList implements LeafHashes {
  private readonly chunks: Buffer[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(hash: Buffer): void {
    const offset = this.count % CHUNK_LEAVES;
    if (offset === 0) this.chunks.push(Buffer.allocUnsafe(CHUNK_LEAVES * HASH_SIZE));
    hash.copy(this.chunks[this.chunks.length - 1], offset * HASH_SIZE, 0, HASH_SIZE);
    this.count++;
  }

  leafHash(index: number): Buffer {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new RangeError(`leaf ${index} is outside the tree (size ${this.count})`);
    }
    const chunk = this.chunks[Math.floor(index / CHUNK_LEAVES)];
    const start = (index % CHUNK_LEAVES) * HASH_SIZE;
    return chunk.subarray(start, start + HASH_SIZE);
  }
}
