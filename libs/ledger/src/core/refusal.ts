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
  message: string;
}

/** Why a command was refused: the HTTP status and one item per field and rule. */
export interface Refusal {
  status: number;
  errors: ErrorItem[];
}

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
  if (exception instanceof DomainError) {
    return {
      status: STATUS[exception.kind],
      errors: [{ field: exception.field, rule: exception.rule, message: exception.message }],
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
      status: 409,
      errors: [
        {
          field: 'Idempotency-Key',
          rule: 'idempotency.sameKeySameEvents',
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
    return {
      status: 400,
      errors: [
        {
          field: 'body',
          rule: 'request.malformed',
          message: String(body.message ?? exception.message),
        },
      ],
    };
  }
  if (exception instanceof HttpException) {
    return {
      status: exception.getStatus(),
      errors: [
        { field: 'request', rule: `http.${exception.getStatus()}`, message: exception.message },
      ],
    };
  }
  return undefined;
}
