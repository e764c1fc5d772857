import { invalid } from '../common/domain-error';
import { formatYuan } from '../common/money';
import { ACCOUNT_RELATIONS, PERSONAL_ACCOUNT_KINDS } from '../plan/contribution-source';
import { PlanDefinition } from '../plan/plan-definition';
import { describeSubsidyCategories, findSubsidyCategory } from '../plan/subsidy-category-name';
import { ContributionInput, RecordedContribution } from './contribution';
import { InsuredPerson } from './insured-person';

/**
 * A premium is paid by one or more contributions whose sum equals the premium exactly, each from
 * a source the plan accepts, each following its source's rule (DOMAIN.md, "Who pays").
 */
export function recordContributions(
  plan: PlanDefinition,
  insured: Pick<InsuredPerson, 'personRef' | 'localHouseholdRegistration'>,
  insuredScheme: 'employee' | 'resident',
  premiumFen: number,
  inputs: readonly ContributionInput[],
  enrollmentId: string,
): RecordedContribution[] {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw invalid(
      'contributions',
      'contribution.atLeastOne',
      'at least one contribution must pay the premium',
    );
  }
  const recorded = inputs.map((c, i) =>
    recordOne(plan, insured, insuredScheme, premiumFen, c, i, inputs.length, enrollmentId),
  );
  const total = recorded.reduce((s, c) => s + c.amountFen, 0);
  if (total !== premiumFen) {
    throw invalid(
      'contributions',
      'contribution.sumEqualsPremium',
      `contributions add up to ${formatYuan(total)} yuan (${total} fen) but the premium is ${formatYuan(premiumFen)} yuan (${premiumFen} fen)`,
      { totalFen: total, premiumFen },
    );
  }
  return recorded;
}

function recordOne(
  plan: PlanDefinition,
  insured: Pick<InsuredPerson, 'personRef' | 'localHouseholdRegistration'>,
  insuredScheme: 'employee' | 'resident',
  premiumFen: number,
  c: ContributionInput,
  i: number,
  count: number,
  enrollmentId: string,
): RecordedContribution {
  const f = `contributions[${i}]`;
  if (!plan.acceptedSources.includes(c.source)) {
    throw invalid(
      `${f}.source`,
      'contribution.acceptedSource',
      `this plan does not accept ${c.source} contributions (accepted: ${plan.acceptedSources.join(', ')})`,
    );
  }
  if (!Number.isSafeInteger(c.amountFen) || c.amountFen <= 0) {
    throw invalid(
      `${f}.amountFen`,
      'money.positiveIntegerFen',
      `${f}.amountFen must be a positive integer of fen`,
    );
  }
  if (c.deduction === 'pending' && c.source !== 'personal_account') {
    throw invalid(
      `${f}.deduction`,
      'contribution.pendingOnlyForPersonalAccount',
      'only a personal-account deduction can be pending',
    );
  }
  const base: RecordedContribution = {
    contributionId: `${enrollmentId}/c${i + 1}`,
    source: c.source,
    amountFen: c.amountFen,
    status: c.deduction === 'pending' ? 'pending' : 'paid',
  };
  const needFunder = () => {
    if (!c.funder || !c.funder.funderId?.trim() || !c.funder.name?.trim()) {
      throw invalid(
        `${f}.funder`,
        'contribution.funderRequired',
        `a ${c.source} contribution must name its funder (funderId and name)`,
      );
    }
    return { funderId: c.funder.funderId.trim(), name: c.funder.name.trim() };
  };
  switch (c.source) {
    case 'individual':
      return {
        ...base,
        ...(c.payer
          ? {
              payerRef: c.payer.personRef,
              ...(c.payer.sealedIdentity ? { payerSealedIdentity: c.payer.sealedIdentity } : {}),
            }
          : {}),
      };
    case 'personal_account':
      return { ...base, ...personalAccountPayer(c, insured.personRef, insuredScheme, f) };
    case 'employer':
      return {
        ...base,
        funder: needFunder(),
        fund: c.fund ?? 'welfare',
        ...(c.batchId ? { batchId: c.batchId } : {}),
      };
    case 'government_full_subsidy': {
      const category = findSubsidyCategory(plan, c.category, 'full');
      if (!category) {
        const known = describeSubsidyCategories(plan, 'full');
        throw invalid(
          `${f}.category`,
          'contribution.fullSubsidyCategory',
          `a full subsidy needs one of this plan's full-subsidy categories (${known}), got ${String(c.category)}`,
          { categories: known, value: String(c.category ?? '') },
        );
      }
      if (count !== 1 || c.amountFen !== premiumFen) {
        throw invalid(
          `${f}.amountFen`,
          'contribution.fullSubsidyPaysWholePremium',
          'a government full subsidy pays the whole premium, alone',
        );
      }
      if (
        category.requiresLocalHouseholdRegistration &&
        insured.localHouseholdRegistration !== true
      ) {
        throw invalid(
          'person.localHouseholdRegistration',
          'contribution.fullSubsidyLocalRegistration',
          `category ${category.code} is for residents with local household registration (本市户籍)`,
        );
      }
      const funder = c.funder ?? {
        funderId: `finance:${plan.region.regionCode}`,
        name: category.funder.zh,
      };
      return { ...base, category: category.code, funder };
    }
    case 'department_subsidy': {
      const category = findSubsidyCategory(plan, c.category);
      if (!category) {
        const known = describeSubsidyCategories(plan);
        throw invalid(
          `${f}.category`,
          'contribution.subsidyCategory',
          `unknown subsidy category ${String(c.category)} for this plan (${known})`,
          { categories: known, value: String(c.category ?? '') },
        );
      }
      return { ...base, category: category.code, funder: needFunder() };
    }
    case 'village_collective':
    case 'charity':
      return { ...base, funder: needFunder(), ...(c.category ? { category: c.category } : {}) };
  }
}

