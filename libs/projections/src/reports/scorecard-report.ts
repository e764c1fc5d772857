import { PlanDefinition, scoreTownship, TownshipScore } from '@ledger/domain';
import { AssessmentDoc } from '../views/assessments.projection';
import { ProgressReport } from './progress-report';

export interface ScorecardRow extends TownshipScore {
  townshipId: string;
  name: { zh: string; en: string };
}

/** The 000 scorecard per township: computed items from progress, inspector items from events. */
export function scorecardReport(
  plan: PlanDefinition,
  progress: ProgressReport,
  assessments: readonly AssessmentDoc[],
): { planId: string; enabled: boolean; townships: ScorecardRow[] } {
  const settings = plan.scorecard;
  if (!settings?.enabled) return { planId: plan.planId, enabled: false, townships: [] };
  const level = plan.targets?.levels[0]?.name ?? 'required';
  const townships = progress.townships.map((row) => {
    const a = assessments.find((x) => x.townshipId === row.id);
    const subsidized = Object.entries(row.bySource)
      .filter(([s]) => s === 'department_subsidy' || s === 'government_full_subsidy')
      .reduce((s, [, n]) => s + n, 0);
    const score = scoreTownship(settings, {
      baseParticipants: row.baseParticipants ?? 0,
      target: row.targets[level]?.target ?? 0,
      active: row.active,
      hardshipSubsidized: subsidized,
      ...(a?.staffRelatives ? { staffRelatives: a.staffRelatives } : {}),
      inspections: a?.inspections ?? {},
    });
    return { townshipId: row.id, name: row.name, ...score };
  });
  return { planId: plan.planId, enabled: true, townships };
}
