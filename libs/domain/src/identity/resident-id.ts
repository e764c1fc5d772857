import { invalid } from '../common/domain-error';
import { isLocalDate, LocalDate } from '../common/time';

/**
 * Mainland resident ID numbers (GB 11643-1999) and HK/Macau/Taiwan residence permits, which use
 * the same 18-character format with region prefixes 810000, 820000 and 830000.
 */
export type IdDocumentKind =
  | 'mainland_resident_id'
  | 'hong_kong_residence_permit'
  | 'macau_residence_permit'
  | 'taiwan_residence_permit';

export type Sex = 'male' | 'female';

export interface ResidentId {
  /** 18 characters, check character upper-case. */
  normalized: string;
  kind: IdDocumentKind;
  /** First 6 digits: the administrative division where the number was issued. */
  regionCode: string;
  birthDate: LocalDate;
  sex: Sex;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const PERMIT_PREFIXES: Record<string, IdDocumentKind> = {
  '810000': 'hong_kong_residence_permit',
  '820000': 'macau_residence_permit',
  '830000': 'taiwan_residence_permit',
};

/** ISO 7064 MOD 11-2 check character over the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Parses and validates an ID number. `today` (Asia/Shanghai) bounds the birth date: nobody
 * enrolled was born in the future. Refusals name the rule that failed.
 */
export function parseResidentId(raw: unknown, field: string, today: LocalDate): ResidentId {
  if (typeof raw !== 'string') throw invalid(field, 'idNumber.required', `${field} is required`);
  const normalized = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(normalized)) {
    throw invalid(
      field,
      'idNumber.format',
      `${field} must be 18 characters: 17 digits and a check character (digit or X)`,
    );
  }
  const regionCode = normalized.slice(0, 6);
  const kind = PERMIT_PREFIXES[regionCode] ?? 'mainland_resident_id';
  const province = Number(regionCode.slice(0, 2));
  if (kind === 'mainland_resident_id' && (province < 11 || province > 65)) {
    throw invalid(
      field,
      'idNumber.region',
      `${field} region code ${regionCode} is not a mainland province code`,
    );
  }
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;
  if (!isLocalDate(birthDate) || birthDate < '1880-01-01') {
    throw invalid(
      field,
      'idNumber.birthDate',
      `${field} birth date ${birthDate} is not a valid date`,
    );
  }
  if (birthDate > today) {
    throw invalid(field, 'idNumber.birthDate', `${field} birth date ${birthDate} is in the future`);
  }
  const expected = checkCharacter(normalized.slice(0, 17));
  if (normalized[17] !== expected) {
    // Never name the "right" check character: the typo may be in any of the 18 characters, and
    // a clerk told the right last digit would change it and record a wrong number.
    throw invalid(
      field,
      'idNumber.checkCharacter',
      `${field} does not add up: its check character (the 18th) does not match the first 17 digits (ISO 7064 MOD 11-2); check every digit against the ID card`,
    );
  }
  const sex: Sex = Number(normalized[16]) % 2 === 1 ? 'male' : 'female';
  return { normalized, kind, regionCode, birthDate, sex };
}

/** Builds a valid number (demo data, tests, benchmarks). `sequence` is 0..999. */
export function composeResidentId(
  regionCode: string,
  birthDate: LocalDate,
  sequence: number,
): string {
  const first17 = `${regionCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}