/**
 * A personal-account payment's own rule (DOMAIN.md, "Who pays"): the account holder must hold
 * employee basic insurance and the insured must be the holder's self, spouse, parent or child.
 * Shared by enrollments and by standing renewal consents (续保代扣).
 */
export function personalAccountPayer(
  c: Pick<ContributionInput, 'relation' | 'account' | 'payer'>,
  insuredRef: string,
  insuredScheme: 'employee' | 'resident',
  f: string,
): Pick<RecordedContribution, 'payerRef' | 'payerSealedIdentity' | 'relation' | 'account'> {
  if (!c.relation || !(ACCOUNT_RELATIONS as readonly string[]).includes(c.relation)) {
    throw invalid(
      `${f}.relation`,
      'contribution.personalAccountRelation',
      `a personal account may pay only for the holder's self, spouse, parent or child (got ${String(c.relation)})`,
    );
  }
  if (
    c.account !== undefined &&
    !(PERSONAL_ACCOUNT_KINDS as readonly string[]).includes(c.account)
  ) {
    throw invalid(
      `${f}.account`,
      'contribution.personalAccountKind',
      `account must be one of ${PERSONAL_ACCOUNT_KINDS.join(', ')}`,
    );
  }
  const payer = c.payer;
  if (!payer)
    throw invalid(
      `${f}.payer`,
      'contribution.personalAccountPayer',
      'a personal-account contribution must name the account holder',
    );
  const payerScheme = c.relation === 'self' ? insuredScheme : payer.scheme;
  if (payerScheme !== 'employee') {
    throw invalid(
      `${f}.payer.scheme`,
      'contribution.personalAccountHolderIsEmployee',
      'only a holder of employee basic insurance has a personal account to pay from',
    );
  }
  if (c.relation === 'self' && payer.personRef !== insuredRef) {
    throw invalid(
      `${f}.payer`,
      'contribution.personalAccountSelf',
      'relation "self" means the account holder is the insured person',
    );
  }
  if (c.relation !== 'self' && payer.personRef === insuredRef) {
    throw invalid(
      `${f}.relation`,
      'contribution.personalAccountRelation',
      `the account holder is the insured person: relation must be "self", not ${c.relation}`,
    );
  }
  return {
    payerRef: payer.personRef,
    ...(payer.sealedIdentity ? { payerSealedIdentity: payer.sealedIdentity } : {}),
    relation: c.relation,
    account: c.account ?? 'personal',
  };
}
