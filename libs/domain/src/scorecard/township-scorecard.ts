import { ScorecardSettings } from '../plan/plan-definition';

export type InspectionItem = 'organization' | 'publicity' | 'public_opinion';

/** Points an inspector may give per item (000 附件3): organization 20, publicity 30, opinion −10. */
export const INSPECTION_RANGES: Record<InspectionItem, { min: number; max: number }> = {
  organization: { min: 0, max: 20 },
  publicity: { min: 0, max: 30 },
  public_opinion: { min: -10, max: 0 },
};

export interface ScorecardInput {
  baseParticipants: number;
  target: number;
  active: number;
  /** Enrollments of hardship groups subsidized by communities, departments or units (资助参保). */
  hardshipSubsidized: number;
  staffRelatives?: { relatives: number; enrolled: number };
  inspections: Partial<Record<InspectionItem, number>>;
}

export interface ScorecardItem {
  item: string;
  points: number;
  max: number;
  basis: string;
}

export interface TownshipScore {
  total: number;
  items: ScorecardItem[];
}

/**
 * 000 Ningdu scorecard (参保工作考核评分细则), computed items from the ledger:
 * - task completion, 50 points at the 20% target; short of it, points in proportion (half-up),
 *   the ledger's reading of "未达到目标任务的酌情扣分";
 * - +2 per whole percentage point of rate above 20%, at most +20;
 * - +10 when the township subsidized hardship groups (资助参保);
 * - +10 when staff relatives of government-funded units reach 80%.
 * Inspector items (organization 20, publicity 30, public-opinion −10) come from events.
 */
export function scoreTownship(settings: ScorecardSettings, input: ScorecardInput): TownshipScore {
  const items: ScorecardItem[] = [];
  const taskPoints =
    input.active >= input.target
      ? 50
      : input.target === 0
        ? 50
        : Math.floor((input.active * 50 * 2 + input.target) / (2 * input.target));
  items.push({
    item: 'task_completion',
    points: taskPoints,
    max: 50,
    basis: `${input.active} of target ${input.target}`,
  });
  const wholePercent =
    input.baseParticipants > 0 ? Math.floor((input.active * 100) / input.baseParticipants) : 0;
  const requiredPercent = settings.requiredRateBp / 100;
  const above = Math.max(wholePercent - requiredPercent, 0);
  items.push({
    item: 'rate_bonus',
    points: Math.min(above * 2, 20),
    max: 20,
    basis: `${wholePercent}% (whole points) against ${requiredPercent}%`,
  });
  items.push({
    item: 'hardship_subsidy_bonus',
    points: input.hardshipSubsidized > 0 ? 10 : 0,
    max: 10,
    basis: `${input.hardshipSubsidized} subsidized enrollments of hardship groups`,
  });
  const sr = input.staffRelatives;
  const staffReached =
    !!sr &&
    sr.relatives > 0 &&
    sr.enrolled * 10_000 >= sr.relatives * settings.staffRelativesRateBp;
  items.push({
    item: 'staff_relatives_bonus',
    points: staffReached ? 10 : 0,
    max: 10,
    basis: sr ? `${sr.enrolled} of ${sr.relatives} staff relatives` : 'not recorded',
  });
  for (const item of ['organization', 'publicity', 'public_opinion'] as const) {
    const range = INSPECTION_RANGES[item];
    items.push({
      item,
      points: input.inspections[item] ?? 0,
      max: range.max,
      basis: input.inspections[item] === undefined ? 'not yet scored' : 'inspector',
    });
  }
  return { total: items.reduce((s, i) => s + i.points, 0), items };
}
