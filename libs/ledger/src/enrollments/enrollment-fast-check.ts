import Ajv, { SchemaObject } from 'ajv';
import { isISO8601 } from 'class-validator';
import { CONTRIBUTION_SOURCES, PERSONAL_ACCOUNT_KINDS } from '@ledger/domain';
import { TEXT_BOUNDS } from '../core/text-bounds';

/**
 * A compiled check that says "class-validator would accept this enrollment as it is" for the
 * common case, at a few µs instead of the ~40 µs class-transformer and class-validator take per
 * enrollment (a sixth of a batch request's CPU, docs/performance.md). It is deliberately
 * stricter than EnrollmentDto's rules (nulls for optional fields, lengths counted per code
 * point, `{}` with no properties …): whatever it refuses goes through class-validator, which
 * alone writes refusals, so answers and messages are those of the DTO. What it accepts, the DTO
 * accepts unchanged (enrollment-fast-check.spec.ts holds it to that on mutated bodies).
 */
const ajv = new Ajv({
  allErrors: false,
  // Patterns as class-validator's @Matches runs them: a RegExp without flags.
  unicodeRegExp: false,
  // Nothing is coerced, defaulted or removed: the body passes on exactly as sent.
  coerceTypes: false,
  useDefaults: false,
  removeAdditional: false,
});
// The very function behind @IsISO8601({ strict: true }).
ajv.addFormat('iso8601-strict', {
  type: 'string',
  validate: (s: string) => isISO8601(s, { strict: true }),
});

const text = (maxLength: number): SchemaObject => ({ type: 'string', maxLength });
const nonEmptyText = (maxLength: number): SchemaObject => ({
  type: 'string',
  minLength: 1,
  maxLength,
});
const among = (values: readonly string[]): SchemaObject => ({ type: 'string', enum: [...values] });
const closed = (properties: Record<string, SchemaObject>, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

const person = {
  idNumber: { type: 'string', pattern: '^\\s*\\d{17}[\\dXx]\\s*$' },
  name: text(100),
  phone: { type: 'string', pattern: '^\\+?[0-9 -]{5,20}$' },
  localHouseholdRegistration: { type: 'boolean' },
};

/** EnrollmentDto's rules as a JSON Schema (enrollment.dto.ts is the authority). */
export const ENROLLMENT_FAST_SCHEMA = closed(
  {
    person: closed(person, ['idNumber']),
    basicInsurance: closed(
      {
        scheme: among(['employee', 'resident']),
        insuredRegionCode: { type: 'string', pattern: '^\\d{6}$' },
        residentTier: among(['adult', 'infant', 'student']),
        residenceRegionCode: { type: 'string', pattern: '^\\d{6}$' },
      },
      ['scheme', 'insuredRegionCode'],
    ),
    townshipId: text(TEXT_BOUNDS.id),
    township: text(TEXT_BOUNDS.name),
    contributions: {
      type: 'array',
      minItems: 1,
      items: closed(
        {
          source: among(CONTRIBUTION_SOURCES),
          amountFen: { type: 'integer', minimum: 1 },
          payer: closed({ ...person, scheme: among(['employee', 'resident']) }, ['idNumber']),
          // @IsString @MaxLength only: the decider names a wrong relation (domain rule).
          relation: text(TEXT_BOUNDS.id),
          account: among(PERSONAL_ACCOUNT_KINDS),
          deduction: among(['settled', 'pending']),
          funder: closed(
            { funderId: nonEmptyText(TEXT_BOUNDS.id), name: nonEmptyText(TEXT_BOUNDS.name) },
            ['funderId', 'name'],
          ),
          fund: among(['welfare', 'union']),
          category: text(TEXT_BOUNDS.id),
        },
        ['source', 'amountFen'],
      ),
    },
    occurredAt: { type: 'string', format: 'iso8601-strict' },
  },
  ['person', 'basicInsurance', 'contributions'],
);

/** Compiles a body check; true means the DTO would accept the body unchanged. */
export function compileFastCheck(schema: SchemaObject): (value: unknown) => boolean {
  const validate = ajv.compile(schema);
  return (value) => validate(value);
}

export const acceptsEnrollment = compileFastCheck(ENROLLMENT_FAST_SCHEMA);
