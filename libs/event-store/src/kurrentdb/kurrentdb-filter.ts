/**
 * Which streams a read or subscription of $all asks the server for. System records are never
 * the ledger's: a prefix filter on the ledger's prefixes (none starts with $) leaves them out on
 * the server; with no prefixes at all, the server's own system-event filter does.
 */
export type ReadScope = readonly string[] | 'all-user-streams';

export type ScopeFilter =
  | { readonly kind: 'prefixes'; readonly prefixes: string[] }
  | { readonly kind: 'exclude-system-events' }
  | { readonly kind: 'nothing' };

/** The caller's prefixes when it names some, else the store's scope. */
export function scopeFilter(
  requested: readonly string[] | undefined,
  scope: ReadScope,
): ScopeFilter {
  const prefixes = requested ?? (scope === 'all-user-streams' ? undefined : scope);
  if (prefixes === undefined) return { kind: 'exclude-system-events' };
  // Like the SQLite store: an empty list matches no stream (the server would take it as "all").
  if (prefixes.length === 0) return { kind: 'nothing' };
  return { kind: 'prefixes', prefixes: [...prefixes] };
}
