import type {
  LocalizedName,
  PlanView,
  ProgressRow,
  SessionIdentity,
  TargetRule,
} from '../api/api-types';
import { formatBp } from '../format';
import { currentLanguage, hasMessage, nameOf, t } from '../i18n';
import { LevelFigure, paceFraction } from '../model/figures';

/** What every view of a plan page knows: the plan, the caller, the date the figures are for. */
export interface PageContext {
  planId: string;
  plan: PlanView;
  identity: SessionIdentity;
  /** The as-of date picked (YYYY-MM-DD: the end of that Shanghai day), if any. */
  asOf?: string;
  /** The as-of date, or today in Shanghai: what "days left" and the pace are counted from. */
  referenceDate: string;
  opensOn?: string;
  /** The target deadline, or the closing date of the window when the plan states no deadline. */
  deadline?: string;
  query: URLSearchParams;
}

export function targetRuleOf(ctx: PageContext): TargetRule | undefined {
  return ctx.plan.definition.targets;
}

export function paceOf(ctx: PageContext): number | undefined {
  return paceFraction(ctx.opensOn, ctx.deadline, ctx.referenceDate);
}

/** "赣州惠民保 · 宁都县 · 2024年度": the product, the county with the targets, the year. */
export function planTitle(plan: Pick<PlanView, 'productName' | 'planYear' | 'region'>): string {
  const place = nameOf(plan.region.targetCounty?.name ?? plan.region.name);
  const year =
    plan.planYear === undefined
      ? undefined
      : currentLanguage() === 'zh'
        ? `${plan.planYear}年度`
        : String(plan.planYear);
  return [nameOf(plan.productName), place, year].filter(Boolean).join(' · ');
}

/** A level's short label: "应达目标 20%", "力争目标 30%", "任务数". */
export function levelLabel(name: string, rule: TargetRule | undefined): string {
  const level = rule?.levels.find((l) => l.name === name);
  const key = `level_${name}`;
  const base = hasMessage(key) ? t(key) : level ? nameOf(level.description) : name;
  const rate =
    level?.rateBp !== undefined ? ` ${formatBp(level.rateBp).replace(/\.00%$/, '%')}` : '';
  return base + rate;
}

export function levelTitle(level: LevelFigure, rule: TargetRule | undefined): string {
  const described = rule?.levels.find((l) => l.name === level.name)?.description;
  return described ? nameOf(described) : levelLabel(level.name, rule);
}

/**
 * A township's name; a row the table left unnamed (001's first row) is named by its row in the
 * plan's table, never shown as its id. The row is known when the caller sees the whole table
 * (a township official's plan view lists their townships only).
 */
export function townshipName(ctx: PageContext, row: { id: string; name: LocalizedName }): string {
  const name = nameOf(row.name).trim();
  if (name) return name;
  const table = ctx.plan.definition.townships;
  const index = table.findIndex((x) => x.townshipId === row.id);
  if (index < 0 || table.length !== ctx.plan.townships) return t('unnamedTownshipNoRow');
  return t('unnamedTownship', { row: index + 1 });
}

export function districtName(ctx: PageContext, districtId: string | undefined): string {
  if (!districtId) return '';
  const district = ctx.plan.definition.districts.find((d) => d.districtId === districtId);
  return district ? nameOf(district.name) : '';
}

export function rowName(ctx: PageContext, row: ProgressRow): string {
  if (row.level === 'township') {
    if (row.id === '_unassigned') return t('unassignedRow');
    return townshipName(ctx, row);
  }
  return nameOf(row.name);
}
