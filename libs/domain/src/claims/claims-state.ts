import { BenefitAccumulators, emptyBenefitAccumulators } from '../benefits/accumulators';
import { BasicInsuranceSuspension } from './basic-insurance-suspension';
import { ClaimAdjudicatedData, ClaimEvent, ClaimEventOf, PayoutApprovedData } from './claim-events';

export type ClaimStatus = 'adjudicated' | 'approved' | 'paid';

/** A claim id that was accepted (adjudicated): it cannot be accepted again. */
export interface AcceptedClaim {
  claimId: string;
  status: ClaimStatus;
  adjudicated: ClaimAdjudicatedData;
  approved?: PayoutApprovedData;
  paid?: ClaimEventOf<'PayoutPaid'>['data'];
}

/** The claims part of a policy: the plan year's accumulators and every claim and suspension. */
export interface ClaimsState {
  /** Folded from ClaimAdjudicated.accumulatorsAfter. */
  accumulators: BenefitAccumulators;
  accepted: AcceptedClaim[];
  /** Business rejections, oldest first (for audit; they do not consume the claim id). */
  rejections: ClaimEventOf<'ClaimRejected'>['data'][];
  suspensions: BasicInsuranceSuspension[];
}

export function emptyClaimsState(): ClaimsState {
  return {
    accumulators: emptyBenefitAccumulators(),
    accepted: [],
    rejections: [],
    suspensions: [],
  };
}

/** The claims part of a policy state (empty before the first claim or suspension). */
export function claimsOf(policy: { claims?: ClaimsState } | undefined): ClaimsState {
  return policy?.claims ?? emptyClaimsState();
}

export function acceptedClaim(state: ClaimsState, claimId: string): AcceptedClaim | undefined {
  return state.accepted.find((c) => c.claimId === claimId);
}

function updateClaim(
  state: ClaimsState,
  claimId: string,
  change: (c: AcceptedClaim) => AcceptedClaim,
): ClaimsState {
  if (!acceptedClaim(state, claimId)) throw new Error(`payout event for unknown claim ${claimId}`);
  return {
    ...state,
    accepted: state.accepted.map((c) => (c.claimId === claimId ? change(c) : c)),
  };
}

export function evolveClaims(state: ClaimsState, event: ClaimEvent): ClaimsState {
  switch (event.type) {
    case 'BasicInsuranceSuspended':
      return {
        ...state,
        suspensions: [...state.suspensions, { from: event.data.from, reason: event.data.reason }],
      };
    case 'BasicInsuranceRestored': {
      const d = event.data;
      return {
        ...state,
        suspensions: state.suspensions.map((s) =>
          s.from === d.suspendedFrom && s.restoredOn === undefined
            ? { ...s, restoredOn: d.restoredOn, backPaid: d.backPaid }
            : s,
        ),
      };
    }
    case 'ClaimRejected':
      return { ...state, rejections: [...state.rejections, event.data] };
    case 'ClaimAdjudicated':
      return {
        ...state,
        accumulators: event.data.accumulatorsAfter,
        accepted: [
          ...state.accepted,
          { claimId: event.data.claimId, status: 'adjudicated', adjudicated: event.data },
        ],
      };
    case 'PayoutApproved':
      return updateClaim(state, event.data.claimId, (c) => ({
        ...c,
        status: 'approved',
        approved: event.data,
      }));
    case 'PayoutPaid':
      return updateClaim(state, event.data.claimId, (c) => ({
        ...c,
        status: 'paid',
        paid: event.data,
      }));
  }
}
