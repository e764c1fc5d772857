import { ArgumentMetadata, BadRequestException, Type, ValidationPipe } from '@nestjs/common';
import { acceptsEnrollment, EnrollmentDto } from '@ledger/ledger';
import { acceptsEnrollmentBatch, EnrollmentBatchDto } from '../enrollments/enrollment-batch.dto';

/**
 * Bodies of the hot write routes with a compiled check in front of class-validator: a body it
 * accepts is passed on as sent (the DTO would accept it unchanged); anything else is validated
 * by the DTO, which alone writes refusals (enrollment-fast-check.ts).
 */
const FAST_CHECKS = new Map<Type<unknown>, (value: unknown) => boolean>([
  [EnrollmentDto, acceptsEnrollment],
  [EnrollmentBatchDto, acceptsEnrollmentBatch],
]);

class LedgerValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const fast =
      metadata.type === 'body' && metadata.metatype && FAST_CHECKS.get(metadata.metatype);
    if (fast && fast(value)) return value;
    return super.transform(value, metadata);
  }
}

/** Whitelisted, transformed DTOs; errors carry the raw ValidationError tree for the filter. */
export function ledgerValidationPipe(): ValidationPipe {
  return new LedgerValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (validationErrors) => new BadRequestException({ validationErrors }),
  });
}
