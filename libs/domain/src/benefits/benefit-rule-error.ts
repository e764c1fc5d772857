import { DomainError } from '../common/domain-error';

/** Stable names of the benefit rules a claim or a schedule can break (for clients and tests). */
export type BenefitRule =
  | 'benefits.integerFen'
  | 'benefits.nonNegativeFen'
  | 'benefits.amountTooLarge'
  | 'benefits.flagBoolean'
  | 'benefits.unknownResponsibility'
  | 'benefits.duplicateLine'
  | 'benefits.outOfAreaShareNotSet'
  | 'benefits.accumulatorExceedsCap'
  | 'benefits.invalidSchedule';

/**
 * A refusal by a benefit rule: a DomainError of kind "invalid", so deciders and the API treat it
 * like any other. `field` is the input path ("claimLines[1].residualFen").
 */
export class BenefitRuleError extends DomainError {
  declare readonly rule: BenefitRule;
  constructor(field: string, rule: BenefitRule, message: string) {
    super('invalid', field, rule, message);
  }
}
