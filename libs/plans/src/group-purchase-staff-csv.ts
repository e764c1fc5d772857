import { BasicInsuranceScheme, invalid, ResidentTier } from '@ledger/domain';
import { splitCsvLine } from './csv-line';

export interface StaffCsvLine {
  idNumber: string;
  name?: string;
  basicInsurance: {
    scheme: BasicInsuranceScheme;
    insuredRegionCode: string;
    residentTier?: ResidentTier;
  };
  /** The township by Chinese name, statistical division code or id. */
  township?: string;
  localHouseholdRegistration?: boolean;
  /** The line's number in the file (the header is line 1). */
  line: number;
}

const YES = /^(1|true|yes|是)$/i;
const TIERS = ['adult', 'infant', 'student'];

/**
 * An employer's staff list for a group purchase (团体参保) as CSV: idNumber, name, scheme,
 * insuredRegionCode, residentTier, township, localHouseholdRegistration. Each line keeps its
 * number in the file; a line with a scheme or region the ledger cannot read is refused whole
 * (naming the line), since the employer's terms apply to the list as a whole.
 */
export function parseGroupPurchaseStaffCsv(text: string): StaffCsvLine[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, i) => ({ line, number: i + 1 }))
    .filter((l) => l.line.trim() !== '');
  if (lines.length < 2)
    throw invalid(
      'file',
      'groupPurchase.notEmpty',
      'the staff list needs a header row and at least one person',
    );
  const header = splitCsvLine(lines[0].line).map((h) => h.trim());
  for (const required of ['idNumber', 'scheme', 'insuredRegionCode']) {
    if (!header.includes(required))
      throw invalid(
        'file',
        'groupPurchase.header',
        `the header must have an "${required}" column`,
        {
          column: required,
        },
      );
  }
  return lines.slice(1).map(({ line, number }, i) => {
    const cells = splitCsvLine(line);
    const at = (name: string) =>
      header.indexOf(name) >= 0 ? (cells[header.indexOf(name)] ?? '').trim() : '';
    const scheme = at('scheme');
    if (scheme !== 'employee' && scheme !== 'resident')
      throw invalid(
        `staff[${i}].scheme`,
        'groupPurchase.scheme',
        `line ${number}: scheme must be employee or resident`,
        {
          line: number,
        },
      );
    const region = at('insuredRegionCode');
    if (!/^\d{6}$/.test(region))
      throw invalid(
        `staff[${i}].insuredRegionCode`,
        'groupPurchase.insuredRegionCode',
        `line ${number}: insuredRegionCode must be a 6-digit GB/T 2260 code`,
        { line: number },
      );
    const tier = at('residentTier');
    if (tier && !TIERS.includes(tier))
      throw invalid(
        `staff[${i}].residentTier`,
        'groupPurchase.residentTier',
        `line ${number}: residentTier is adult, infant or student`,
        {
          line: number,
        },
      );
    return {
      idNumber: at('idNumber'),
      ...(at('name') ? { name: at('name') } : {}),
      basicInsurance: {
        scheme,
        insuredRegionCode: region,
        ...(tier ? { residentTier: tier as ResidentTier } : {}),
      },
      ...(at('township') ? { township: at('township') } : {}),
      ...(at('localHouseholdRegistration')
        ? { localHouseholdRegistration: YES.test(at('localHouseholdRegistration')) }
        : {}),
      line: number,
    };
  });
}
