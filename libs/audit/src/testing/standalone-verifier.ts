import { join } from 'node:path';

/** tools/audit-verifier/verify-bundle.js, the auditor's standalone verifier, for comparisons. */
export interface StandaloneVerifier {
  verifyBundle(bytes: Buffer, publicKey: string): unknown;
  canonical(value: unknown): string;
  entryHash(event: object): string;
  chainHash(event: object): string;
  leafOf(position: string, scope: string | null, entryHex: string): Buffer;
  treeHash(leaves: Buffer[], start: number, end: number): Buffer;
  recomputeFigures(
    planId: string,
    events: object[],
    toPosition: { commit: bigint; prepare: bigint },
  ): { figures: unknown };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const standaloneVerifier = require(
  join(__dirname, '..', '..', '..', '..', 'tools', 'audit-verifier', 'verify-bundle.js'),
) as StandaloneVerifier;
