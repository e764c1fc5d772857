import { ArgumentMetadata, BadRequestException, Type, ValidationPipe } from '@nestjs/common';
import { EnrollmentDto } from '@ledger/ledger';
import { EnrollmentBatchDto } from '../enrollments/enrollment-batch.dto';
import { ledgerValidationPipe } from './validation.pipe';

/** The same settings without the compiled checks in front: class-validator alone. */
const dtoOnly = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (validationErrors) => new BadRequestException({ validationErrors }),
});

async function answer(pipe: ValidationPipe, value: unknown, metatype: Type<unknown>) {
  const metadata: ArgumentMetadata = { type: 'body', metatype };
  try {
    return { data: JSON.parse(JSON.stringify(await pipe.transform(value, metadata))) as unknown };
  } catch (error) {
    return { refused: JSON.parse(JSON.stringify((error as BadRequestException).getResponse())) };
  }
}

const enrollment = (extra: Record<string, unknown> = {}) => ({
  person: { idNumber: '360730198005060112', name: '王五', phone: '13900000000' },
  basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
  townshipId: 't02',
  occurredAt: '2023-12-21T09:00:00+08:00',
  contributions: [{ source: 'individual', amountFen: 10000 }],
  ...extra,
});

describe('The API’s validation pipe answers as class-validator alone would (issue 17)', () => {
  const pipe = ledgerValidationPipe();
  it.each<[string, unknown, Type<unknown>]>([
    ['an enrollment', enrollment(), EnrollmentDto],
    [
      'an enrollment with a null name',
      enrollment({ person: { idNumber: '360730198005060112', name: null } }),
      EnrollmentDto,
    ],
    ['an enrollment without contributions', enrollment({ contributions: [] }), EnrollmentDto],
    ['an enrollment with an unknown field', enrollment({ nickname: 'x' }), EnrollmentDto],
    [
      'a batch',
      { enrollments: [enrollment(), enrollment({ township: '黄陂镇' })] },
      EnrollmentBatchDto,
    ],
    [
      'a batch with a broken item',
      { enrollments: [enrollment(), enrollment({ basicInsurance: 1 })] },
      EnrollmentBatchDto,
    ],
    ['an empty batch', { enrollments: [] }, EnrollmentBatchDto],
    [
      'a batch of 1,001',
      { enrollments: Array.from({ length: 1_001 }, () => enrollment()) },
      EnrollmentBatchDto,
    ],
    [
      'a batch with a key beside enrollments',
      { enrollments: [enrollment()], dryRun: true },
      EnrollmentBatchDto,
    ],
    ['an array for a batch', [enrollment()], EnrollmentBatchDto],
  ])('%s', async (_, value, metatype) => {
    expect(await answer(pipe, value, metatype)).toEqual(await answer(dtoOnly, value, metatype));
  });
});
