import { Fen } from '../common/money';
import {
  AccountRelation,
  ContributionSource,
  PersonalAccountKind,
} from '../plan/contribution-source';
import { BasicInsuranceScheme } from '../plan/plan-definition';
import { SealedIdentity } from './insured-person';

/** Who a payment came from, so a refund can go back to them. */
export interface Funder {
  funderId: string;
  name: string;
}

/** A contribution as a command states it. */
export interface ContributionInput {
  source: ContributionSource;
  amountFen: Fen;
  /** personal_account: the account holder; individual: optional other payer. */
  payer?: { personRef: string; scheme?: BasicInsuranceScheme; sealedIdentity?: SealedIdentity };
  /** personal_account: the insured's relation to the account holder. */
  relation?: AccountRelation;
  account?: PersonalAccountKind;
  /** personal_account: a scheduled deduction (000 个账预约划扣) is pending until it settles or fails. */
  deduction?: 'settled' | 'pending';
  /** employer, department, village, charity, government: who pays. */
  funder?: Funder;
  /** employer: welfare funds or union funds. */
  fund?: 'welfare' | 'union';
  /** employer: the group-purchase batch (团体参保) the contribution belongs to. */
  batchId?: string;
  /** government_full_subsidy / department_subsidy: subsidy category code of the plan. */
  category?: string;
}

export type ContributionStatus = 'paid' | 'pending' | 'failed' | 'refunded' | 'withdrawn';

/** A contribution as recorded in PolicyEnrolled. */
export interface RecordedContribution {
  contributionId: string;
  source: ContributionSource;
  amountFen: Fen;
  status: 'paid' | 'pending';
  payerRef?: string;
  payerSealedIdentity?: SealedIdentity;
  relation?: AccountRelation;
  account?: PersonalAccountKind;
  funder?: Funder;
  fund?: 'welfare' | 'union';
  /** employer: the group-purchase batch (团体参保) it belongs to. */
  batchId?: string;
  category?: string;
}
