import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { Response } from 'express';
import { DomainError } from '@ledger/domain';
import { IdempotencyViolationError, WrongExpectedRevisionError } from '@ledger/event-store';
import { PersonErasedError } from '@ledger/privacy';
import { ConcurrencyConflictError } from '../ledger/ledger-streams';

export interface ErrorItem {
  field: string;
  rule: string;
  message: string;
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

/** Every refusal is JSON naming the field and the rule. */
@Catch()
export class LedgerExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const send = (status: number, errors: ErrorItem[]): void => {
      res.status(status).json({
        statusCode: status,
        message: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        errors,
      });
    };
    if (exception instanceof DomainError) {
      return send(STATUS[exception.kind], [
        { field: exception.field, rule: exception.rule, message: exception.message },
      ]);
    }
    if (
      exception instanceof ConcurrencyConflictError ||
      exception instanceof WrongExpectedRevisionError
    ) {
      return send(409, [
        { field: 'stream', rule: 'concurrency.expectedRevision', message: exception.message },
      ]);
    }
    if (exception instanceof IdempotencyViolationError) {
      return send(409, [
        {
          field: 'Idempotency-Key',
          rule: 'idempotency.sameKeySameEvents',
          message: exception.message,
        },
      ]);
    }
    if (exception instanceof PersonErasedError) {
      return send(409, [
        { field: 'person.idNumber', rule: 'privacy.erased', message: exception.message },
      ]);
    }
    if (exception instanceof BadRequestException) {
      const body = exception.getResponse() as {
        validationErrors?: ValidationError[];
        message?: unknown;
      };
      if (body.validationErrors) return send(400, validationItems(body.validationErrors));
      return send(400, [
        {
          field: 'body',
          rule: 'request.malformed',
          message: String(body.message ?? exception.message),
        },
      ]);
    }
    if (exception instanceof HttpException) {
      return send(exception.getStatus(), [
        { field: 'request', rule: `http.${exception.getStatus()}`, message: exception.message },
      ]);
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return send(500, [
      {
        field: 'server',
        rule: 'internal',
        message:
          'internal error; nothing was recorded for this request unless a receipt was returned',
      },
    ]);
  }
}
