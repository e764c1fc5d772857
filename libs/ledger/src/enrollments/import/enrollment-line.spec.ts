import { parseEnrollmentLine } from './enrollment-line';

describe('Enrollment file lines: validated by the same DTO rules as POST /enrollments', () => {
  const valid = {
    person: { idNumber: '360730198005060112', name: '张三' },
    basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
    contributions: [{ source: 'individual', amountFen: 10000 }],
  };

  it('accepts a well-formed enrollment and keeps its line number', () => {
    const parsed = parseEnrollmentLine([12, JSON.stringify(valid)]);
    expect(parsed).toMatchObject({ line: 12, request: { person: { name: '张三' } } });
  });

  it('names a line that is not JSON, or not one object', () => {
    expect(parseEnrollmentLine([3, '{"person":'])).toMatchObject({
      invalid: { line: 3, outcome: 'invalid', errors: [{ field: 'line', rule: 'import.json' }] },
    });
    expect(parseEnrollmentLine([4, '[1,2]'])).toMatchObject({
      invalid: { errors: [{ field: 'line', rule: 'import.json' }] },
    });
  });

  it('names every failed field and rule, nested paths included, and unknown fields', () => {
    const parsed = parseEnrollmentLine([
      7,
      JSON.stringify({
        ...valid,
        basicInsurance: undefined,
        contributions: [{ source: 'lottery', amountFen: -1 }],
        nickname: 'x',
      }),
    ]);
    expect('invalid' in parsed && parsed.invalid.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'basicInsurance', rule: 'validation.isDefined' }),
        expect.objectContaining({ field: 'contributions[0].source', rule: 'validation.isIn' }),
        expect.objectContaining({ field: 'contributions[0].amountFen' }),
        expect.objectContaining({ field: 'nickname', rule: 'validation.whitelistValidation' }),
      ]),
    );
  });
});
