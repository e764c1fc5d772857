import {
  ErrorType,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { EventStoreUnavailableError } from '../errors';
import {
  CLIENT_ERROR,
  isStreamNotFound,
  isWrongExpectedVersion,
  unavailable,
} from './kurrentdb-errors';

describe('KurrentDB client errors', () => {
  it("matches the client's own error types", () => {
    expect(CLIENT_ERROR.wrongExpectedVersion).toBe(ErrorType.WRONG_EXPECTED_VERSION);
    expect(CLIENT_ERROR.streamNotFound).toBe(ErrorType.STREAM_NOT_FOUND);
  });

  it('recognises a wrong expected version with its actual state', () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 'policy-p-1',
      expected: 'no_stream',
      current: 3n,
    });
    expect(isWrongExpectedVersion(error)).toBe(true);
    expect(isWrongExpectedVersion(error) && error.actualState).toBe(3n);
    expect(isStreamNotFound(error)).toBe(false);
  });

  it('recognises a missing stream', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'plan-x'))).toBe(true);
  });

  it('everything else is EventStoreUnavailableError, naming what was attempted', () => {
    const error = unavailable('append to plan-x', new UnavailableError());
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect(error.message).toMatch(/^KurrentDB append to plan-x failed: /);
  });
});
