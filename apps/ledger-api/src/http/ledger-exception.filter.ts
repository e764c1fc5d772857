import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { Response } from 'express';
import { ErrorItem, refusalOf } from '@ledger/ledger';

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
    const refusal = refusalOf(exception);
    if (refusal) return send(refusal.status, refusal.errors);
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
