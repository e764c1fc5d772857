import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { EMPTY_ROOT, hashChildren, hashLeaf } from './hashes';
import { LeafHashList } from './leaf-hash-list';
import { MerkleFrontier } from './merkle-frontier';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './merkle-proofs';
import { MerkleTree } from './merkle-tree';

// RFC 6962 reference vectors as published by transparency-dev/merkle (Apache-2.0):
// testonly/constants.go (leaf inputs, roots) and proof/verify_test.go (proofs). Data only.
const hex = (h: string) => Buffer.from(h, 'hex');
const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(hex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(hex);
const LEAF_HASHES = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
  '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
  '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
  'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
  'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
  '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
].map(hex);
/** [leaf index (0-based), tree size, proof] */
const INCLUSION: [number, number, string[]][] = [
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [0, 1, []],
];
/** [first size, second size, proof] */
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

function treeOf(leafHashes: Buffer[]): MerkleTree {
  const list = new LeafHashList();
  for (const h of leafHashes) list.push(h);
  return new MerkleTree(list);
}

/** RFC 6962 §2.1 MTH, written out as the RFC states it: the independent reference. */
function naiveRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hashChildren(naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

/** Variations of a valid proof that must all fail (wrong sizes, roots, garbage, flipped bits). */
function corruptedInclusion(
  index: number,
  size: number,
  leaf: Buffer,
  proof: Buffer[],
  root: Buffer,
) {
  const some = hex('abacaba000000000000000000000000000000000000000000060061e00123456');
  const probes: [number, number, Buffer, Buffer[], Buffer][] = [
    [index - 1, size, leaf, proof, root],
    [index + 1, size, leaf, proof, root],
    [index ^ 2, size, leaf, proof, root],
    [index, size * 2, leaf, proof, root],
    [index, Math.floor(size / 2), leaf, proof, root],
    [index, size, Buffer.from('WrongLeaf'), proof, root],
    [index, size, leaf, proof, EMPTY_ROOT],
    [index, size, leaf, proof, some],
    [index, size, leaf, [...proof, Buffer.alloc(0)], root],
    [index, size, leaf, [...proof, root], root],
    [index, size, leaf, [root, ...proof], root],
  ];
  proof.forEach((_, i) => {
    const wrong = proof.map((p) => Buffer.from(p));
    wrong[i][0] ^= 8;
    probes.push([index, size, leaf, wrong, root]);
  });
  if (proof.length > 0) probes.push([index, size, leaf, proof.slice(0, -1), root]);
  if (proof.length > 1) probes.push([index, size, leaf, [proof[0], some, ...proof.slice(1)], root]);
  return probes;
}

describe('Merkle tree (RFC 6962 / RFC 9162 §2.1)', () => {
  const leafHashes = LEAF_INPUTS.map((d) => hashLeaf(d));

  it('hashes the reference leaves as RFC 6962 does', () => {
    expect(leafHashes).toEqual(LEAF_HASHES);
  });

  it('computes the reference roots of every tree size 0..8, incrementally and from the list', () => {
    const frontier = new MerkleFrontier();
    const tree = treeOf(leafHashes);
    expect(frontier.root()).toEqual(ROOTS[0]);
    for (let n = 1; n <= 8; n++) {
      frontier.append(leafHashes[n - 1]);
      expect(frontier.root().toString('hex')).toBe(ROOTS[n].toString('hex'));
      expect(tree.rootAt(n)).toEqual(ROOTS[n]);
    }
  });

  it.each(INCLUSION)(
    'builds and verifies the reference inclusion proof of leaf %i in a tree of %i',
    (index, size, expected) => {
      const tree = treeOf(leafHashes);
      const proof = tree.inclusionProof(index, size);
      expect(proof.map((p) => p.toString('hex'))).toEqual(expected);
      expect(verifyInclusion(index, size, leafHashes[index], proof, ROOTS[size])).toBe(true);
      for (const [i, n, leaf, p, root] of corruptedInclusion(
        index,
        size,
        leafHashes[index],
        proof,
        ROOTS[size],
      )) {
        expect(verifyInclusion(i, n, leaf, p, root)).toBe(false);
      }
    },
  );

  it.each(CONSISTENCY)(
    'builds and verifies the reference consistency proof from %i to %i',
    (first, second, expected) => {
      const tree = treeOf(leafHashes);
      const proof = tree.consistencyProof(first, second);
      expect(proof.map((p) => p.toString('hex'))).toEqual(expected);
      const [r1, r2] = [ROOTS[first], ROOTS[second]];
      expect(verifyConsistency(first, second, r1, r2, proof)).toBe(true);
      if (proof.length === 0) return;
      const some = hex('abacaba000000000000000000000000000000000000000000060061e00123456');
      const probes: [number, number, Buffer, Buffer, Buffer[]][] = [
        [first - 1, second, r1, r2, proof],
        [first + 1, second, r1, r2, proof],
        [first ^ 2, second, r1, r2, proof],
        [first, second * 2, r1, r2, proof],
        [first, Math.floor(second / 2), r1, r2, proof],
        [first, second, Buffer.from('WrongRoot'), r2, proof],
        [first, second, r1, some, proof],
        [first, second, r2, r1, proof],
        [first, second, r1, r2, []],
        [first, second, r1, r2, [...proof, Buffer.alloc(0)]],
        [first, second, r1, r2, [...proof, r1]],
        [first, second, r1, r2, [...proof, r2]],
        [first, second, r1, r2, [r1, ...proof]],
        [first, second, r1, r2, [r2, ...proof]],
        [first, second, r1, r2, [proof[0], ...proof]],
        [first, second, r1, r2, proof.slice(0, -1)],
      ];
      proof.forEach((_, i) => {
        const wrong = proof.map((p) => Buffer.from(p));
        wrong[i][0] ^= 16;
        probes.push([first, second, r1, r2, wrong]);
      });
      for (const [m, n, a, b, p] of probes) expect(verifyConsistency(m, n, a, b, p)).toBe(false);
    },
  );

  it('treats the empty tree and equal sizes as RFC 9162 does', () => {
    const some = hex('abacaba000000000000000000000000000000000000000000060061e00123456');
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).toBe(true);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, ROOTS[5], [])).toBe(true);
    expect(verifyConsistency(3, 3, ROOTS[3], ROOTS[3], [])).toBe(true);
    expect(verifyConsistency(3, 3, ROOTS[3], ROOTS[4], [])).toBe(false);
    expect(verifyConsistency(0, 1, EMPTY_ROOT, ROOTS[1], [some])).toBe(false);
    expect(verifyConsistency(2, 1, ROOTS[2], ROOTS[1], [])).toBe(false);
    expect(rootFromInclusionProof(0, 0, leafHashes[0], [])).toBeUndefined();
  });

  it('agrees with the naive RFC definition on random trees: heads, and proofs that verify', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_100 }), fc.nat(), fc.nat(), (size, a, b) => {
        const leaves = Array.from({ length: size }, (_, i) => hashLeaf(`leaf ${i}`));
        const tree = treeOf(leaves);
        const frontier = new MerkleFrontier();
        leaves.forEach((l) => frontier.append(l));
        const root = naiveRoot(leaves);
        expect(frontier.root()).toEqual(root);
        expect(tree.rootAt(size)).toEqual(root);
        const index = a % size;
        expect(
          verifyInclusion(index, size, leaves[index], tree.inclusionProof(index, size), root),
        ).toBe(true);
        const first = (b % size) + 1;
        const firstRoot = naiveRoot(leaves.slice(0, first));
        expect(tree.rootAt(first)).toEqual(firstRoot);
        expect(
          verifyConsistency(first, size, firstRoot, root, tree.consistencyProof(first, size)),
        ).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('a consistency proof fails against a tree whose prefix was altered', () => {
    const leaves = Array.from({ length: 1_500 }, (_, i) => hashLeaf(`leaf ${i}`));
    const tree = treeOf(leaves);
    const altered = [...leaves];
    altered[700] = hashLeaf('altered');
    const alteredTree = treeOf(altered);
    const proof = alteredTree.consistencyProof(1_024, 1_500);
    expect(
      verifyConsistency(1_024, 1_500, tree.rootAt(1_024), alteredTree.rootAt(1_500), proof),
    ).toBe(false);
    expect(
      verifyConsistency(
        1_024,
        1_500,
        tree.rootAt(1_024),
        tree.rootAt(1_500),
        tree.consistencyProof(1_024, 1_500),
      ),
    ).toBe(true);
  });
});
