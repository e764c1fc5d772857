/**
 * Docs whose examples are requests and their answers (a ```http block, then ```json <status>),
 * run in order on a fresh ledger by test/doc-examples.e2e-spec.ts.
 */
export const REQUEST_EXAMPLE_DOCS = [
  'docs/township-tables.md',
  'docs/rosters.md',
  'docs/group-purchase.md',
];

/** Docs whose every example is run by a suite of its own (test/access-docs.e2e-spec.ts). */
export const DOCS_RUN_ELSEWHERE: Record<string, string> = {
  'docs/access.md': 'test/access-docs.e2e-spec.ts',
};

/** Examples of one kind in one doc that a suite runs as written. */
export const BLOCKS_RUN_ELSEWHERE: Record<string, Record<string, string>> = {
  // The derivation body: "derives 2025 from 2024 with the OpenAPI example" sends it as written.
  'docs/products.md': { json: 'test/products.e2e-spec.ts' },
  // The access line: compared, member for member, with a real one of the same request.
  'docs/observability.md': { json: 'test/observability.e2e-spec.ts' },
};
