import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnrollmentDto } from '../enrollment.dto';
import { acceptsEnrollment } from '../enrollment-fast-check';
import { validationItems } from '../../core/refusal';
import { EnrollmentLineResult } from './enrollment-line-result';

/** One line of an enrollment file, as read: its 1-based number and its text. */
export type RawLine = readonly [line: number, text: string];

export type ParsedLine =
  { line: number; request: EnrollmentDto } | { line: number; invalid: EnrollmentLineResult };

/** JSON, then the API's own DTO rules (whitelisted, nested): what POST /enrollments checks. */
export function parseEnrollmentLine([line, text]: RawLine): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return invalidLine(line, 'line', 'import.json', `not JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return invalidLine(line, 'line', 'import.json', 'each line must be one JSON object');
  }
  // The common case at a few µs; anything else is checked (and refused) by the DTO itself.
  if (acceptsEnrollment(value)) return { line, request: value as EnrollmentDto };
  const request = plainToInstance(EnrollmentDto, value);
  const errors = validateSync(request, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    return {
      line,
      invalid: { line, outcome: 'invalid', status: 400, errors: validationItems(errors) },
    };
  }
  return { line, request };
}

function invalidLine(line: number, field: string, rule: string, message: string): ParsedLine {
  return {
    line,
    invalid: { line, outcome: 'invalid', status: 400, errors: [{ field, rule, message }] },
  };
}
