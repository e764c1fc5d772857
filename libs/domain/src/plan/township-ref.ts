import { invalid } from '../common/domain-error';
import { divisionCodeOf } from './division-code';
import { PlanDefinition, Township } from './plan-definition';

/**
 * The township a request names: by its id in the plan (t05), its statistical division code, or
 * its exact Chinese name. An id of a township merged into another names the one it merged into.
 * Undefined when nothing matches (or a name matches more than one township).
 */
export function findTownship(
  townships: readonly Township[],
  ref: string | undefined,
): Township | undefined {
  const text = ref?.trim();
  if (!text) return undefined;
  const byId = townships.find((t) => t.townshipId === text);
  if (byId) return byId;
  const code = divisionCodeOf(text);
  if (code !== undefined) {
    const byCode = townships.find((t) => t.divisionCode === code || t.townshipId === code);
    if (byCode) return byCode;
  }
  const byName = townships.filter((t) => t.name.zh.trim() !== '' && t.name.zh.trim() === text);
  if (byName.length === 1) return byName[0];
  return townships.find((t) => t.formerTownshipIds?.includes(text));
}

/**
 * Resolves a township named in a request to the plan's township, or refuses naming it as
 * written (rule enrollment.knownTownship).
 */
export function resolveTownship(
  plan: Pick<PlanDefinition, 'planId' | 'townships'>,
  ref: string,
  field: string,
): Township {
  const township = findTownship(plan.townships, ref);
  if (!township) {
    throw invalid(
      field,
      'enrollment.knownTownship',
      `township ${ref} is not in plan ${plan.planId} (give its id, statistical division code or exact Chinese name)`,
      { township: ref },
    );
  }
  return township;
}
