import { PlanDefinition } from './plan-definition';

/**
 * Values a plan must have before it can open enrollment. A plan missing any stays a draft;
 * the seeds leave several unset (001/002/004 give no window, 001/002 no premium).
 */
export function missingForEnrollment(plan: PlanDefinition): string[] {
  const missing: string[] = [];
  if (plan.planYear === undefined) missing.push('planYear');
  if (!plan.enrollmentWindow) missing.push('enrollmentWindow');
  if (!plan.coverage) missing.push('coverage');
  if (!plan.premium) missing.push('premium');
  if (plan.acceptedSources.length === 0) missing.push('acceptedSources');
  if (plan.eligibility.schemes.length === 0) missing.push('eligibility.schemes');
  if (plan.eligibility.insuredRegionPrefixes.length === 0)
    missing.push('eligibility.insuredRegionPrefixes');
  return missing;
}
