import { BadRequestException, ValidationPipe } from '@nestjs/common';

/** Whitelisted, transformed DTOs; errors carry the raw ValidationError tree for the filter. */
export function ledgerValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (validationErrors) => new BadRequestException({ validationErrors }),
  });
}
