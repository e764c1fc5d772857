import { IdDocumentKind, Sex } from '../identity/resident-id';
import { LocalDate } from '../common/time';
import { BasicInsuranceScheme, ResidentTier } from '../plan/plan-definition';

/** An encrypted envelope produced outside the domain; the domain only carries it. */
export type SealedIdentity = Readonly<Record<string, unknown>>;

/** What the domain knows of an insured person: derived facts, never the raw ID number. */
export interface InsuredPerson {
  personRef: string;
  idKind: IdDocumentKind;
  birthDate: LocalDate;
  sex: Sex;
  /** Name, ID number and phone, encrypted with the person's own key (crypto-shredding). */
  sealedIdentity: SealedIdentity;
  /** 003 full subsidies are for residents with local household registration (本市户籍). */
  localHouseholdRegistration?: boolean;
}

/** The person's basic medical insurance, as reported by the enrolling channel. */
export interface BasicInsuranceStatus {
  scheme: BasicInsuranceScheme;
  /** GB/T 2260 code of the area where the person holds basic insurance. */
  insuredRegionCode: string;
  residentTier?: ResidentTier;
  /** 001 new citizens: where the person lives long-term, when insured elsewhere. */
  residenceRegionCode?: string;
}
