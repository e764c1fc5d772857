import { BadRequestException, HttpException } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { LedgerIntegrityError } from '@ledger/audit';
import { DomainError } from '@ledger/domain';
import { IdempotencyViolationError, WrongExpectedRevisionError } from '@ledger/event-store';
import { PersonErasedError } from '@ledger/privacy';
import { ConcurrencyConflictError } from './ledger-streams';

export interface ErrorItem {
  field: string;
  rule: string;
  /** English; the Chinese comes from the message catalog unless the refusal brings its own. */
  message: string;
  /** A Chinese message particular to this refusal (e.g. naming a role), when it has one. */
  zh?: string;
  /**
   * The values a rule's message names (DomainError details: the township as written, the
   * townships a table would remove…), for the Chinese message and for programs.
   */
  params?: Record<string, unknown>;
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
  415: 'request.mediaType',
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

function isErrorItem(value: unknown): value is ErrorItem {
  const v = value as ErrorItem | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.field === 'string' &&
    typeof v.rule === 'string' &&
    typeof v.message === 'string' &&
    (v.zh === undefined || typeof v.zh === 'string')
  );
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
    return {
      status: STATUS[exception.kind],
      errors: [
        {
          field: exception.field,
          rule: exception.rule,
          message: exception.message,
          ...(exception.details ? { params: exception.details } : {}),
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
  if (exception instanceof LedgerIntegrityError) {
    // Not the caller's fault and not a passing outage: the log was altered (docs/audit.md).
    return {
      status: 503,
      errors: [{ field: 'log', rule: exception.rule, message: exception.message }],
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
    // An exception that names its field and rule itself (e.g. the access layer's refusals).
    const body = exception.getResponse() as { errors?: unknown };
    if (Array.isArray(body?.errors) && body.errors.every(isErrorItem)) {
      return { status, errors: body.errors };
    }
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
