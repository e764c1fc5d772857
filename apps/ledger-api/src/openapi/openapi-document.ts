import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import {
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponsesObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { shanghaiDate } from '@ledger/domain';
import { SESSION_COOKIE } from '@ledger/access';
import { Clock, PersonIdentities } from '@ledger/ledger';
import { docsGate } from '../http/docs-gate';
import { OperationExample, operationExamples } from './operation-examples';
import { OPERATION_RESPONSES, RESPONSE_SCHEMAS } from './operation-responses';
import { PROBLEM_DOCUMENT_SCHEMA, PROBLEM_ITEM_SCHEMA, PROBLEM_STATUSES } from './problem-schema';

const WRITES = new Set(['post', 'put', 'patch', 'delete']);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Routes anyone may call (load balancers, orchestrators): no credentials. */
const OPEN_PATHS = /^\/health(\/|$)/;

/** Open: a health probe, or a route whose declared access rule says public (x-ledger-access). */
function isPublic(path: string, operation: OperationObject): boolean {
  const access = (operation as { 'x-ledger-access'?: { roles?: unknown } })['x-ledger-access'];
  return OPEN_PATHS.test(path) || access?.roles === 'public';
}

const CORRELATION_ID: ParameterObject = {
  name: 'X-Correlation-Id',
  in: 'header',
  required: false,
  description:
    'Your id for this request (1–128 letters, digits or . _ : - /): copied into the events it writes and every log line, and echoed. Generated when absent.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9._:/-]{1,128}$' },
};

const ACCEPT_LANGUAGE: ParameterObject = {
  name: 'Accept-Language',
  in: 'header',
  required: false,
  description: 'Language of refusal messages: Chinese (default) or English (`en`)',
  schema: { type: 'string', example: 'zh-CN' },
};

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Retrying with the same key and the same request writes nothing twice and gets the first answer again (header Idempotent-Replayed: true); the same key with another request is 422 idempotency.keyReused. 1–200 visible ASCII characters, no spaces.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7E]{1,200}$' },
};

/** Routes that reveal identities or claim facts say why in this header (docs/access.md). */
const purposeParameter = (name: string): ParameterObject => ({
  name,
  in: 'header',
  required: false,
  description:
    'Why you read this person’s data (3–200 characters; Chinese percent-encoded as UTF-8), written to the access log. Required whenever the answer reveals identities or claim facts to your role (400 access.purposeRequired otherwise).',
  schema: { type: 'string', example: encodeURIComponent('理赔审核 claim review') },
});

const problemResponse = (description: string) => ({
  description,
  headers: { 'X-Correlation-Id': { $ref: '#/components/headers/CorrelationId' } },
  content: {
    'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDocument' } },
  },
});

/**
 * Completes what Nest's decorators give, for every operation at once: the security requirement
 * (bearer; /health open), the headers every request may carry, Idempotency-Key on writes only,
 * the documented success answer (OPERATION_RESPONSES), the problem answers (one shared
 * ProblemDocument schema) and the examples (operation-examples.ts), each example's values spread
 * over the parameters and the body under one example name.
 */
export function completeOpenApi(
  document: OpenAPIObject,
  examples: ReadonlyMap<string, OperationExample[]>,
): OpenAPIObject {
  const components = (document.components ??= {});
  components.schemas = {
    ...components.schemas,
    ...RESPONSE_SCHEMAS,
    ProblemItem: PROBLEM_ITEM_SCHEMA,
    ProblemDocument: PROBLEM_DOCUMENT_SCHEMA,
  };
  components.headers = {
    CorrelationId: {
      description: 'The request’s correlation id (yours, or generated)',
      schema: { type: 'string' },
    },
  };
  // Any of the document's schemes will do (a bearer key or token; a session cookie where there is one).
  const anyScheme = Object.keys(components.securitySchemes ?? {}).map((name) => ({ [name]: [] }));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const write = WRITES.has(method);
      operation.security = isPublic(path, operation) ? [] : anyScheme;
      operation.parameters = [
        ...(operation.parameters ?? []).filter(
          (p) => !('name' in p) || !['Idempotency-Key', 'X-Correlation-Id'].includes(p.name),
        ),
        // Copies: each operation's parameters get their own examples.
        { ...CORRELATION_ID },
        { ...ACCEPT_LANGUAGE },
        ...(write ? [{ ...IDEMPOTENCY_KEY }] : []),
        ...(purposeHeaderOf(operation) ? [purposeParameter(purposeHeaderOf(operation)!)] : []),
      ];
      operation.responses = responsesOf(operation, write);
      addExamples(operation, examples.get(operation.operationId ?? '') ?? []);
    }
  }
  return document;
}

