import { BenefitSchedule, BenefitSegment } from '../benefits/responsibility';
import { invalid } from '../common/domain-error';
import { addYears } from '../common/time';
import { ContributionSource } from '../plan/contribution-source';
import {
  CancellationRule,
  Coalition,
  Coverage,
  Eligibility,
  EnrollmentWindow,
  PlanDefinition,
  PremiumSchedule,
  ScorecardSettings,
  SubsidyCategory,
  TargetRule,
} from '../plan/plan-definition';

/** A targeted change of one responsibility (deductible, ratios, cap) from last year's values. */
export interface ResponsibilityChange {
  code: string;
  deductibleFen?: number;
  segments?: BenefitSegment[];
  /** null removes it. */
  preExistingRatioBp?: number | null;
  /** null removes it (only the plan cap applies then). */
  capFen?: number | null;
}

/**
 * What next year's plan changes from this year's (002 三(四) 动态调整: premium, deductible, ratios,
 * caps, window, coverage, targets). Whole fields replace last year's; `responsibilities` edits
 * single responsibilities of last year's schedule; anything not given is carried over, with the
 * dates (window, coverage, target deadline) moved on by a year.
 */
export interface PlanYearChanges {
  premium?: PremiumSchedule;
  enrollmentWindow?: EnrollmentWindow;
  coverage?: Coverage;
  targets?: TargetRule;
  benefits?: BenefitSchedule;
  responsibilities?: ResponsibilityChange[];
  /** null removes the plan cap. */
  planCapFen?: number | null;
  acceptedSources?: ContributionSource[];
  subsidyCategories?: SubsidyCategory[];
  eligibility?: Eligibility;
  cancellation?: CancellationRule;
  scorecard?: ScorecardSettings;
  notes?: string[];
}

const CHANGEABLE: readonly (keyof PlanYearChanges)[] = [
  'premium',
  'enrollmentWindow',
  'coverage',
  'targets',
  'benefits',
  'responsibilities',
  'planCapFen',
  'acceptedSources',
  'subsidyCategories',
  'eligibility',
  'cancellation',
  'scorecard',
  'notes',
];

export interface DerivedDefinition {
  definition: PlanDefinition;
  /** Fields moved on by the year difference because no change was given for them. */
  shifted: string[];
}

function changedResponsibilities(
  schedule: BenefitSchedule | undefined,
  edits: readonly ResponsibilityChange[],
  shifted: string[],
): BenefitSchedule {
  if (!schedule) {
    throw invalid(
      'changes.responsibilities',
      'derivation.responsibilitiesNeedSchedule',
      'last year has no benefit schedule to change: give changes.benefits instead',
    );
  }
  const responsibilities = schedule.responsibilities.map((r) => ({ ...r }));
  edits.forEach((edit, i) => {
    const f = `changes.responsibilities[${i}]`;
    const r = responsibilities.find((x) => x.code === edit?.code);
    if (!r) {
      throw invalid(
        `${f}.code`,
        'derivation.knownResponsibility',
        `no responsibility ${String(edit?.code)} in last year's schedule (${schedule.responsibilities.map((x) => x.code).join(', ')})`,
      );
    }
    if (edit.segments !== undefined) r.segments = edit.segments.map((s) => ({ ...s }));
    else if (
      edit.deductibleFen !== undefined &&
      r.segments.length > 0 &&
      r.segments[0].fromFen === r.deductibleFen &&
      (r.segments.length < 2 || edit.deductibleFen < r.segments[1].fromFen)
    ) {
      // The scale started at the deductible (000: 1.5万 to 20万 55%): it still does.
      r.segments = r.segments.map((s, k) => (k === 0 ? { ...s, fromFen: edit.deductibleFen! } : s));
      shifted.push(`benefits.${r.code}.segments[0].fromFen`);
    }
    if (edit.deductibleFen !== undefined) r.deductibleFen = edit.deductibleFen;
    if (edit.preExistingRatioBp === null) delete r.preExistingRatioBp;
    else if (edit.preExistingRatioBp !== undefined) r.preExistingRatioBp = edit.preExistingRatioBp;
    if (edit.capFen === null) delete r.capFen;
    else if (edit.capFen !== undefined) r.capFen = edit.capFen;
  });
  return { ...schedule, responsibilities };
}

/**
 * Next year's definition from this year's: identifiers and year set, the changes applied, the
 * dates not changed moved on, the coalition as the product's terms decide (`coalition`: the
 * term's, or undefined when a term ended and a new one must be selected). Validated by the caller.
 */
export function deriveDefinition(
  from: PlanDefinition,
  target: { planId: string; planYear: number },
  changes: PlanYearChanges,
  coalition: Coalition | undefined,
): DerivedDefinition {
  if (changes === null || typeof changes !== 'object' || Array.isArray(changes)) {
    throw invalid('changes', 'derivation.changesObject', 'changes must be an object');
  }
  for (const key of Object.keys(changes)) {
    if (!(CHANGEABLE as readonly string[]).includes(key)) {
      throw invalid(
        `changes.${key}`,
        'derivation.changeableField',
        `${key} cannot be changed when deriving next year's plan (changeable: ${CHANGEABLE.join(', ')})`,
      );
    }
  }
  const years = target.planYear - from.planYear!;
  const shifted: string[] = [];
  const { responsibilities, planCapFen, benefits: wholeBenefits, notes, ...wholeFields } = changes;
  const definition: PlanDefinition = {
    ...from,
    ...wholeFields,
    planId: target.planId,
    planYear: target.planYear,
    notes: [
      ...(notes ?? from.notes ?? []),
      `Derived from ${from.planId} (${from.planYear}) for ${target.planYear}.`,
    ],
  };
  if (!changes.enrollmentWindow && from.enrollmentWindow) {
    definition.enrollmentWindow = {
      opensOn: addYears(from.enrollmentWindow.opensOn, years),
      closesOn: addYears(from.enrollmentWindow.closesOn, years),
    };
    shifted.push('enrollmentWindow');
  }
  if (!changes.coverage && from.coverage) {
    definition.coverage = {
      ...from.coverage,
      startsOn: addYears(from.coverage.startsOn, years),
      endsOn: addYears(from.coverage.endsOn, years),
    };
    shifted.push('coverage');
  }
  if (!changes.targets && from.targets?.deadline) {
    definition.targets = { ...from.targets, deadline: addYears(from.targets.deadline, years) };
    shifted.push('targets.deadline');
  }
  let benefits = wholeBenefits ?? from.benefits;
  if (responsibilities !== undefined) {
    if (!Array.isArray(responsibilities)) {
      throw invalid(
        'changes.responsibilities',
        'derivation.responsibilitiesList',
        'changes.responsibilities must be a list of responsibility changes',
      );
    }
    benefits = changedResponsibilities(benefits, responsibilities, shifted);
  }
  if (planCapFen !== undefined) {
    if (!benefits) {
      throw invalid(
        'changes.planCapFen',
        'derivation.responsibilitiesNeedSchedule',
        'there is no benefit schedule to cap: give changes.benefits',
      );
    }
    benefits = { ...benefits };
    if (planCapFen === null) delete benefits.planCapFen;
    else benefits.planCapFen = planCapFen;
  }
  if (benefits) definition.benefits = benefits;
  if (coalition) definition.coalition = coalition;
  else delete definition.coalition;
  return { definition, shifted };
}
