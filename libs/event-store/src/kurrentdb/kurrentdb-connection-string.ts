/**
 * KurrentDB connection strings, checked before any connection is attempted so that a typo fails
 * at start-up with a message saying what is wrong, instead of as a connection timeout later.
 */

/** Schemes the official client accepts (`esdb` ones are deprecated aliases, still parsed). */
const SCHEMES = new Set([
  'kurrentdb',
  'kurrentdb+discover',
  'kurrent',
  'kurrent+discover',
  'kdb',
  'kdb+discover',
  'esdb',
  'esdb+discover',
]);

/** Query settings the client understands, compared as it does: case and '-'/'_' ignored. */
const SETTINGS = new Set(
  [
    'tls',
    'tlsVerifyCert',
    'tlsCAFile',
    'userCertFile',
    'userKeyFile',
    'connectionName',
    'defaultDeadline',
    'maxDiscoverAttempts',
    'discoveryInterval',
    'gossipTimeout',
    'nodePreference',
    'throwOnAppendFailure',
    'keepAliveInterval',
    'keepAliveTimeout',
  ].map(flat),
);

const SHAPE = /^([a-z+]+):\/\/(?:([^@/?]*)@)?([^/?]+)\/?(?:\?(.*))?$/i;
const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])$/i;

export const CONNECTION_STRING_FORM =
  'kurrentdb://[user:password@]host[:port][,host[:port]...][?tls=false&...]';

/** Why the connection string is unusable, or undefined when it is well formed. */
export function connectionStringProblem(value: string): string | undefined {
  const match = SHAPE.exec(value.trim());
  if (!match) return `expected ${CONNECTION_STRING_FORM}`;
  const [, scheme, credentials, hosts, query] = match;
  if (!SCHEMES.has(scheme.toLowerCase())) {
    return `unknown scheme "${scheme}://" (expected kurrentdb:// or kurrentdb+discover://)`;
  }
  if (credentials !== undefined && !/^[^:]+:.*$/.test(credentials)) {
    return 'credentials must be user:password@';
  }
  for (const endpoint of hosts.split(',')) {
    const problem = endpointProblem(endpoint);
    if (problem) return problem;
  }
  for (const pair of (query ?? '').split('&').filter(Boolean)) {
    const [key, setting] = pair.split('=');
    if (!SETTINGS.has(flat(key))) return `unknown setting "${key}"`;
    if (setting === undefined || setting === '') return `setting "${key}" has no value`;
    if (flat(key) === 'tls' && !/^(true|false)$/i.test(setting)) {
      return `tls must be true or false, got "${setting}"`;
    }
  }
  return undefined;
}

/** The connection string with its password replaced, for logs and error messages. */
export function redactConnectionString(value: string): string {
  return value.replace(/^([a-z+]+:\/\/[^:@/?]*):[^@/?]*@/i, '$1:***@');
}

function endpointProblem(endpoint: string): string | undefined {
  const at = /^(.*?)(?::(\d*))?$/.exec(endpoint.trim()) as RegExpExecArray;
  const [, host, port] = endpoint.trim().startsWith('[')
    ? (/^(\[[^\]]*\])(?::(\d*))?$/.exec(endpoint.trim()) ?? [endpoint, endpoint, undefined])
    : at;
  if (!host || !HOST.test(host)) return `"${endpoint}" is not a host name or address`;
  if (port !== undefined) {
    const n = Number(port);
    if (port === '' || !Number.isInteger(n) || n < 1 || n > 65535) {
      return `"${endpoint}": port must be 1 to 65535`;
    }
  }
  return undefined;
}

function flat(key: string): string {
  return key.trim().toLowerCase().replace(/[-_]/g, '');
}
