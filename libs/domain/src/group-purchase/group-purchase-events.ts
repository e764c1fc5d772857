import { Fen } from '../common/money';
import { LocalDate } from '../common/time';

/** Who buys for its staff (团体参保): an employer from welfare funds, or a union (工会经费). */
export interface GroupPurchaser {
  /** Unified social credit code (统一社会信用代码) or another stable id. */
  employerId: string;
  name: string;
  kind: 'employer' | 'union';
}

/**
 * The employer's part of each person's premium: a share of it (60 = 60%, rounded half-up to the
 * fen) or a fixed amount (never more than the person's premium). 100% pays the whole premium.
 */
export type EmployerShare = { percent: number } | { amountFen: Fen };

/** Who pays the rest of each premium, when the employer pays part of it. */
export type RestPaidBy = 'individual' | 'personal_account';

/** Employer parts of the people a batch enrolled, grouped by amount (in order of first line). */
export interface EmployerParts {
  amountFen: Fen;
  people: number;
}

/** Lines a batch did not enroll; the employer owes nothing for them. */
export interface GroupLineNotEnrolled {
  line: number;
  personRef?: string;
  outcome: 'already_enrolled' | 'refused';
  /** already_enrolled: the part the employer would have paid (not owed, refunded if remitted). */
  nominalPartFen?: Fen;
  rule?: string;
}

export interface RemittanceReconciliation {
  expectedFen: Fen;
  receivedFen: Fen;
  /** received − expected: negative when short. */
  differenceFen: Fen;
  status: 'balanced' | 'short' | 'over';
  enrolledPeople: number;
  /**
   * The difference in people: whole employer parts of `partFen` (the most common part in the
   * batch) it amounts to, and the fen left over (0 when it is whole people).
   */
  people: number;
  partFen: Fen;
  remainderFen: Fen;
  /** Over: due back to the employer. Short: still owed by the employer. */
  refundDueFen: Fen;
  owedFen: Fen;
  /** Staff already enrolled: their parts, included in a remittance for the whole list, are due back. */
  alreadyEnrolled: { people: number; nominalFen: Fen };
}

/** Events of one purchaser in one plan (stream employer-{planId}-{employerId}). */
export type GroupPurchaseEvent =
  | {
      type: 'GroupPurchaseSubmitted';
      data: {
        planId: string;
        employerId: string;
        employerName: string;
        kind: GroupPurchaser['kind'];
        batchId: string;
        employerShare: EmployerShare;
        restPaidBy: RestPaidBy;
        lines: number;
        /** sha256 of the staff list and terms: the same batch id is the same list. */
        digest: string;
        occurredAt: string;
      };
    }
  | {
      type: 'GroupPurchaseBatchApplied';
      data: {
        planId: string;
        employerId: string;
        batchId: string;
        enrolled: number;
        expectedRemittanceFen: Fen;
        employerParts: EmployerParts[];
        notEnrolled: GroupLineNotEnrolled[];
        occurredAt: string;
      };
    }
  | {
      type: 'GroupRemittanceReceived';
      data: {
        planId: string;
        employerId: string;
        batchId: string;
        amountFen: Fen;
        receivedOn: LocalDate;
        reference?: string;
        reconciliation: RemittanceReconciliation;
        occurredAt: string;
      };
    };
