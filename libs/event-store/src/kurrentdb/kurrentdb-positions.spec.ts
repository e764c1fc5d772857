import { START } from '@kurrent/kurrentdb-client';
import { START_POSITION } from '../event-store.port';
import { isAfter, toLogPosition, toReadPosition } from './kurrentdb-positions';

describe('KurrentDB log positions', () => {
  it('keeps commit and prepare apart, as bigints beyond 2^53', () => {
    const big = 2n ** 60n;
    expect(toLogPosition({ commit: big, prepare: big + 128n })).toEqual({
      commit: big,
      prepare: big + 128n,
    });
  });

  it('reads from the start for no position and for START_POSITION', () => {
    expect(toReadPosition(undefined)).toBe(START);
    expect(toReadPosition(START_POSITION)).toBe(START);
    expect(toReadPosition({ commit: 1024n, prepare: 1100n })).toEqual({
      commit: 1024n,
      prepare: 1100n,
    });
  });

  it('"after" is exclusive and ordered by commit, then prepare', () => {
    const at = { commit: 1000n, prepare: 1200n };
    expect(isAfter(at, at)).toBe(false);
    expect(isAfter({ commit: 1000n, prepare: 1300n }, at)).toBe(true);
    expect(isAfter({ commit: 999n, prepare: 5000n }, at)).toBe(false);
    expect(isAfter(at, undefined)).toBe(true);
  });
});
