import { connectionStringProblem, redactConnectionString } from './kurrentdb-connection-string';

describe('KurrentDB connection strings', () => {
  it.each([
    'kurrentdb://127.0.0.1:2113?tls=false',
    'kurrentdb://kurrentdb:2113?tls=false&nodePreference=leader',
    'kurrentdb://admin:changeit@localhost:2113?tls=true&tlsVerifyCert=false',
    'kurrentdb+discover://node1.example:2113,node2.example:2113,node3.example:2113',
    'esdb://localhost:2113?tls=false',
    'kurrentdb://[::1]:2113?tls=false',
    'kurrentdb://localhost?keep-alive-interval=10000',
  ])('accepts %s', (value) => {
    expect(connectionStringProblem(value)).toBeUndefined();
  });

  it.each([
    ['localhost:2113', /expected kurrentdb:\/\//],
    ['http://localhost:2113', /unknown scheme "http:\/\/"/],
    ['kurrentdb://', /expected kurrentdb:\/\//],
    ['kurrentdb://host:0?tls=false', /port must be 1 to 65535/],
    ['kurrentdb://host:99999', /port must be 1 to 65535/],
    ['kurrentdb://host name:2113', /not a host name/],
    ['kurrentdb://host:2113?tsl=false', /unknown setting "tsl"/],
    ['kurrentdb://host:2113?tls=maybe', /tls must be true or false/],
    ['kurrentdb://host:2113?tls=', /has no value/],
    ['kurrentdb://admin@host:2113', /user:password@/],
  ])('rejects %s', (value, problem) => {
    expect(connectionStringProblem(value)).toMatch(problem);
  });

  it('hides the password in messages', () => {
    expect(redactConnectionString('kurrentdb://admin:s3cret@db:2113?tls=true')).toBe(
      'kurrentdb://admin:***@db:2113?tls=true',
    );
    expect(redactConnectionString('kurrentdb://db:2113?tls=false')).toBe(
      'kurrentdb://db:2113?tls=false',
    );
  });
});
