import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { bodyBytes, DocumentedOperation, exampleRequest } from './openapi-examples';

/**
 * Malformed requests built from the OpenAPI document: each starts from an operation's own
 * example (so it reaches deep: a real plan, a real personRef) and breaks one thing, or several:
 * a value of the wrong type, a missing or unknown field, a huge or odd string, a bad date, deep
 * nesting, an unknown plan or person, a bad header, an odd content type or encoding, a broken
 * body. Everything the generator draws is reproducible from the fast-check seed.
 */
export interface FuzzRequest {
  operationId: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Bytes as sent (already encoded); undefined: no body. */
  body?: Buffer;
  /** What was broken, for the failure report. */
  mutation: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function deep(depth: number, array: boolean): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i++) value = array ? [value] : { a: value };
  return value;
}

const BAD_DATES = [
  '2024-02-30',
  '2024-13-01',
  '2023-00-10',
  '2024-01-01T24:00:00+08:00',
  '2024-01-01T23:60:00+08:00',
  '2024-01-01T10:00:00',
  '2024-01-01T10:00:00+25:00',
  '0000-00-00',
  '9999-99-99T99:99:99Z',
  '31/01/2024',
  '2024年1月31日',
  '',
  ' ',
  'T',
  'now',
  '1706716799',
  '-2024-01-31',
  '+275760-09-13T00:00:00Z',
];

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '%00',
  '<script>alert(1)</script>',
  "'; DROP TABLE events; --",
  '\ud800',
  '🙂'.repeat(50),
  '赣州'.repeat(300),
  'x'.repeat(5_000),
  '1e309',
  '-0',
  'NaN',
  '0x1F',
  '36073019800506011X',
  '000000000000000000',
  '360730198005060113',
  'no-such-plan',
  'ffffffffffffffffffffffffffffffff',
];

const nasty: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 3, arbitrary: fc.integer() },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      -1,
      0,
      0.5,
      -0.0001,
      2 ** 31,
      2 ** 53,
      -(2 ** 53),
      1e308,
      Number.MAX_SAFE_INTEGER + 2,
    ),
  },
  { weight: 3, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...BAD_DATES) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(200_000)) },
  { weight: 2, arbitrary: fc.constant<Json>([]) },
  { weight: 2, arbitrary: fc.constant<Json>({}) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  {
    weight: 1,
    arbitrary: fc.array(fc.constant<Json>({}), { minLength: 1_001, maxLength: 1_200 }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 20, max: 45 }), fc.boolean())
      .map(([depth, array]) => deep(depth, array)),
  },
);

/**
 * Members an edit adds: names no request has, and names of the domain's own structures (so an
 * amendment gets `benefits: []`, a table `rows: {}`, a contribution `payer: "x"`).
 */
const ADDED_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'unknownField',
  'enrollmentWindow',
  'coverage',
  'premium',
  'benefits',
  'targets',
  'townships',
  'districts',
  'eligibility',
  'acceptedSources',
  'subsidyCategories',
  'cancellation',
  'scorecard',
  'coalition',
  'planYear',
  'region',
  'table',
  'rows',
  'statedTotal',
  'statedDistrictSubtotals',
  'payer',
  'funder',
  'deduction',
  'relation',
  'category',
  'residentTier',
  'residenceRegionCode',
  'drug',
  'preExisting',
];

/** Every path into a JSON value: [] is the whole, then each member and element. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  }
  return out;
}

function setAt(value: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement === undefined ? null : replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (replacement === undefined && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = setAt(copy[Number(head)], rest, replacement);
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const copy: { [key: string]: Json } = { ...value };
    if (replacement === undefined && rest.length === 0) delete copy[head];
    else copy[head] = setAt(copy[head] ?? null, rest, replacement);
    return copy;
  }
  return value;
}

type BodyEdit = { json?: Json; raw?: Buffer; note: string };

/** One or more edits of a JSON body: replace a value, drop a member, add an unknown one. */
function bodyEdits(body: Json): fc.Arbitrary<BodyEdit> {
  const paths = pathsOf(body);
  const edit = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(fc.constantFrom(...paths), nasty).map(([path, v]) => ({
        apply: (b: Json) => setAt(b, path, v),
        note: `${path.join('.') || '(body)'} = ${JSON.stringify(v)?.slice(0, 60)}`,
      })),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...paths.filter((p) => p.length > 0)).map((path) => ({
        apply: (b: Json) => setAt(b, path, undefined),
        note: `without ${path.join('.')}`,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...paths), fc.constantFrom(...ADDED_KEYS), nasty)
        .map(([path, key, v]) => ({
          apply: (b: Json) => setAt(b, [...path, key], v),
          note: `${[...path, key].join('.')} added`,
        })),
    },
  );
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => ({
    json: edits.reduce((b, e) => e.apply(b), body),
    note: edits.map((e) => e.note).join('; '),
  }));
}

