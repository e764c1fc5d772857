import { PlanDefinition, SubsidyCategory, SubsidyKind } from './plan-definition';

const comparable = (text: string) => text.normalize('NFKC').replace(/\s/g, '').toLowerCase();

/**
 * The plan's subsidy category that a clerk's text names: its code (`di_bao`), its Chinese name
 * as the plan prints it (低保对象), its English name, or — when exactly one category fits — a
 * shorter or longer form of the Chinese name (低保 for 低保对象, 低保户 for 低保). Undefined when
 * nothing fits or the text is ambiguous, so the caller refuses and lists the categories.
 */
export function findSubsidyCategory(
  plan: Pick<PlanDefinition, 'subsidyCategories'>,
  text: unknown,
  kind?: SubsidyKind,
): SubsidyCategory | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const categories = plan.subsidyCategories.filter((c) => kind === undefined || c.kind === kind);
  const t = comparable(text);
  const exact = categories.find(
    (c) =>
      c.code === text.trim() ||
      comparable(c.code) === t ||
      comparable(c.name.zh) === t ||
      comparable(c.name.en) === t,
  );
  if (exact) return exact;
  const close = categories.filter((c) => {
    const zh = comparable(c.name.zh);
    return zh.startsWith(t) || t.startsWith(zh);
  });
  return close.length === 1 ? close[0] : undefined;
}

/** "di_bao 低保, te_kun 特困": the categories a refusal lists. */
export function describeSubsidyCategories(
  plan: Pick<PlanDefinition, 'subsidyCategories'>,
  kind?: SubsidyKind,
): string {
  return (
    plan.subsidyCategories
      .filter((c) => kind === undefined || c.kind === kind)
      .map((c) => `${c.code} ${c.name.zh}`)
      .join(', ') || 'none'
  );
}
