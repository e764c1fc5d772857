import { LEDGER_STREAM_PREFIXES } from '../stream-names';
import { scopeFilter } from './kurrentdb-filter';

describe('KurrentDB $all filters', () => {
  it("a caller's prefixes win over the store's scope", () => {
    expect(scopeFilter(['plan-'], LEDGER_STREAM_PREFIXES)).toEqual({
      kind: 'prefixes',
      prefixes: ['plan-'],
    });
  });

  it("without prefixes the store's scope applies: the ledger's streams by default", () => {
    expect(scopeFilter(undefined, LEDGER_STREAM_PREFIXES)).toEqual({
      kind: 'prefixes',
      prefixes: [...LEDGER_STREAM_PREFIXES],
    });
  });

  it('the all-user-streams scope asks the server to leave out system events', () => {
    expect(scopeFilter(undefined, 'all-user-streams')).toEqual({ kind: 'exclude-system-events' });
  });

  it('no ledger prefix could match a system stream', () => {
    expect(LEDGER_STREAM_PREFIXES.some((p) => p.startsWith('$'))).toBe(false);
  });

  it('an empty prefix list matches nothing, as in the SQLite store', () => {
    expect(scopeFilter([], 'all-user-streams')).toEqual({ kind: 'nothing' });
  });
});
