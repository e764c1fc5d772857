import { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROBLEM_TYPE_BASE } from '../http/problem-document';

const bilingual: SchemaObject = {
  type: 'object',
  required: ['zh', 'en'],
  properties: { zh: { type: 'string' }, en: { type: 'string' } },
};

/** One field and rule of a refusal (docs/errors.md). */
export const PROBLEM_ITEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['field', 'rule', 'message', 'messages'],
  properties: {
    field: {
      type: 'string',
      description: 'The input path: `contributions[1].payer.idNumber`, `Idempotency-Key`, `body`',
      example: 'townshipId',
    },
    rule: {
      type: 'string',
      description: 'A stable code for programs and tests',
      example: 'enrollment.knownTownship',
    },
    message: { type: 'string', description: "In the reader's language (Accept-Language)" },
    messages: { ...bilingual, description: 'Both languages' },
  },
};

/** RFC 9457 problem details with the ledger's members: the correlation id and the items. */
export const PROBLEM_DOCUMENT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'instance', 'correlationId', 'errors'],
  properties: {
    type: {
      type: 'string',
      description: `${PROBLEM_TYPE_BASE}<slug>, one per status (docs/errors.md)`,
      example: `${PROBLEM_TYPE_BASE}rule-violated`,
    },
    title: { type: 'string', example: '不符合规则' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 422 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The path (no query string)' },
    correlationId: { type: 'string', description: 'As in the X-Correlation-Id header' },
    errors: { type: 'array', minItems: 1, items: { $ref: '#/components/schemas/ProblemItem' } },
  },
};

/** The refusals every operation can answer, and those of writes and of requests with a body. */
export const PROBLEM_STATUSES = {
  every: {
    '400': 'Malformed request: header, query or body (rule `request.*`, `validation.*`)',
    '401': 'No valid credentials (`access.unauthenticated`)',
    '403': 'The caller may not do this (`access.forbidden`)',
    '404': 'No such plan, policy, claim or person (`*.notFound`)',
    '422': 'A rule was not met (the rule code says which)',
    '500': 'A genuine fault; nothing was recorded unless a receipt was returned',
    '503': 'The ledger cannot take requests now (`ledger.unavailable`, `ledger.integrity`)',
  },
  writes: {
    '409': 'Conflicts with what the ledger holds (`enrollment.oneActivePerPersonPerPlan`, …)',
    '429': 'Too many writes for this caller (`request.tooManyRequests`); see Retry-After',
  },
  withBody: {
    '413': 'Body over 2 MB, counted after decompression (`request.tooLarge`)',
    '415': 'Not JSON, an unknown charset or content encoding (`request.contentType`, …)',
  },
} as const;
