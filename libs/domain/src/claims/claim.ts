import { Fen } from '../common/money';
import { LocalDate } from '../common/time';

/**
 * What the layers before Huiminbao paid on a claim (002 三(三) 赔付顺序: basic insurance, then
 * critical-illness insurance, then medical aid, then Huiminbao). Integer fen.
 */
export interface PriorLayers {
  basicInsuranceFen: Fen;
  criticalIllnessInsuranceFen: Fen;
  medicalAidFen: Fen;
}

/**
 * What is left to the person on one responsibility after the prior layers. A responsibility paid
 * "by drug" (000 Q8 special drugs, 003 R3) may come as several lines, one per drug: they are summed
 * into one engine line and the per-drug detail is kept in the event.
 */
export interface ClaimLineInput {
  responsibilityCode: string;
  residualFen: Fen;
  /** Drug name for drug responsibilities; lines of one responsibility must name distinct drugs. */
  drug?: string;
}

/** The facts of a claim as submitted (the claim id aside). */
export interface ClaimFacts {
  /** Date of the treatment or purchase (Asia/Shanghai); decides coverage and suspension. */
  serviceDate: LocalDate;
  hospital: string;
  /** The whole expense of the claim, in fen; the prior layers and the residuals come out of it. */
  totalExpenseFen: Fen;
  priorLayers: PriorLayers;
  lines: ClaimLineInput[];
  /** The condition existed before enrollment (既往症): paid at the pre-existing ratio if set. */
  preExisting: boolean;
  /** Incurred outside the home city: counts at the responsibility's out-of-area share. */
  outOfArea: boolean;
}

export interface ClaimSubmission extends ClaimFacts {
  /** The claim's id (the insurer's or channel's claim number); accepted once per policy. */
  claimId: string;
}

/** Total expense minus what the prior layers paid: the most the residual lines may add up to. */
export function selfBorneFen(facts: Pick<ClaimFacts, 'totalExpenseFen' | 'priorLayers'>): Fen {
  const p = facts.priorLayers;
  return (
    facts.totalExpenseFen - p.basicInsuranceFen - p.criticalIllnessInsuranceFen - p.medicalAidFen
  );
}
