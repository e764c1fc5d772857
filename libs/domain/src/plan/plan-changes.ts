import { invalid } from '../common/domain-error';
import { PlanChanges } from './plan-events';

type Shape = 'object' | 'array' | 'string' | 'integer';

/**
 * What an amendment may set, and the JSON type of each. Townships and districts change only
 * through a township table import (which matches rows to recorded townships), never by
 * overwriting the list; identifiers never change.
 */
const AMENDABLE: Record<string, Shape> = {
  productName: 'object',
  planYear: 'integer',
  sources: 'array',
  region: 'object',
  eligibility: 'object',
  enrollmentWindow: 'object',
  coverage: 'object',
  premium: 'object',
  acceptedSources: 'array',
  subsidyCategories: 'array',
  cancellation: 'object',
  benefits: 'object',
  coalition: 'object',
  targets: 'object',
  scorecard: 'object',
  notes: 'array',
};

function hasShape(value: unknown, shape: Shape): boolean {
  switch (shape) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isSafeInteger(value);
  }
}

/**
 * An amendment names only amendable parts, each with a value of the right JSON type. A part
 * cannot be removed (null): a plan taking enrollments would silently become a draft, and later
 * amendments would have nothing to compare with.
 */
export function assertPlanChangesShape(changes: PlanChanges): void {
  for (const [key, value] of Object.entries(changes)) {
    const field = `changes.${key}`;
    if (key === 'townships' || key === 'districts') {
      throw invalid(
        field,
        'plan.townshipsByTableImport',
        `${key} change only through a township table import, which matches rows to the recorded townships`,
      );
    }
    const shape = AMENDABLE[key];
    if (shape === undefined) {
      throw invalid(
        field,
        'plan.amendableField',
        `${key} is not a part of a plan that can be amended`,
      );
    }
    if (value === null || value === undefined) {
      throw invalid(
        field,
        'plan.amendmentNull',
        `${key} cannot be removed by an amendment; give its new value`,
      );
    }
    if (!hasShape(value, shape)) {
      throw invalid(
        field,
        'plan.amendmentType',
        `${key} must be ${shape === 'integer' ? 'an integer' : `an ${shape}`}`,
      );
    }
  }
}