function purposeHeaderOf(operation: OperationObject): string | undefined {
  const access = (operation as { 'x-ledger-access'?: { purposeHeader?: string } })[
    'x-ledger-access'
  ];
  return access?.purposeHeader;
}

function responsesOf(operation: OperationObject, write: boolean): ResponsesObject {
  const documented = OPERATION_RESPONSES[operation.operationId ?? ''];
  const responses: ResponsesObject = {};
  if (documented) {
    responses[String(documented.status)] = {
      description: documented.description,
      headers: { 'X-Correlation-Id': { $ref: '#/components/headers/CorrelationId' } },
      content: documented.content,
    };
  } else {
    // Undocumented operations keep what Nest found; the contract tests name them.
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      if (/^2/.test(status)) responses[status] = response;
    }
  }
  const statuses: Record<string, string> = {
    ...PROBLEM_STATUSES.every,
    ...(write ? PROBLEM_STATUSES.writes : {}),
    ...(operation.requestBody ? PROBLEM_STATUSES.withBody : {}),
  };
  for (const [status, description] of Object.entries(statuses).sort()) {
    responses[status] = problemResponse(description);
  }
  return responses;
}

function addExamples(operation: OperationObject, examples: readonly OperationExample[]): void {
  if (examples.length === 0) return;
  for (const p of operation.parameters ?? []) {
    if (isReference(p)) continue;
    const values = examples
      .map((e) => [e.name, valueOf(e, p)] as const)
      .filter((entry): entry is [string, string] => entry[1] !== undefined);
    if (values.length === 0) continue;
    p.examples = Object.fromEntries(values.map(([name, value]) => [name, { value }]));
  }
  const body = operation.requestBody;
  if (body && !isReference(body)) {
    // Each example's body under its media type: JSON, or a file's text (text/csv).
    for (const e of examples) {
      const type = e.upload?.contentType ?? (e.body === undefined ? undefined : 'application/json');
      const media = type === undefined ? undefined : body.content[type];
      if (!media) continue;
      media.examples = {
        ...media.examples,
        [e.name]: { summary: e.summary, value: e.upload?.text ?? e.body },
      };
    }
  }
  (operation as OperationObject & Record<string, unknown>)['x-examples'] = examples.map((e) => ({
    name: e.name,
    summary: e.summary,
    role: e.role ?? 'operator',
  }));
}

function valueOf(example: OperationExample, p: ParameterObject): string | undefined {
  if (p.in === 'path') return example.params?.[p.name];
  if (p.in === 'query') return example.query?.[p.name];
  if (p.in === 'header') return example.headers?.[p.name];
  return undefined;
}

function isReference(value: object): value is ReferenceObject {
  return '$ref' in value;
}

/** The OpenAPI document of the running app (served at /docs and /docs-json). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const base = new DocumentBuilder()
    .setTitle('Huiminbao enrollment ledger (惠民保参保台账)')
    .setDescription(
      'Commands append events; queries read them. Money is integer fen; times are ISO-8601 instants; dates are Asia/Shanghai. ' +
        'Every refusal is an RFC 9457 problem document (application/problem+json) naming each field and rule, Chinese first (docs/errors.md). ' +
        'Every operation lists who may call it in x-ledger-access (docs/access.md).',
    )
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth(SESSION_COOKIE)
    .build();
  const identities = app.get(PersonIdentities);
  const today = shanghaiDate(app.get(Clock).now());
  const examples = new Map(
    operationExamples({ personRefOf: (id) => identities.refOf(id, 'idNumber', today) }),
  );
  return completeOpenApi(SwaggerModule.createDocument(app, base), examples);
}

/** /docs, /docs-json and /docs-yaml: for callers with a valid identity (key, token, session). */
export function setUpOpenApi(app: INestApplication): void {
  app.use(['/docs', '/docs-json', '/docs-yaml'], docsGate(app));
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app));
}
