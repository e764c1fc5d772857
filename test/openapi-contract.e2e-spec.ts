import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parseResidentId } from '@ledger/domain';
import { OpenApiDocument, operationsOf } from './support/openapi-examples';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

/** Where the test writes the document: ignored by git (dist/), read by tools and people. */
const DOCUMENT_FILE = join(__dirname, '..', 'dist', 'openapi.json');

/**
 * @seriousme/openapi-schema-validator is an ES module; jest here runs CommonJS, so it runs in a
 * child Node process on the written file.
 */
function validateWithLibrary(file: string): { valid: boolean; errors?: unknown } {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    const result = await new Validator().validate(process.argv[1]);
    process.stdout.write(JSON.stringify(result));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, file], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
  });
  return JSON.parse(out) as { valid: boolean; errors?: unknown };
}

/**
 * Every ID number in the document: values under a key named idNumber (request examples), the
 * `example` of a schema property named idNumber, and the first column of roster CSVs.
 */
function idNumbersIn(value: unknown, out: string[] = [], key = '', parent = ''): string[] {
  const isId = (k: string) => /idNumber$/i.test(k);
  if (Array.isArray(value)) value.forEach((v) => idNumbersIn(v, out, key, parent));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) idNumbersIn(v, out, k, key);
  } else if (typeof value === 'string' && (isId(key) || (key === 'example' && isId(parent))))
    out.push(value);
  else if (typeof value === 'string' && /^idNumber,/.test(value)) {
    // A roster CSV: its first column.
    out.push(
      ...value
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    );
  }
  return out;
}

describe('OpenAPI document (issue 13)', () => {
  let ledger: TestLedger;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    ledger = await startTestLedger('2024-06-01T10:00:00+08:00');
    doc = (await request(ledger.app.getHttpServer()).get('/docs-json').expect(200)).body;
    mkdirSync(join(DOCUMENT_FILE, '..'), { recursive: true });
    writeFileSync(DOCUMENT_FILE, JSON.stringify(doc, null, 2));
  });
  afterAll(() => ledger.close());

  it('validates against the OpenAPI 3 schema (@seriousme/openapi-schema-validator)', () => {
    expect(validateWithLibrary(DOCUMENT_FILE)).toEqual({ valid: true });
  });

  it('every operation has a 2xx answer with a schema and the 4xx problem answers (one shared ProblemDocument)', () => {
    const problems: string[] = [];
    for (const { method, path, operation } of operationsOf(doc)) {
      const name = `${method.toUpperCase()} ${path}`;
      const statuses = Object.keys(operation.responses);
      const success = statuses.filter((s) => /^2\d\d$/.test(s));
      if (success.length !== 1) problems.push(`${name}: ${success.length} success answers`);
      for (const s of success) {
        const content = operation.responses[s].content ?? {};
        // 204 No Content is the one success answer without a body.
        if (Object.keys(content).length === 0 && s !== '204')
          problems.push(`${name} ${s}: no content`);
        for (const [type, media] of Object.entries(content)) {
          if (!media.schema) problems.push(`${name} ${s} ${type}: no schema`);
        }
      }
      const fourxx = statuses.filter((s) => /^4\d\d$/.test(s));
      if (!fourxx.includes('400') || !fourxx.includes('422'))
        problems.push(`${name}: 4xx answers ${fourxx.join(',')}`);
      for (const s of [...fourxx, '500']) {
        const schema = operation.responses[s]?.content?.['application/problem+json']?.schema;
        if (JSON.stringify(schema) !== '{"$ref":"#/components/schemas/ProblemDocument"}')
          problems.push(`${name} ${s}: not the ProblemDocument`);
      }
    }
    expect(problems).toEqual([]);
    expect(doc.components.schemas.ProblemDocument).toMatchObject({
      required: ['type', 'title', 'status', 'detail', 'instance', 'correlationId', 'errors'],
    });
  });

  it('writes answer 409 and 429 too; requests with a body 413 and 415', () => {
    for (const { method, operation } of operationsOf(doc)) {
      const statuses = Object.keys(operation.responses);
      if (['post', 'put', 'patch', 'delete'].includes(method))
        expect(statuses).toEqual(expect.arrayContaining(['409', '429']));
      if (operation.requestBody) expect(statuses).toEqual(expect.arrayContaining(['413', '415']));
    }
  });

  it('bearer security on every operation but /health, which is open', () => {
    const schemes = (doc.components as { securitySchemes?: Record<string, unknown> })
      .securitySchemes!;
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const anyScheme = Object.keys(schemes).map((name) => ({ [name]: [] }));
    expect(anyScheme).toContainEqual({ bearer: [] });
    for (const { path, operation } of operationsOf(doc)) {
      const declared = (operation as { 'x-ledger-access'?: { roles?: unknown } })[
        'x-ledger-access'
      ];
      const open = path.startsWith('/health') || declared?.roles === 'public';
      expect({ path, security: operation.security }).toEqual({
        path,
        security: open ? [] : anyScheme,
      });
    }
  });

  it('Idempotency-Key is documented on write routes only', () => {
    for (const { method, path, operation } of operationsOf(doc)) {
      const has = (operation.parameters ?? []).some((p) => p.name === 'Idempotency-Key');
      expect({ route: `${method} ${path}`, has }).toEqual({
        route: `${method} ${path}`,
        has: ['post', 'put', 'patch', 'delete'].includes(method),
      });
    }
  });

  it('every write with a body has a request schema and an example', () => {
    for (const { method, path, operation } of operationsOf(doc)) {
      const json = operation.requestBody?.content['application/json'];
      if (!json) continue;
      expect({ route: `${method} ${path}`, schema: !!json.schema }).toEqual({
        route: `${method} ${path}`,
        schema: true,
      });
      expect(Object.keys(json.examples ?? {}).length).toBeGreaterThan(0);
    }
  });

  it('every ID number in the document (schema examples and request examples) has a valid check character', () => {
    const ids = idNumbersIn(doc);
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) expect(() => parseResidentId(id, 'idNumber', '2024-06-01')).not.toThrow();
  });
});
