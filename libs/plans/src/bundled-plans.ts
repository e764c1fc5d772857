import { PlanDefinition, TownshipTable } from '@ledger/domain';
import { GANZHOU_2024, NINGDU_TOWNSHIP_TABLE } from './seeds/ganzhou-2024';
import { JIUJIANG_HUIDEBAO_2023, JIUJIANG_HUIDEBAO_2024 } from './seeds/jiujiang-huidebao';
import { QINGLIU_2025, QINGLIU_TOWNSHIP_TABLE } from './seeds/qingliu-2025';
import { YICHUN } from './seeds/yichun';
import { YUYAO_2024, YUYAO_TOWNSHIP_TABLE } from './seeds/yuyao-2024';

/** A plan as bundled: its definition and, where the seed has one, its township table. */
export interface BundledPlan {
  definition: PlanDefinition;
  /** The seed's own date, used as the publication time (business time) where it gives one. */
  publishedOn?: string;
  townshipTable?: { source: string; table: TownshipTable };
}

/** The seed plans (five notices; 004's product has two yearly plans). Publishing one = PlanPublished, then the table through the same import. */
export const BUNDLED_PLANS: readonly BundledPlan[] = [
  // 000 has no date; its FAQ is the one in force when the window opened on 2023-12-12.
  {
    definition: GANZHOU_2024,
    publishedOn: '2023-12-12',
    townshipTable: { source: `${GANZHOU_2024.sources[0]} 附件2`, table: NINGDU_TOWNSHIP_TABLE },
  },
  {
    definition: QINGLIU_2025,
    publishedOn: '2024-10-14',
    townshipTable: { source: `${QINGLIU_2025.sources[0]} 附件2`, table: QINGLIU_TOWNSHIP_TABLE },
  },
  { definition: YICHUN, publishedOn: '2024-03-19' },
  {
    definition: YUYAO_2024,
    publishedOn: '2023-09-25',
    townshipTable: { source: `${YUYAO_2024.sources[0]} 附件1`, table: YUYAO_TOWNSHIP_TABLE },
  },
  // 004 is undated. Each yearly plan is dated (business time) 1 January of the year before its
  // plan year — before any window for that year can open — so that its history (completing the
  // draft, enrollments) can be recorded in order; docs/products.md.
  { definition: JIUJIANG_HUIDEBAO_2023, publishedOn: '2022-01-01' },
  { definition: JIUJIANG_HUIDEBAO_2024, publishedOn: '2023-01-01' },
];

export function bundledPlan(planId: string): BundledPlan | undefined {
  return BUNDLED_PLANS.find((p) => p.definition.planId === planId);
}