/** Bodies that are not what a JSON parser expects. */
/** Broken versions of an uploaded file: cut short, re-encoded, bytes that are no text, … */
function fileBodies(text: string): fc.Arbitrary<{ raw: Buffer; note: string }> {
  const [header = ''] = text.split(/\r?\n/);
  return fc.oneof(
    fc.nat({ max: Math.max(0, text.length - 1) }).map((n) => ({
      raw: Buffer.from(text.slice(0, n)),
      note: `truncated at ${n}`,
    })),
    fc.uint8Array({ minLength: 1, maxLength: 512 }).map((bytes) => ({
      raw: Buffer.from(bytes),
      note: `${bytes.length} random bytes`,
    })),
    fc.constantFrom(
      { raw: Buffer.alloc(0), note: 'empty file' },
      { raw: Buffer.from(header), note: 'header only' },
      { raw: Buffer.from(text.replace(/,/g, ';')), note: 'semicolons for commas' },
      { raw: Buffer.from(text.replace(/[0-9]/g, 'Ｘ')), note: 'digits replaced' },
      { raw: Buffer.from(`${header}\n${'甲,'.repeat(5_000)}`), note: 'a line of 5,000 cells' },
      { raw: Buffer.from('PK\u0003\u0004not really a workbook'), note: 'a broken XLSX' },
      {
        raw: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        note: 'an .xls header',
      },
    ),
  );
}

function rawBodies(body: Json): fc.Arbitrary<BodyEdit> {
  const text = JSON.stringify(body ?? {});
  return fc.oneof(
    fc.nat({ max: Math.max(0, text.length - 1) }).map((n) => ({
      raw: Buffer.from(text.slice(0, n)),
      note: `truncated at ${n}`,
    })),
    fc.constantFrom(
      { raw: Buffer.from('\ufeff' + text), note: 'byte order mark' },
      {
        raw: Buffer.concat([
          Buffer.from(text.slice(0, 5)),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from(text.slice(5)),
        ]),
        note: 'invalid UTF-8',
      },
      { raw: Buffer.from(text + 'garbage'), note: 'trailing garbage' },
      { raw: Buffer.from(text.replace('{', '{"a":1,"a":2,')), note: 'duplicate keys' },
      { raw: Buffer.from('[]'), note: 'an array' },
      { raw: Buffer.from('"text"'), note: 'a string' },
      { raw: Buffer.from('null'), note: 'null' },
      { raw: Buffer.from('42'), note: 'a number' },
      { raw: Buffer.from('1e999999'), note: 'a huge number' },
      { raw: Buffer.from(''), note: 'empty' },
      { raw: Buffer.from('\u0000'.repeat(10)), note: 'NUL bytes' },
      { raw: Buffer.from(`{"a":"${'\\u0000'.repeat(100)}"}`), note: 'escaped NULs' },
      { raw: Buffer.from('{'.repeat(50_000)), note: 'unbalanced nesting' },
      { raw: Buffer.from('['.repeat(40) + ']'.repeat(40)), note: 'nested 40 deep' },
      { raw: Buffer.from(`{"pad":"${'y'.repeat(2_100_000)}"}`), note: 'over 2 MB' },
      { raw: Buffer.from(`{"pad":"${'y'.repeat(1_900_000)}"}`), note: 'just under 2 MB' },
    ),
  );
}

