import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { Role } from '@ledger/access';
import { ImportJobs, LedgerViews } from '@ledger/ledger';
import {
  operationExamples,
  STORY_KEYS,
} from '../../apps/ledger-api/src/openapi/operation-examples';
import { startTestLedger, TestLedger } from './ledger-test-app';

/** The parts of an OpenAPI 3 document the contract tests read. */
export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
  examples?: Record<string, { value: unknown }>;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: {
    content: Record<string, { schema?: object; examples?: Record<string, { value: unknown }> }>;
  };
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
  security?: Record<string, string[]>[];
  'x-examples'?: { name: string; summary: string; role: Role }[];
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, object> };
}

export interface DocumentedOperation {
  method: string;
  path: string;
  operation: OpenApiOperation;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function operationsOf(doc: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => item[m]).map((method) => ({
      method,
      path,
      operation: item[method],
    })),
  );
}

/** A request put together from one named example of the document. */
export interface ExampleRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export function exampleRequest(op: DocumentedOperation, name: string): ExampleRequest {
  let url = op.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const p of op.operation.parameters ?? []) {
    const example = p.examples?.[name];
    if (!example) {
      if (p.in === 'path') throw new Error(`${op.operation.operationId}: no ${p.name} in ${name}`);
      continue;
    }
    const value = String(example.value);
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(value));
    else if (p.in === 'query') query.set(p.name, value);
    else if (p.in === 'header') headers[p.name] = value;
  }
  // Sent as the example says (x-examples role), with that role's key of the story's ledger.
  const role = op.operation['x-examples']?.find((e) => e.name === name)?.role ?? 'operator';
  headers.authorization = `Bearer ${STORY_KEYS[role].key}`;
  const [type, media] =
    Object.entries(op.operation.requestBody?.content ?? {}).find(
      ([, m]) => m.examples?.[name] !== undefined,
    ) ?? [];
  const body = media?.examples?.[name]?.value;
  const search = query.toString();
  return {
    method: op.method.toUpperCase(),
    url: search ? `${url}?${search}` : url,
    headers: body === undefined ? headers : { ...headers, 'content-type': type! },
    body,
  };
}

/** The request's body as bytes: JSON, or a file's text as it is. */
export function bodyBytes(req: Pick<ExampleRequest, 'body' | 'headers'>): Buffer | undefined {
  if (req.body === undefined) return undefined;
  const json = /json/.test(req.headers['content-type'] ?? '');
  return Buffer.from(json ? JSON.stringify(req.body) : String(req.body));
}

/**
 * A ledger for the examples' story: one API key per role (ledger-wide, but for the township
 * official, the county official and the insurer, scoped as such keys are), clock at the story's
 * start.
 */
export async function startStoryLedger(): Promise<TestLedger> {
  const ledger = await startTestLedger(
    STORY_DEFAULT_CLOCK,
    Object.entries(STORY_KEYS).map(([role, { key, scope }]) => [key, role as Role, scope]),
  );
  await ledger.app.listen(0, '127.0.0.1');
  return ledger;
}

/** What an example started has finished: the views caught up, uploaded files' jobs done. */
export async function settled(ledger: TestLedger): Promise<void> {
  await ledger.app.get(ImportJobs).whenIdle();
  await ledger.app.get(LedgerViews).caughtUp();
}

