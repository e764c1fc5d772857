import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';

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
  'x-examples'?: { name: string; summary: string }[];
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
  const body = op.operation.requestBody?.content['application/json']?.examples?.[name]?.value;
  const search = query.toString();
  return {
    method: op.method.toUpperCase(),
    url: search ? `${url}?${search}` : url,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body,
  };
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
  const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
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

/** Where the story's clock stands for an operation (default: after the 2024 claims). */
export const STORY_CLOCK: Record<string, string> = {
  // Qingliu's notice is dated 2024-10-14: its tables can only be imported after it.
  TownshipTablesController_importTable: '2024-11-01T10:00:00+08:00',
  // Yuyao's window (2023-10-10..12-10): a roster then enrolls and reconciles.
  RostersController_applyRoster: '2023-11-20T10:00:00+08:00',
};
export const STORY_DEFAULT_CLOCK = '2024-06-01T10:00:00+08:00';
