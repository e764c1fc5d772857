import { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import {
  arr,
  bool,
  date,
  fen,
  instant,
  int,
  map,
  nullable,
  obj,
  personRef,
  Props,
  ref,
  replayed,
  str,
} from './schema-builders';

const bp = (description: string) => int(`${description} (basis points, rounded half-up)`);
const coalition = obj({
  leadInsurerId: str(),
  members: arr(obj({ insurerId: str(), name: ref('LocalizedName'), shareBp: bp('Share') })),
});
const planRef = obj({ planId: str(), planYear: int() });
const operatingCost = obj(
  {
    planId: str(),
    planYear: int(),
    insurerId: str(),
    amountFen: fen('Operating cost of the year'),
    note: str(),
    occurredAt: instant,
  },
  ['note'],
);
const money: Props = {
  premiumFen: fen('Premiums, net of refunds'),
  approvedPayoutFen: fen('Payouts approved'),
  paidPayoutFen: fen('Payouts paid'),
  lossRatioBp: nullable(bp('Approved payouts ÷ premiums; null without premiums')),
  paidLossRatioBp: nullable(bp('Paid payouts ÷ premiums; null without premiums')),
};
const yearFigures: Props = {
  planYear: int(),
  enrollments: int('Enrollments of the year that gave cover'),
  newPeople: int('Of them, people new to the product'),
  continuing: int('Of them, people covered the year before'),
  renewalRateBp: nullable(
    bp('continuing ÷ last year’s enrollments (续保率); null in a first year'),
  ),
  ...money,
  approvedClaims: int(),
  paidClaims: int(),
};
const cumulativeTotals = obj({
  distinctPeople: int('Each person once, by personRef'),
  enrollments: int(),
  ...money,
});

/** Products across years (docs/products.md). */
export const PRODUCT_SCHEMAS: Record<string, SchemaObject> = {
  ProductSummary: obj({
    productId: str(undefined, { example: 'ganzhou-huiminbao' }),
    productName: ref('LocalizedName'),
    plans: arr(
      obj({ planId: str(), planYear: int(), status: str(undefined, { enum: ['draft', 'ready'] }) }),
    ),
  }),
  Product: obj(
    {
      productId: str(),
      productName: ref('LocalizedName'),
      plans: arr(
        obj(
          {
            planId: str(),
            planYear: int(),
            status: str(undefined, { enum: ['draft', 'ready'] }),
            missing: arr(str()),
            enrollmentWindow: obj({ opensOn: date, closesOn: date }),
            coverage: obj({ startsOn: date, endsOn: date }),
            coalitions: arr(
              obj(
                { effectiveOn: date, coalition },
                [],
                'Coalition history: in force from effectiveOn',
              ),
            ),
            derivation: { type: 'object', description: 'How the plan was derived from last year' },
          },
          ['missing', 'enrollmentWindow', 'coverage', 'coalitions', 'derivation'],
        ),
        'The yearly plans, oldest first',
      ),
      undated: arr(str(), 'Plans of the product without a plan year'),
      coalitionTerms: arr(
        obj({
          termId: str(undefined, { example: '2025-2027' }),
          fromYear: int(),
          toYear: int(),
          reason: str(),
          selectedAt: instant,
          history: arr(obj({ effectiveOn: date, coalition })),
        }),
      ),
      operatingCosts: arr(operatingCost),
      renewalRuns: arr({ type: 'object' }, 'Renewal runs: year, business time, counts'),
    },
    ['undated'],
  ),
  DerivedPlanReceipt: obj(
    {
      productId: str(),
      planId: str(),
      planYear: int(),
      fromPlanId: str(),
      status: str('ready, or draft when a value is still unset', { enum: ['draft', 'ready'] }),
      missing: arr(str()),
      shifted: arr(str(), 'Dates and segments moved on with the year or the deductible'),
      reason: str(),
      replayed,
    },
    ['reason'],
  ),
  CoalitionTermReceipt: obj(
    {
      productId: str(),
      termId: str(),
      fromYear: int(),
      toYear: int(),
      effectiveOn: date,
      coalition,
      reason: str(),
      plans: arr(planRef, 'The product’s plans inside the term'),
      occurredAt: instant,
      replayed,
    },
    ['fromYear', 'toYear', 'effectiveOn'],
  ),
  OperatingCostReceipt: obj({ productId: str(), ...operatingCost.properties, replayed }, ['note']),
  RenewalConsentReceipt: obj({
    productId: str(),
    personRef,
    consentId: str(),
    payerRef: personRef,
    relation: str(undefined, { enum: ['self', 'spouse', 'parent', 'child'] }),
    account: str(),
    replayed,
  }),
  RenewalWithdrawalReceipt: obj({
    productId: str(),
    personRef,
    consentId: str(),
    reason: str(),
    occurredAt: instant,
    replayed,
  }),
  RenewalRecord: obj(
    {
      productId: str(),
      personRef,
      consent: nullable({ type: 'object', description: 'The consent in force (no identities)' }),
      history: arr(obj({ kind: str(undefined, { enum: ['given', 'withdrawn'] }) }), 'Oldest first'),
      skipped: arr({ type: 'object' }, 'Years not renewed, with why'),
    },
    ['consent'],
  ),
  RenewalRunReport: obj({
    title: ref('LocalizedName'),
    productId: str(),
    runId: str(),
    planId: str(),
    fromPlanId: str(),
    planYear: int(),
    occurredAt: instant,
    resumed: bool('true: an interrupted run went on'),
    consents: int(),
    renewed: int(),
    skipped: map(int(), 'Not renewed, by reason'),
    notRenewed: arr(obj({ personRef, reason: str(), message: ref('LocalizedName') }, ['message'])),
    deductions: arr(
      obj(
        {
          personRef,
          outcome: str(),
          replayed: bool(),
          enrollmentId: str(),
          contributionId: str('Settle or fail it as any pending deduction'),
          amountFen: fen('To deduct'),
          payerRef: personRef,
          relation: str(),
        },
        [],
        'Pending deductions, for the deduction channel',
      ),
    ),
  }),
  YearEndReport: obj(
    {
      title: ref('LocalizedName'),
      productId: str(),
      planId: str(),
      planYear: int(),
      coverage: obj({ startsOn: date, endsOn: date }),
      ...money,
      operatingCostFen: fen('Operating costs stated'),
      combinedRatioBp: nullable(bp('(payouts + costs) ÷ premiums; null without premiums')),
      resultFen: fen('premiums − payouts − costs'),
      shortfall: bool('收不抵支: the result is negative'),
      byResponsibility: arr(
        obj({
          responsibilityCode: str(),
          name: ref('LocalizedName'),
          lines: int(),
          approvedFen: fen('Approved'),
          paidFen: fen('Paid'),
          lossRatioBp: nullable(bp('Its approved payouts ÷ the year’s premiums')),
        }),
      ),
      byInsurer: arr(
        obj({
          insurerId: str(),
          name: str(),
          lead: bool(),
          premiumFen: fen('Its premium parts'),
          approvedPayoutFen: fen('Its payout parts'),
          paidPayoutFen: fen('Paid'),
          lossRatioBp: nullable(bp('Its loss ratio')),
          operatingCostFen: nullable(fen('The cost it stated; null: none stated')),
          combinedRatioBp: nullable(bp('Combined ratio; null: no cost stated or no premiums')),
          rank: int('By premium income'),
        }),
      ),
      operatingCosts: arr(operatingCost),
      operatingCostMissing: arr(str(), 'Insurers of the coalition that stated no cost'),
    },
    ['paidLossRatioBp'],
  ),
  CumulativeReport: obj({
    title: ref('LocalizedName'),
    productId: str(),
    productName: ref('LocalizedName'),
    overall: cumulativeTotals,
    years: arr(
      obj(
        {
          ...yearFigures,
          planIds: arr(str()),
          pending: int('Waiting for a deduction'),
          renewals: map(int(), 'Renewal runs: created, pending, active, lapsed, cancelled'),
          cumulative: cumulativeTotals,
        },
        ['renewalRateBp'],
      ),
    ),
    byCounty: arr(
      obj(
        {
          regionCode: str('GB/T 2260, or unknown'),
          name: ref('LocalizedName'),
          distinctPeople: int(),
          enrollments: int(),
          ...money,
          years: arr(obj(yearFigures, ['renewalRateBp'])),
        },
        ['name'],
      ),
    ),
    insurerRanking: obj({
      byYear: arr(
        obj({
          planYear: int(),
          planId: str(),
          insurers: arr(
            obj({ insurerId: str(), name: str(), premiumFen: fen('Premium income'), rank: int() }),
          ),
        }),
      ),
      byTerm: arr(
        obj({
          termId: str(),
          fromYear: int(),
          toYear: int(),
          insurers: arr(
            obj({ insurerId: str(), name: str(), premiumFen: fen('Premium income'), rank: int() }),
          ),
        }),
      ),
    }),
  }),
};