interface HeaderEdit {
  headers: Record<string, string>;
  encode?: (body: Buffer) => Buffer;
  note: string;
}

const headerEdits: fc.Arbitrary<HeaderEdit> = fc.oneof(
  fc
    .constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=klingon',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/xml',
      'application/merge-patch+json',
      'json',
      '',
      '*/*',
    )
    .map((type) => ({ headers: { 'content-type': type }, note: `content-type ${type}` })),
  fc.constantFrom('br', 'gzip, gzip', 'compress', 'identity', 'deflate', 'x-gzip').map((e) => ({
    headers: { 'content-encoding': e },
    note: `content-encoding ${e} (body not encoded)`,
  })),
  fc.constant({
    headers: { 'content-encoding': 'gzip' },
    encode: (b: Buffer) => gzipSync(b),
    note: 'gzip body',
  }),
  fc
    .oneof(
      fc.constantFrom('has space', 'k'.repeat(201), '', 'ключ', '\t', 'a\u0001b'),
      fc.string({ maxLength: 30 }),
    )
    .map((key) => ({
      headers: { 'idempotency-key': key },
      note: `Idempotency-Key ${key.slice(0, 30)}`,
    })),
  fc
    .oneof(fc.constantFrom('c'.repeat(129), 'bad id!', '', '日志'), fc.string({ maxLength: 20 }))
    .map((id) => ({
      headers: { 'x-correlation-id': id },
      note: `X-Correlation-Id ${id.slice(0, 30)}`,
    })),
  fc
    .constantFrom('*', 'en', 'zz', ';q=x', 'en;q=2, zh;q=-1', ','.repeat(500))
    .map((l) => ({ headers: { 'accept-language': l }, note: `Accept-Language ${l.slice(0, 20)}` })),
  fc
    .constantFrom('Bearer', 'Bearer ' + 'x'.repeat(5_000), 'Basic Zm9vOmJhcg==', 'Bearer \u00ff')
    .map((a) => ({ headers: { authorization: a }, note: `Authorization ${a.slice(0, 20)}` })),
  fc.constantFrom('"abc"', 'W/"x"', '*', 'garbage').map((e) => ({
    headers: { 'if-none-match': e },
    note: `If-None-Match ${e}`,
  })),
);

/** Header values must be sendable: Node refuses control characters other than tab. */
function sendable(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?')]),
  );
}

const PATH_VALUES = [
  'no-such-plan',
  'ffffffffffffffffffffffffffffffff',
  '%2e%2e%2f%2e%2e',
  '%00',
  '%E8%B5%A3%E5%B7%9E',
  '%ZZ',
  'x'.repeat(3_000),
  '..',
  '__proto__',
  'constructor',
  '%20',
];

const QUERY_VALUES: Record<string, string[]> = {
  asOf: BAD_DATES,
  asOfPosition: ['-1', 'abc', '1.5', '', '99999999999999999999999', '0x10', '1/2', '1e3'],
  format: ['xml', 'CSV', '', 'json,csv', 'csv\u0000'],
};

