import { BenefitClaimLine, MAX_COUNTED_FEN } from '../benefits/benefit-calculation';
import { BenefitSchedule } from '../benefits/responsibility';
import { invalid } from '../common/domain-error';
import { assertFen } from '../common/money';
import { assertLocalDate } from '../common/time';
import { ClaimFacts, ClaimLineInput, ClaimSubmission, selfBorneFen } from './claim';

export const MAX_CLAIM_ID_LENGTH = 100;
const MAX_TEXT_LENGTH = 200;

function fen(value: unknown, field: string): number {
  const amount = assertFen(value, field);
  if (amount > MAX_COUNTED_FEN) {
    throw invalid(
      field,
      'benefits.amountTooLarge',
      `${field} must not exceed ${MAX_COUNTED_FEN} fen`,
    );
  }
  return amount;
}

function text(value: unknown, field: string, rule: string, what: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length === 0 || trimmed.length > MAX_TEXT_LENGTH) {
    throw invalid(field, rule, `${field} must be ${what} (1 to ${MAX_TEXT_LENGTH} characters)`);
  }
  return trimmed;
}

function flag(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') {
    throw invalid(field, 'benefits.flagBoolean', `${field} must be true or false`);
  }
  return value;
}

export function assertClaimId(value: unknown, field = 'claimId'): string {
  const id = typeof value === 'string' ? value.trim() : '';
  // eslint-disable-next-line no-control-regex
  if (id.length === 0 || id.length > MAX_CLAIM_ID_LENGTH || /[\u0000-\u001f]/.test(id)) {
    throw invalid(
      field,
      'claim.claimId',
      `${field} must be a non-empty claim number of at most ${MAX_CLAIM_ID_LENGTH} characters`,
    );
  }
  return id;
}

export interface ValidatedClaim {
  claimId: string;
  facts: ClaimFacts;
  selfBorneFen: number;
  /** One line per responsibility in the plan's order; drug lines of a responsibility summed. */
  engineLines: BenefitClaimLine[];
}

/**
 * Checks a claim against the plan's benefit schedule before anything is decided (DOMAIN.md
 * Benefits): amounts are non-negative integer fen, the prior layers do not exceed the total, the
 * residuals do not exceed what is left to the person after them, every line names a
 * responsibility of the plan, at most one line per responsibility (or per drug of it), and an
 * out-of-area claim only on responsibilities with an out-of-area share. Refusals are `invalid`.
 */
export function validateClaim(schedule: BenefitSchedule, input: ClaimSubmission): ValidatedClaim {
  const claimId = assertClaimId(input?.claimId);
  const serviceDate = assertLocalDate(input.serviceDate, 'serviceDate');
  const hospital = text(input.hospital, 'hospital', 'claim.hospital', 'the hospital or pharmacy');
  const totalExpenseFen = fen(input.totalExpenseFen, 'totalExpenseFen');
  const p = input.priorLayers;
  const priorLayers = {
    basicInsuranceFen: fen(p?.basicInsuranceFen, 'priorLayers.basicInsuranceFen'),
    criticalIllnessInsuranceFen: fen(
      p?.criticalIllnessInsuranceFen,
      'priorLayers.criticalIllnessInsuranceFen',
    ),
    medicalAidFen: fen(p?.medicalAidFen, 'priorLayers.medicalAidFen'),
  };
  const preExisting = flag(input.preExisting, 'preExisting');
  const outOfArea = flag(input.outOfArea, 'outOfArea');
  const left = selfBorneFen({ totalExpenseFen, priorLayers });
  if (left < 0) {
    throw invalid(
      'priorLayers',
      'claim.priorLayersWithinTotal',
      `basic insurance, critical-illness insurance and medical aid paid ${totalExpenseFen - left} fen together, more than the total expense of ${totalExpenseFen} fen`,
    );
  }
  if (!Array.isArray(input.lines) || input.lines.length === 0) {
    throw invalid('lines', 'claim.linesNonEmpty', 'a claim needs at least one residual line');
  }
  const defs = new Map(schedule.responsibilities.map((r) => [r.code, r]));
  const seen = new Map<string, Set<string | undefined>>();
  const lines: ClaimLineInput[] = input.lines.map((raw, i) => {
    const at = `lines[${i}]`;
    const code: unknown = raw?.responsibilityCode;
    const def = typeof code === 'string' ? defs.get(code.trim()) : undefined;
    if (def === undefined) {
      throw invalid(
        `${at}.responsibilityCode`,
        'benefits.unknownResponsibility',
        `${at}: the plan has no responsibility ${String(code)} (it has ${[...defs.keys()].join(', ')})`,
      );
    }
    const drug =
      raw.drug === undefined || raw.drug === null || raw.drug === ''
        ? undefined
        : text(raw.drug, `${at}.drug`, 'claim.drug', 'a drug name');
    const drugs = seen.get(def.code) ?? new Set<string | undefined>();
    if (drugs.has(drug) || (drugs.size > 0 && (drug === undefined || drugs.has(undefined)))) {
      throw invalid(
        `${at}.responsibilityCode`,
        'benefits.duplicateLine',
        `${at}: ${def.code} repeats; a claim has one line per responsibility, or one per drug with distinct drug names`,
      );
    }
    drugs.add(drug);
    seen.set(def.code, drugs);
    if (outOfArea && def.outOfAreaCountingShareBp === undefined) {
      throw invalid(
        'outOfArea',
        'benefits.outOfAreaShareNotSet',
        `responsibility ${def.code} (${def.name.zh}) has no out-of-area counting share in this plan, so an out-of-area claim on it cannot be adjudicated`,
      );
    }
    const residualFen = fen(raw.residualFen, `${at}.residualFen`);
    return { responsibilityCode: def.code, residualFen, ...(drug ? { drug } : {}) };
  });
  const residuals = lines.reduce((s, l) => s + l.residualFen, 0);
  if (residuals > left) {
    throw invalid(
      'lines',
      'claim.residualWithinSelfBorne',
      `the residual lines add up to ${residuals} fen, more than the ${left} fen left to the person after basic insurance, critical-illness insurance and medical aid (total ${totalExpenseFen} fen)`,
    );
  }
  const engineLines: BenefitClaimLine[] = schedule.responsibilities.flatMap((def) => {
    const own = lines.filter((l) => l.responsibilityCode === def.code);
    if (own.length === 0) return [];
    const residualFen = own.reduce((s, l) => s + l.residualFen, 0);
    return [{ responsibilityCode: def.code, residualFen, preExisting, outOfArea }];
  });
  return {
    claimId,
    facts: {
      serviceDate,
      hospital,
      totalExpenseFen,
      priorLayers,
      lines,
      preExisting,
      outOfArea,
    },
    selfBorneFen: left,
    engineLines,
  };
}
