import { EMPTY_ROOT, hashChildren, isPowerOfTwo, splitPoint } from './hashes';
import { LeafHashes } from './leaf-hash-list';

/** Perfect subtrees of at least 2^CACHED_LEVEL leaves are remembered once complete. */
const CACHED_LEVEL = 10;

/**
 * RFC 9162 §2.1 over a list of leaf hashes: the tree head at any size, inclusion proofs (§2.1.3.1)
 * and consistency proofs (§2.1.4.1). Aligned perfect subtrees of 1,024 leaves and more are cached
 * (a complete one never changes), so a head or a proof costs O(n / 1,024 + 1,024) hashes at most,
 * and O(log n) once the cache is warm.
 */
export class MerkleTree {
  private readonly cache = new Map<number, Buffer[]>();

  constructor(private readonly leaves: LeafHashes) {}

  get size(): number {
    return this.leaves.size;
  }

  /** MTH(D[0:size]). */
  rootAt(size: number): Buffer {
    this.checkSize(size);
    return size === 0 ? EMPTY_ROOT : this.subtreeRoot(0, size);
  }

  /** PATH(index, D[0:size]): the audit path, deepest sibling first. */
  inclusionProof(index: number, size: number): Buffer[] {
    this.checkSize(size);
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
    }
    const proof: Buffer[] = [];
    this.path(index, 0, size, proof);
    return proof;
  }

  /** PROOF(first, D[0:second]) for 0 < first < second; [] when first is 0 or equals second. */
  consistencyProof(first: number, second: number): Buffer[] {
    this.checkSize(second);
    if (!Number.isInteger(first) || first < 0 || first > second) {
      throw new RangeError(`tree size ${first} cannot precede ${second}`);
    }
    const proof: Buffer[] = [];
    if (first > 0 && first < second) this.subproof(first, 0, second, true, proof);
    return proof;
  }

  /** MTH(D[start:end]), end > start. */
  subtreeRoot(start: number, end: number): Buffer {
    const n = end - start;
    if (n === 1) return this.leaves.leafHash(start);
    if (isPowerOfTwo(n) && start % n === 0) return this.perfect(start, Math.log2(n));
    const k = splitPoint(n);
    return hashChildren(this.subtreeRoot(start, start + k), this.subtreeRoot(start + k, end));
  }

  private perfect(start: number, level: number): Buffer {
    if (level === 0) return this.leaves.leafHash(start);
    const cached = level >= CACHED_LEVEL ? this.cache.get(level)?.[start / 2 ** level] : undefined;
    if (cached) return cached;
    const half = 2 ** (level - 1);
    const hash = hashChildren(
      this.perfect(start, level - 1),
      this.perfect(start + half, level - 1),
    );
    if (level >= CACHED_LEVEL) {
      let row = this.cache.get(level);
      if (!row) this.cache.set(level, (row = []));
      row[start / 2 ** level] = hash;
    }
    return hash;
  }

  private path(index: number, start: number, end: number, out: Buffer[]): void {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (index < k) {
      this.path(index, start, start + k, out);
      out.push(this.subtreeRoot(start + k, end));
    } else {
      this.path(index - k, start + k, end, out);
      out.push(this.subtreeRoot(start, start + k));
    }
  }

  private subproof(m: number, start: number, end: number, whole: boolean, out: Buffer[]): void {
    const n = end - start;
    if (m === n) {
      if (!whole) out.push(this.subtreeRoot(start, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      this.subproof(m, start, start + k, whole, out);
      out.push(this.subtreeRoot(start + k, end));
    } else {
      this.subproof(m - k, start + k, end, false, out);
      out.push(this.subtreeRoot(start, start + k));
    }
  }

  private checkSize(size: number): void {
    if (!Number.isInteger(size) || size < 0 || size > this.leaves.size) {
      throw new RangeError(`tree size ${size} is outside 0..${this.leaves.size}`);
    }
  }
}