function urlWithQuery(url: string, extra: [string, string][]): string {
  const [path, search = ''] = url.split('?');
  const q = new URLSearchParams(search);
  for (const [k, v] of extra) q.append(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Malformed requests for one documented operation, from any of its examples. */
export function fuzzRequests(op: DocumentedOperation): fc.Arbitrary<FuzzRequest> {
  const names = (op.operation['x-examples'] ?? []).map((e) => e.name);
  if (names.length === 0) throw new Error(`${op.operation.operationId} has no example`);
  return fc.constantFrom(...names).chain((name) => fromExample(op, name));
}

/** Malformed requests starting from one example of an operation. */
function fromExample(op: DocumentedOperation, example: string): fc.Arbitrary<FuzzRequest> {
  const base = exampleRequest(op, example);
  const operationId = op.operation.operationId;
  const jsonBody = (json: Json | undefined) =>
    json === undefined ? undefined : Buffer.from(JSON.stringify(json));
  const request = (
    mutation: string,
    patch: Partial<Omit<FuzzRequest, 'operationId' | 'mutation'>>,
  ): FuzzRequest => ({
    operationId,
    method: base.method,
    url: base.url,
    headers: sendable({ ...base.headers, ...(patch.headers ?? {}) }),
    // The example's own body as it is sent (JSON, or a file's text under its media type).
    body: 'body' in patch ? patch.body : bodyBytes(base),
    ...Object.fromEntries(Object.entries(patch).filter(([k]) => k !== 'headers')),
    mutation,
  });
  const withJson = { 'content-type': 'application/json' };
  const pathParams = (op.operation.parameters ?? []).filter((p) => p.in === 'path');
  const arbitraries: fc.Arbitrary<FuzzRequest>[] = [];

  if (typeof base.body === 'string') {
    // A file sent as the body (text/csv): broken files under its own media type, and JSON.
    const fileType = { 'content-type': base.headers['content-type'] ?? 'text/csv' };
    arbitraries.push(
      fileBodies(base.body).map((e) =>
        request(`file: ${e.note}`, { headers: fileType, body: e.raw }),
      ),
      fc.jsonValue({ maxDepth: 3 }).map((json) =>
        request(`JSON instead of a file: ${JSON.stringify(json).slice(0, 60)}`, {
          headers: withJson,
          body: Buffer.from(JSON.stringify(json) ?? 'null'),
        }),
      ),
    );
  } else if (base.body !== undefined) {
    arbitraries.push(
      bodyEdits(base.body as Json).map((e) =>
        request(`body: ${e.note}`, { headers: withJson, body: jsonBody(e.json) }),
      ),
      rawBodies(base.body as Json).map((e) =>
        request(`raw body: ${e.note}`, { headers: withJson, body: e.raw }),
      ),
      fc.jsonValue({ maxDepth: 4 }).map((json) =>
        request(`any JSON: ${JSON.stringify(json).slice(0, 60)}`, {
          headers: withJson,
          body: Buffer.from(JSON.stringify(json) ?? 'null'),
        }),
      ),
    );
  } else if (base.method !== 'GET') {
    arbitraries.push(
      fc.jsonValue({ maxDepth: 3 }).map((json) =>
        request(`body where none is read: ${JSON.stringify(json).slice(0, 60)}`, {
          headers: withJson,
          body: Buffer.from(JSON.stringify(json) ?? 'null'),
        }),
      ),
    );
  }

  arbitraries.push(
    headerEdits.map((e) => {
      const body = jsonBody(base.body as Json | undefined) ?? Buffer.from('{}');
      const encoded = e.encode ? e.encode(body) : body;
      return request(`headers: ${e.note}`, {
        headers: e.headers,
        body: base.method === 'GET' ? undefined : encoded,
      });
    }),
  );

  if (pathParams.length > 0) {
    arbitraries.push(
      fc
        .tuple(
          fc.constantFrom(...pathParams.map((p) => p.name)),
          fc.oneof(
            fc.constantFrom(...PATH_VALUES),
            fc.string({ maxLength: 30 }).map(encodeURIComponent),
          ),
        )
        .map(([name, value]) => {
          const current = encodeURIComponent(
            String(op.operation.parameters!.find((p) => p.name === name)!.examples![example].value),
          );
          return request(`path ${name} = ${value.slice(0, 40)}`, {
            url: base.url.replace(current, value),
          });
        }),
    );
  }

  if (base.method === 'GET') {
    const queryNames = Object.keys(QUERY_VALUES);
    arbitraries.push(
      fc
        .array(
          fc.oneof(
            fc
              .constantFrom(...queryNames)
              .chain((n) =>
                fc.constantFrom(...QUERY_VALUES[n]).map((v) => [n, v] as [string, string]),
              ),
            fc.tuple(
              fc.constantFrom('asOf', 'foo', '__proto__', 'asOf[]'),
              fc.string({ maxLength: 20 }),
            ),
          ),
          { minLength: 1, maxLength: 3 },
        )
        .map((pairs) =>
          request(`query ${pairs.map(([k, v]) => `${k}=${v.slice(0, 20)}`).join('&')}`, {
            url: urlWithQuery(base.url, pairs),
          }),
        ),
    );
  }
  return fc.oneof(...arbitraries);
}
