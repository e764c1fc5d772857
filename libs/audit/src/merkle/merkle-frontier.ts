import { EMPTY_ROOT, hashChildren } from './hashes';

/**
 * The right edge of a growing Merkle tree (a "compact range" from 0): one perfect subtree root
 * per set bit of the tree size. Appending a leaf costs O(1) amortized hashes and O(log n) memory;
 * the root of the tree as it stands is a fold of at most log2(n) roots.
 */
export class MerkleFrontier {
  /** nodes[k]: root of the perfect subtree of 2^k leaves, present iff bit k of size is set. */
  private readonly nodes: (Buffer | undefined)[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  append(leafHash: Buffer): void {
    let carry = leafHash;
    let level = 0;
    while (this.nodes[level]) {
      carry = hashChildren(this.nodes[level]!, carry);
      this.nodes[level] = undefined;
      level++;
    }
    this.nodes[level] = carry;
    this.count++;
  }

  /** RFC 9162 MTH of the leaves appended so far. */
  root(): Buffer {
    let acc: Buffer | undefined;
    for (const node of this.nodes) {
      if (!node) continue;
      acc = acc ? hashChildren(node, acc) : node;
    }
    return acc ?? EMPTY_ROOT;
  }

  clone(): MerkleFrontier {
    const copy = new MerkleFrontier();
    copy.nodes.push(...this.nodes);
    copy.count = this.count;
    return copy;
  }
}
