import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { compileFastCheck, ENROLLMENT_FAST_SCHEMA, EnrollmentDto } from '@ledger/ledger';

/** Enrollments per request at most: about 0.5 MB of JSON, a few hundred ms of work. */
export const MAX_BATCH_ENROLLMENTS = 1_000;

export class EnrollmentBatchDto {
  @ApiProperty({
    type: [EnrollmentDto],
    description: `1 to ${MAX_BATCH_ENROLLMENTS} enrollments, each as in POST /plans/{planId}/enrollments`,
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'enrollments must contain at least one enrollment' })
  @ArrayMaxSize(MAX_BATCH_ENROLLMENTS, {
    message: `enrollments may contain at most ${MAX_BATCH_ENROLLMENTS} enrollments per request`,
  })
  // Each item an object: `[]` or `"x"` would otherwise pass nested validation untouched.
  @IsObject({ each: true, message: 'each enrollment must be a JSON object' })
  @ValidateNested({ each: true })
  @Type(() => EnrollmentDto)
  enrollments!: EnrollmentDto[];
}

/** EnrollmentBatchDto's rules for the compiled check in front of it (http/validation.pipe.ts). */
export const acceptsEnrollmentBatch = compileFastCheck({
  type: 'object',
  properties: {
    enrollments: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_BATCH_ENROLLMENTS,
      items: ENROLLMENT_FAST_SCHEMA,
    },
  },
  required: ['enrollments'],
  additionalProperties: false,
});
