import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { CONTRIBUTION_SOURCES, PERSONAL_ACCOUNT_KINDS } from '@ledger/domain';
import { acceptsEnrollment } from './enrollment-fast-check';
import { EnrollmentDto } from './enrollment.dto';
import { bundledPlan } from '@ledger/plans';
import { demoEnrollments } from '../demo/demo-campaign';

/** What the API's pipe does with a body (whitelisted, nested): errors, and the data it passes on. */
function byTheDto(body: unknown): { errors: number; data: unknown } {
  const instance = plainToInstance(EnrollmentDto, body);
  const errors = validateSync(instance as object, { whitelist: true, forbidNonWhitelisted: true });
  return { errors: errors.length, data: JSON.parse(JSON.stringify(instance)) as unknown };
}

// Values a client might send in any field: right ones, near misses and junk.
const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 5 }),
  fc.constant(''),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
);
/** A mutation applied to one body in ten. */
const sometimes = <T>(mutation: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, mutation);
const near = (...values: unknown[]) => fc.constantFrom(...values);
/** Mostly one of the right values, sometimes a near miss. */
const choice = (right: readonly unknown[], wrong: unknown[]) =>
  fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...right) }, near(...wrong));
const field = (good: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 30, arbitrary: good }, { weight: 1, arbitrary: junk });
const optional = (good: fc.Arbitrary<unknown>) =>
  fc.option(field(good), { nil: undefined, freq: 3 });
const longText = (max: number) =>
  fc.oneof(
    { weight: 10, arbitrary: fc.string({ maxLength: 12 }) },
    fc.string({ maxLength: max + 2 }),
    fc.string({ unit: 'grapheme', maxLength: max + 2 }),
    fc.constant('a'.repeat(max)),
    fc.constant('a'.repeat(max + 1)),
    fc.constant('😀'.repeat(max / 2 + 1)),
    fc.constant('\uFE0F'.repeat(max + 1)),
  );
const idNumber = fc.oneof(
  { weight: 10, arbitrary: fc.stringMatching(/^\d{17}[\dXx]$/) },
  near(' 36073019800506011X ', '36073019800506011', '3607301980050601123', '36073019800506011\n'),
  fc.string({ maxLength: 20 }),
);
const phone = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^\+?[0-9 -]{5,20}$/) },
  near('1234', '+86 139-0000-0000x'),
);
const regionCode = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^\d{6}$/) },
  near('36073', '3607300', ' 360730'),
);
const instant = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2100-01-01') })
      .map((d) => d.toISOString()),
  },
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  near(
    '2023-12-20T10:00:00+08:00',
    '2023-02-30T10:00:00+08:00',
    '2023-12-20',
    '2023-12-20T24:00:00+08:00',
    '2023-12-20 10:00:00',
    '20231220T100000+0800',
    '2023-12-20T10:00:00.123456789+08:00',
  ),
);
const person = (payer: boolean) =>
  fc.record(
    {
      idNumber: field(idNumber),
      name: optional(longText(100)),
      phone: optional(phone),
      localHouseholdRegistration: optional(fc.boolean()),
      ...(payer ? { scheme: optional(choice(['employee', 'resident'], ['Employee'])) } : {}),
    },
    { requiredKeys: ['idNumber'] },
  );
const contribution = fc.record(
  {
    source: field(choice(CONTRIBUTION_SOURCES, ['INDIVIDUAL', 'other'])),
    amountFen: field(
      fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: -2, max: 100_000 }) },
        near(1.5, 1e21, -0),
      ),
    ),
    payer: optional(person(true)),
    relation: optional(fc.oneof(near('self', 'spouse', 'parent', 'child'), longText(64))),
    account: optional(choice(PERSONAL_ACCOUNT_KINDS, ['savings'])),
    deduction: optional(choice(['settled', 'pending'], ['done'])),
    funder: optional(fc.record({ funderId: field(longText(64)), name: field(longText(100)) })),
    fund: optional(choice(['welfare', 'union'], ['other'])),
    category: optional(longText(64)),
  },
  { requiredKeys: ['source', 'amountFen'] },
);
const enrollment = fc
  .tuple(
    fc.record(
      {
        person: field(person(false)),
        basicInsurance: field(
          fc.record(
            {
              scheme: field(choice(['employee', 'resident'], ['rural'])),
              insuredRegionCode: field(regionCode),
              residentTier: optional(choice(['adult', 'infant', 'student'], ['senior'])),
              residenceRegionCode: optional(regionCode),
            },
            { requiredKeys: ['scheme', 'insuredRegionCode'] },
          ),
        ),
        townshipId: optional(longText(64)),
        township: optional(longText(100)),
        contributions: field(
          fc.oneof(
            {
              weight: 12,
              arbitrary: fc.array(field(contribution), { minLength: 1, maxLength: 3 }),
            },
            fc.constant([]),
          ),
        ),
        occurredAt: optional(instant),
      },
      { requiredKeys: ['person', 'basicInsurance', 'contributions'] },
    ),
    sometimes(fc.constantFrom('person', 'basicInsurance', 'contributions')),
    sometimes(fc.constantFrom('nickname', '__proto__', 'constructor', 'toString')),
  )
  .map(([body, dropped, extra]) => {
    const clean = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
    if (dropped) delete clean[dropped];
    // As JSON.parse delivers an unknown key, "__proto__" included (an own property).
    if (extra) Object.defineProperty(clean, extra, { value: 1, enumerable: true });
    return clean;
  });

describe('The compiled enrollment check in front of EnrollmentDto (issue 17)', () => {
  it('accepts nothing the DTO refuses, and what it accepts passes on unchanged', () => {
    let accepted = 0;
    fc.assert(
      fc.property(enrollment, (body) => {
        if (!acceptsEnrollment(body)) return;
        accepted++;
        const dto = byTheDto(body);
        expect(dto.errors).toBe(0);
        expect(dto.data).toEqual(body);
      }),
      { numRuns: 20_000, seed: 17 },
    );
    // The property is not vacuous: a good share of the generated bodies take the fast path.
    expect(accepted).toBeGreaterThan(500);
  });

  it('takes the fast path for every enrollment of the demo campaign', () => {
    const plan = bundledPlan('ganzhou-2024')!.definition;
    const townships = ['t01', 't02', 't03'].map((townshipId) => ({
      townshipId,
      name: { zh: townshipId, en: townshipId },
      targets: {},
    }));
    const bodies = demoEnrollments({ ...plan, townships }, '360730', 50);
    expect(bodies.length).toBeGreaterThan(100);
    for (const { request } of bodies) {
      expect(byTheDto(request).errors).toBe(0);
      expect(acceptsEnrollment(JSON.parse(JSON.stringify(request)))).toBe(true);
    }
  });

  it('leaves every refusal to the DTO: a missing, null or unknown field is not accepted', () => {
    const good = {
      person: { idNumber: '360730198005060112', name: '王五' },
      basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
      contributions: [{ source: 'individual', amountFen: 10000 }],
    };
    expect(acceptsEnrollment(good)).toBe(true);
    expect(acceptsEnrollment({ ...good, contributions: [] })).toBe(false);
    expect(acceptsEnrollment({ ...good, person: { ...good.person, name: null } })).toBe(false);
    expect(acceptsEnrollment({ ...good, nickname: 'x' })).toBe(false);
    expect(acceptsEnrollment({ ...good, occurredAt: '2023-02-30T10:00:00+08:00' })).toBe(false);
  });
});
