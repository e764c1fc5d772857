import { BadRequestException, HttpException } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { DomainError } from '@ledger/domain';
import { IdempotencyViolationError, WrongExpectedRevisionError } from '@ledger/event-store';
import { PersonErasedError } from '@ledger/privacy';
import { ConcurrencyConflictError } from './ledger-streams';

export interface ErrorItem {
  field: string;
  rule: string;
  message: string;
  /**
   * Values the clerk's message is built from (dates in Asia/Shanghai, amounts, the accepted
   * values): the refusal's details. Used by the message catalog, not sent as such.
   */
  params?: Record<string, string | number>;
}

/** A refusal's details as message parameters: text and numbers, lists joined. */
function paramsOf(details: Record<string, unknown> | undefined): ErrorItem['params'] {
  if (!details) return undefined;
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(details)) {
    if (typeof v === 'string' || typeof v === 'number') params[k] = v;
    else if (Array.isArray(v)) params[k] = v.map(String).join('、');
  }
  return Object.keys(params).length > 0 ? params : undefined;
}

/** Why a command was refused: the HTTP status and one item per field and rule. */
export interface Refusal {
  status: number;
  errors: ErrorItem[];
}

/**
 * A refusal raised outside the domain (transport, idempotency, the ledger's own state), with its
 * status and items already decided.
 */
export class RefusalError extends Error {
  override readonly name = 'RefusalError';
  constructor(
    readonly status: number,
    readonly errors: ErrorItem[],
  ) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

/** body-parser's errors (http-errors with a `type`), by type: the refusal they stand for. */
const BODY_ERRORS: Record<string, { status: number; rule: string }> = {
  'entity.too.large': { status: 413, rule: 'request.tooLarge' },
  'parameters.too.many': { status: 413, rule: 'request.tooManyParameters' },
  'charset.unsupported': { status: 415, rule: 'request.charset' },
  'encoding.unsupported': { status: 415, rule: 'request.contentEncoding' },
  'entity.parse.failed': { status: 400, rule: 'request.json' },
  'request.depth': { status: 400, rule: 'request.depth' },
  'request.aborted': { status: 400, rule: 'request.aborted' },
  'request.size.invalid': { status: 400, rule: 'request.malformed' },
  'stream.encoding.set': { status: 400, rule: 'request.malformed' },
};

/** An http-errors error a request's body produced (status below 500, meant to be shown). */
function bodyRefusal(exception: unknown): Refusal | undefined {
  if (!(exception instanceof Error)) return undefined;
  const e = exception as Error & { type?: unknown; status?: unknown; expose?: unknown };
  const known = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
  if (known) {
    return {
      status: known.status,
      errors: [{ field: 'body', rule: known.rule, message: e.message }],
    };
  }
  // A broken gzip or deflate stream: http-errors 400 wrapping zlib's error, no type.
  if (e.expose === true && e.status === 400) {
    return {
      status: 400,
      errors: [{ field: 'body', rule: 'request.encoding', message: e.message }],
    };
  }
  return undefined;
}

const HTTP_RULES: Record<number, string> = {
  401: 'access.unauthenticated',
  403: 'access.forbidden',
  404: 'request.notFound',
  405: 'request.method',
  413: 'request.tooLarge',
  415: 'request.contentType',
  429: 'request.tooManyRequests',
  503: 'ledger.unavailable',
};

/** class-validator errors → one item per field and failed constraint, with nested paths. */
export function validationItems(errors: ValidationError[], parent = ''): ErrorItem[] {
  return errors.flatMap((e) => {
    const field = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: `validation.${rule}`,
      message,
    }));
    return [...own, ...validationItems(e.children ?? [], field)];
  });
}

const STATUS = { invalid: 422, conflict: 409, not_found: 404 } as const;

/**
 * The refusal a known exception stands for; undefined for anything else (an internal error).
 * Shared by the HTTP filter and the batch paths, which report refusals per item.
 */
export function refusalOf(exception: unknown): Refusal | undefined {
  if (exception instanceof RefusalError) {
    return { status: exception.status, errors: exception.errors };
  }
  if (exception instanceof DomainError) {
    const params = paramsOf(exception.details);
    return {
      status: STATUS[exception.kind],
      errors: [
        {
          field: exception.field,
          rule: exception.rule,
          message: exception.message,
          ...(params ? { params } : {}),
        },
      ],
    };
  }
  if (
    exception instanceof ConcurrencyConflictError ||
    exception instanceof WrongExpectedRevisionError
  ) {
    return {
      status: 409,
      errors: [
        { field: 'stream', rule: 'concurrency.expectedRevision', message: exception.message },
      ],
    };
  }
  if (exception instanceof IdempotencyViolationError) {
    return {
      status: 422,
      errors: [
        {
          field: 'Idempotency-Key',
          rule: 'idempotency.keyReused',
          message: exception.message,
        },
      ],
    };
  }
  if (exception instanceof PersonErasedError) {
    return {
      status: 409,
      errors: [{ field: 'person.idNumber', rule: 'privacy.erased', message: exception.message }],
    };
  }
  if (exception instanceof BadRequestException) {
    const body = exception.getResponse() as {
      validationErrors?: ValidationError[];
      message?: unknown;
    };
    if (body.validationErrors) {
      return { status: 400, errors: validationItems(body.validationErrors) };
    }
    const message = String(body.message ?? exception.message);
    // Nest turns body-parser's JSON SyntaxError into a BadRequestException with its message.
    const rule = /JSON/.test(message) ? 'request.json' : 'request.malformed';
    return { status: 400, errors: [{ field: 'body', rule, message }] };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status >= 500) return undefined;
    return {
      status,
      errors: [
        {
          field: 'request',
          rule: HTTP_RULES[status] ?? `http.${status}`,
          message: exception.message,
        },
      ],
    };
  }
  return bodyRefusal(exception);
}
