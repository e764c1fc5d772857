import { AccountRelation, PersonalAccountKind } from '../plan/contribution-source';
import { IdDocumentKind, Sex } from '../identity/resident-id';
import { BasicInsuranceStatus, SealedIdentity } from '../enrollment/insured-person';
import { RenewalSkipReason } from '../product/product-events';

/** The personal-account scheduled deduction (个账预约划扣, 000 Q6) a consent authorizes. */
export interface RenewalPayment {
  source: 'personal_account';
  payerRef: string;
  payerSealedIdentity?: SealedIdentity;
  /** The holder's scheme as stated (employee: only they have a personal account). */
  payerScheme: 'employee';
  relation: AccountRelation;
  account: PersonalAccountKind;
}

/**
 * Events of one person's renewal (续保) in one product (stream renewal-{productId}-{personRef}):
 * a standing consent to be enrolled again each year by scheduled deduction, its withdrawal, and
 * the years a renewal run did not renew them (with why).
 */
export type RenewalEvent =
  | {
      type: 'RenewalConsentGiven';
      data: {
        productId: string;
        personRef: string;
        consentId: string;
        insured: {
          idKind: IdDocumentKind;
          birthYear: number;
          sex: Sex;
          sealedIdentity: SealedIdentity;
          localHouseholdRegistration?: boolean;
        };
        basicInsurance: BasicInsuranceStatus;
        townshipId?: string;
        payment: RenewalPayment;
        occurredAt: string;
      };
    }
  | {
      type: 'RenewalConsentWithdrawn';
      data: {
        productId: string;
        personRef: string;
        consentId: string;
        reason: string;
        occurredAt: string;
      };
    }
  | {
      type: 'RenewalSkipped';
      data: {
        productId: string;
        personRef: string;
        runId: string;
        planId: string;
        planYear: number;
        reason: RenewalSkipReason;
        detail: string;
        occurredAt: string;
      };
    };

export type RenewalEventOf<T extends RenewalEvent['type']> = Extract<RenewalEvent, { type: T }>;
