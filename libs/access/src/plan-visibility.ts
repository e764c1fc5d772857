import { PlanState } from '@ledger/domain';
import { Identity } from './identity';

/** The places and insurers of a plan, as scope checks need them. */
export interface PlanPlaces {
  readonly planId: string;
  /** The plan's region code and its target county's (a county scope matches either). */
  readonly regionCodes: readonly string[];
  readonly townships: readonly { townshipId: string; districtId?: string }[];
  readonly districts: readonly { districtId: string; promotingInsurerIds: readonly string[] }[];
  /** Every insurer that was ever in the coalition or promotes enrollment in a district. */
  readonly insurerIds: ReadonlySet<string>;
}

export function planPlacesOf(state: PlanState): PlanPlaces {
  const d = state.definition;
  const districts = d.districts.map((x) => ({
    districtId: x.districtId,
    promotingInsurerIds: x.promotingInsurers.map((i) => i.insurerId),
  }));
  return {
    planId: d.planId,
    regionCodes: [
      d.region.regionCode,
      ...(d.region.targetCounty ? [d.region.targetCounty.regionCode] : []),
    ],
    townships: d.townships.map((t) => ({
      townshipId: t.townshipId,
      ...(t.districtId !== undefined ? { districtId: t.districtId } : {}),
    })),
    districts,
    insurerIds: new Set([
      ...(d.coalition?.members.map((m) => m.insurerId) ?? []),
      ...state.coalitionHistory.flatMap((h) => h.coalition.members.map((m) => m.insurerId)),
      ...districts.flatMap((x) => x.promotingInsurerIds),
    ]),
  };
}

/** What of one plan a caller may see. */
export type PlanVisibility =
  /** Everything of the plan (county level and up). */
  | { readonly kind: 'whole' }
  /** A township official: these townships, their districts and the county roll-up. */
  | {
      readonly kind: 'places';
      readonly townships: ReadonlySet<string>;
      readonly districts: ReadonlySet<string>;
    }
  /** An insurer: its own figures, the coalition's totals, the districts it promotes. */
  | {
      readonly kind: 'insurer';
      readonly insurerId: string;
      readonly districts: ReadonlySet<string>;
    };

/** Whether the scope's plan and county fields admit this plan at all. */
function admitsPlan(identity: Identity, places: PlanPlaces): boolean {
  const { plans, counties } = identity.scope;
  if (plans && !plans.includes(places.planId)) return false;
  if (counties && !places.regionCodes.some((c) => counties.includes(c))) return false;
  return true;
}

/** The caller's view of a plan, or undefined when the plan is outside its scope. */
export function visibilityOf(identity: Identity, places: PlanPlaces): PlanVisibility | undefined {
  if (!admitsPlan(identity, places)) return undefined;
  const { districts, townships, insurer } = identity.scope;
  if (identity.role === 'insurer') {
    if (!insurer || !places.insurerIds.has(insurer)) return undefined;
    return {
      kind: 'insurer',
      insurerId: insurer,
      districts: new Set(
        places.districts
          .filter((d) => d.promotingInsurerIds.includes(insurer))
          .map((d) => d.districtId),
      ),
    };
  }
  if (districts || townships) {
    const seen = places.townships.filter(
      (t) =>
        townships?.includes(t.townshipId) ||
        (t.districtId !== undefined && districts?.includes(t.districtId)),
    );
    if (seen.length === 0) return undefined;
    return {
      kind: 'places',
      townships: new Set(seen.map((t) => t.townshipId)),
      districts: new Set(seen.flatMap((t) => (t.districtId !== undefined ? [t.districtId] : []))),
    };
  }
  return { kind: 'whole' };
}

/** Whether a township of the plan is visible. */
export function seesTownship(visibility: PlanVisibility, townshipId: string): boolean {
  return (
    visibility.kind === 'whole' ||
    (visibility.kind === 'places' && visibility.townships.has(townshipId))
  );
}