/** The ledger's OpenAPI document (/docs-json), read with the story's operator key. */
export async function storyDocument(ledger: TestLedger): Promise<OpenApiDocument> {
  const { port } = ledger.app.getHttpServer().address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/docs-json`, {
    headers: { authorization: `Bearer ${STORY_KEYS.operator.key}` },
  });
  if (res.status !== 200) throw new Error(`/docs-json answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

/**
 * Sends every example of the story in order, each at its clock (STORY_CLOCK), and hands each
 * answer to `check`; the views catch up after each operation.
 */
export async function runStory(
  ledger: TestLedger,
  doc: OpenApiDocument,
  check: (operationId: string, name: string, answer: RawAnswer) => void = () => undefined,
): Promise<void> {
  const byId = new Map(operationsOf(doc).map((op) => [op.operation.operationId, op]));
  for (const [operationId, examples] of operationExamples({ personRefOf: () => '' })) {
    const op = byId.get(operationId);
    if (!op) throw new Error(`the story names ${operationId}, which the document does not have`);
    for (const { name } of examples) {
      ledger.clock.set(storyClock(operationId, name));
      check(operationId, name, await send(ledger.app, exampleRequest(op, name)));
      await settled(ledger);
    }
  }
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * Sends a request on a plain socket and resolves with the answer; an event stream is closed
 * once its headers arrive (it never ends by itself).
 */
export function send(app: INestApplication, req: ExampleRequest): Promise<RawAnswer> {
  const { port } = app.getHttpServer().address() as AddressInfo;
  const payload = bodyBytes(req);
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.url,
        headers: {
          ...req.headers,
          ...(payload ? { 'content-length': String(payload.length) } : {}),
        },
      },
      (res) => {
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' });
          r.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    if (payload) r.write(payload);
    r.end();
  });
}

/**
 * A schema taken out of the document, its references pointed at the document (added to ajv as
 * `openapi.json`), so ajv can compile it on its own; OpenAPI 3.0's `nullable` made JSON Schema.
 */
export function rebased(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebased);
  if (schema === null || typeof schema !== 'object') return schema;
  if ((schema as { nullable?: unknown }).nullable === true) {
    // OpenAPI 3.0's nullable, as JSON Schema says it.
    const { nullable: _, ...rest } = schema as Record<string, unknown>;
    return { anyOf: [rebased(rest), { type: 'null' }] };
  }
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi.json${v}` : rebased(v),
    ]),
  );
}

/** The story's clock for one example: its own, its operation's, or the default. */
export function storyClock(operationId: string, name: string): number {
  return Date.parse(
    STORY_CLOCK[`${operationId}.${name}`] ?? STORY_CLOCK[operationId] ?? STORY_DEFAULT_CLOCK,
  );
}

/**
 * Where the story's clock stands for an operation, or for one example (`operationId.name`);
 * default: after the 2024 claims.
 */
export const STORY_CLOCK: Record<string, string> = {
  // Qingliu's notice is dated 2024-10-14: its tables can only be imported after it.
  TownshipTablesController_preview: '2024-11-01T10:00:00+08:00',
  TownshipTablesController_importTable: '2024-11-01T10:00:00+08:00',
  // Yuyao's window (2023-10-10..12-10): a union's group purchase, then a roster.
  GroupPurchasesController_submit: '2023-11-01T10:00:00+08:00',
  GroupPurchasesController_remit: '2023-11-03T10:00:00+08:00',
  RostersController_applyRoster: '2023-11-20T10:00:00+08:00',
  'RostersController_applyRoster.foundLate': '2024-02-25T10:00:00+08:00',
  // 2025 is derived in the autumn of 2024; the renewal run needs 2025's window open.
  ProductsController_derive: '2024-10-01T10:00:00+08:00',
  ProductsController_selectTerm: '2024-10-02T10:00:00+08:00',
  ProductsController_operatingCost: '2024-10-03T10:00:00+08:00',
  ProductsController_consent: '2024-11-01T10:00:00+08:00',
  ProductsController_renew: '2024-12-15T10:00:00+08:00',
  ProductsController_renewal: '2024-12-15T10:00:00+08:00',
  ProductsController_withdraw: '2024-12-20T10:00:00+08:00',
  ProductsController_amendTerm: '2025-05-20T10:00:00+08:00',
  ProductsController_yearEnd: '2025-06-01T10:00:00+08:00',
  ProductsController_cumulative: '2025-06-01T10:00:00+08:00',
  AccessLogController_list: '2025-06-01T10:00:00+08:00',
  AuditController_status: '2025-06-01T10:00:00+08:00',
  AuditController_seal: '2025-06-01T10:00:00+08:00',
  AuditController_latestSeal: '2025-06-01T10:00:00+08:00',
  AuditController_publicKey: '2025-06-01T10:00:00+08:00',
  PlansController_erase: '2025-06-01T10:00:00+08:00',
};
export const STORY_DEFAULT_CLOCK = '2024-06-01T10:00:00+08:00';
