import { DomainError } from '../common/domain-error';
import { checkCharacter, composeResidentId, parseResidentId } from './resident-id';

const TODAY = '2026-11-23';

function refusal(raw: string): DomainError {
  try {
    parseResidentId(raw, 'person.idNumber', TODAY);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error(`expected ${raw} to be refused`);
}

describe('Identity: GB 11643-1999 resident ID numbers (DOMAIN.md, Eligibility / Identity)', () => {
  it('computes the ISO 7064 MOD 11-2 check character with weights 7 9 10 5 8 4 2 1 6 3 ...', () => {
    // The standard's own example: 11010519491231002X
    // Σ = 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 189; 189 mod 11 = 2 → "X"
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('44052418800101001')).toBe('4');
  });

  it('derives birth date and sex (odd 17th digit = male) from the number', () => {
    const id = parseResidentId('11010519491231002x', 'person.idNumber', TODAY);
    expect(id).toEqual({
      normalized: '11010519491231002X',
      kind: 'mainland_resident_id',
      regionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    const male = parseResidentId(composeResidentId('360730', '1980-05-06', 13), 'x', TODAY);
    expect(male.sex).toBe('male');
    expect(male.birthDate).toBe('1980-05-06');
  });

  it('refuses a wrong check character without naming the "right" one (the typo may be any digit: a clerk told the last digit would change it)', () => {
    const e = refusal('110105194912310021');
    expect(e.rule).toBe('idNumber.checkCharacter');
    expect(e.field).toBe('person.idNumber');
    expect(e.message).toContain('check every digit');
    expect(e.message).not.toMatch(/\bX\b|gives|should be/);
  });

  it('refuses malformed numbers, impossible and future birth dates, unknown provinces', () => {
    expect(refusal('1101051949123100').rule).toBe('idNumber.format');
    expect(refusal('11010519491231002Y').rule).toBe('idNumber.format');
    expect(refusal(composeResidentId('360730', '2023-02-29', 1).slice(0, 17) + '0').rule).toBe(
      'idNumber.birthDate',
    );
    expect(refusal(composeResidentId('360730', '2027-01-01', 1)).rule).toBe('idNumber.birthDate');
    expect(refusal(composeResidentId('990000', '1990-01-01', 1)).rule).toBe('idNumber.region');
  });

  it('accepts HK/Macau/Taiwan residence permits (prefixes 810000, 820000, 830000) in the same format', () => {
    expect(parseResidentId(composeResidentId('810000', '1990-03-04', 12), 'x', TODAY).kind).toBe(
      'hong_kong_residence_permit',
    );
    expect(parseResidentId(composeResidentId('820000', '1990-03-04', 12), 'x', TODAY).kind).toBe(
      'macau_residence_permit',
    );
    expect(
      parseResidentId(composeResidentId('830000', '1990-03-04', 11), 'x', TODAY),
    ).toMatchObject({
      kind: 'taiwan_residence_permit',
      sex: 'male',
    });
  });
});
