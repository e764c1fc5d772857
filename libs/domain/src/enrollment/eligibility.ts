import { invalid } from '../common/domain-error';
import { Eligibility } from '../plan/plan-definition';
import { BasicInsuranceStatus, InsuredPerson } from './insured-person';

export type EligibilityBasis = 'insured_in_region' | 'new_citizen' | 'hong_kong_macau_taiwan';

const startsWithAny = (code: string | undefined, prefixes: readonly string[]) =>
  code !== undefined && prefixes.some((p) => code.startsWith(p));

/**
 * Anyone in the region's basic medical insurance may enroll, employee or resident, with no limit
 * on age, sex, registration, occupation or health. 001 also admits new citizens insured elsewhere
 * who live long-term in the region, and HK/Macau/Taiwan residents insured in the province.
 */
export function eligibilityBasis(
  rules: Eligibility,
  person: Pick<InsuredPerson, 'idKind'>,
  insurance: BasicInsuranceStatus,
): EligibilityBasis {
  if (!rules.schemes.includes(insurance.scheme)) {
    throw invalid(
      'basicInsurance.scheme',
      'eligibility.scheme',
      `this plan admits ${rules.schemes.join(' and ')} basic insurance, not ${insurance.scheme}`,
    );
  }
  if (!/^\d{6}$/.test(insurance.insuredRegionCode ?? '')) {
    throw invalid(
      'basicInsurance.insuredRegionCode',
      'eligibility.regionCode',
      'basicInsurance.insuredRegionCode must be a 6-digit GB/T 2260 code',
    );
  }
  if (insurance.residentTier !== undefined && insurance.scheme !== 'resident') {
    throw invalid(
      'basicInsurance.residentTier',
      'eligibility.residentTierOnlyForResidents',
      'a resident tier applies only to resident basic insurance',
    );
  }
  if (startsWithAny(insurance.insuredRegionCode, rules.insuredRegionPrefixes))
    return 'insured_in_region';
  if (
    rules.newCitizens &&
    startsWithAny(insurance.residenceRegionCode, rules.newCitizens.residenceRegionPrefixes)
  ) {
    return 'new_citizen';
  }
  if (
    rules.hkMacauTaiwan &&
    person.idKind !== 'mainland_resident_id' &&
    startsWithAny(insurance.insuredRegionCode, rules.hkMacauTaiwan.insuredRegionPrefixes)
  ) {
    return 'hong_kong_macau_taiwan';
  }
  throw invalid(
    'basicInsurance.insuredRegionCode',
    'eligibility.basicInsuranceRegion',
    `basic insurance held in ${insurance.insuredRegionCode} is outside this plan's region (${rules.insuredRegionPrefixes.join(', ')})`,
  );
}
