import { BasicInsuranceScheme, invalid, ResidentTier } from '@ledger/domain';
import { splitCsvLine } from './csv-line';

export interface RosterCsvLine {
  idNumber: string;
  name?: string;
  category: string;
  basicInsurance?: {
    scheme: BasicInsuranceScheme;
    insuredRegionCode: string;
    residentTier?: ResidentTier;
  };
  townshipId?: string;
  /** The township by Chinese name or statistical division code (resolved by the ledger). */
  township?: string;
  localHouseholdRegistration?: boolean;
  /** The line's number in the file (the header is line 1). */
  line: number;
}

const YES = /^(1|true|yes|是)$/i;

/**
 * A full-subsidy roster as CSV: idNumber, name, category, scheme, insuredRegionCode,
 * residentTier, townshipId (or township: a Chinese name or division code),
 * localHouseholdRegistration. Empty scheme and region mean the line matched nobody in basic
 * insurance (kept, and reported by the import). Each line keeps its number in the file.
 */
export function parseSubsidyRosterCsv(text: string): RosterCsvLine[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, i) => ({ line, number: i + 1 }))
    .filter((l) => l.line.trim() !== '');
  if (lines.length < 2)
    throw invalid('file', 'roster.notEmpty', 'the roster needs a header row and at least one line');
  const header = splitCsvLine(lines[0].line).map((h) => h.trim());
  for (const required of ['idNumber', 'category']) {
    if (!header.includes(required))
      throw invalid('file', 'roster.header', `the header must have an "${required}" column`);
  }
  return lines.slice(1).map(({ line, number }, i) => {
    const cells = splitCsvLine(line);
    const at = (name: string) =>
      header.indexOf(name) >= 0 ? (cells[header.indexOf(name)] ?? '') : '';
    const scheme = at('scheme');
    if (scheme && scheme !== 'employee' && scheme !== 'resident') {
      throw invalid(
        `lines[${i}].scheme`,
        'roster.scheme',
        'scheme must be employee or resident (or empty when unmatched)',
      );
    }
    const tier = at('residentTier');
    return {
      idNumber: at('idNumber'),
      ...(at('name') ? { name: at('name') } : {}),
      category: at('category'),
      ...(scheme && at('insuredRegionCode')
        ? {
            basicInsurance: {
              scheme: scheme as BasicInsuranceScheme,
              insuredRegionCode: at('insuredRegionCode'),
              ...(tier ? { residentTier: tier as ResidentTier } : {}),
            },
          }
        : {}),
      ...(at('townshipId') ? { townshipId: at('townshipId') } : {}),
      ...(at('township') ? { township: at('township') } : {}),
      ...(at('localHouseholdRegistration')
        ? { localHouseholdRegistration: YES.test(at('localHouseholdRegistration')) }
        : {}),
      line: number,
    };
  });
}
