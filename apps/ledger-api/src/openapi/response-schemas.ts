import { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ACCESS_AND_AUDIT_SCHEMAS } from './access-audit-schemas';
import { IMPORT_SCHEMAS } from './import-schemas';
import { PRODUCT_SCHEMAS } from './product-schemas';
import {
  Props,
  ref,
  str,
  int,
  fen,
  bool,
  arr,
  map,
  obj,
  nullable,
  date,
  instant,
  position,
  personRef,
  replayed,
} from './schema-builders';

/**
 * Schemas of the API's successful answers, as components of the OpenAPI document. They state
 * every member a client may rely on (required where always present); members may be added in a
 * later version (no additionalProperties: false). test/openapi-examples.e2e-spec.ts validates the
 * answer to every example against them.
 */

const domainEvent = obj(
  {
    type: str('Event type, past tense', { example: 'EnrollmentCancelled' }),
    data: { type: 'object' },
  },
  [],
  'An event the command recorded (docs/events.md)',
);

const counts: Props = {
  active: int('Enrollments in force'),
  pending: int('Awaiting a personal-account deduction'),
  enrolled: int('Enrollments recorded'),
  cancelled: int(),
  lapsed: int(),
  rateBp: int('Active ÷ base participants, basis points'),
};
const targetProgress = map(
  obj({ target: int(), gap: int('How many more are needed (0 when reached)'), reached: bool() }),
  'Per target level (e.g. required, stretch)',
);
const progressRow = obj(
  {
    level: str(undefined, { enum: ['county', 'district', 'township'] }),
    id: str(),
    name: ref('LocalizedName'),
    districtId: str(),
    baseParticipants: int('Base: participants of the reference year'),
    ...counts,
    targets: targetProgress,
    bySource: map(int(), 'Active enrollments per contribution source'),
    byCategory: map(int(), 'Active enrollments per subsidy category'),
    premiumCollectedFen: fen('Premium collected'),
    perDay: map(obj({ enrolled: int(), ended: int() }), 'Per Asia/Shanghai day'),
    atDeadline: obj(
      {
        deadline: date,
        active: int(),
        pending: int(),
        premiumCollectedFen: fen('Premium collected'),
        rateBp: int(),
        targets: targetProgress,
      },
      [],
      'The figures as they stood at the deadline of the target rule',
    ),
  },
  ['districtId', 'atDeadline', 'perDay'],
);

const planSummary: Props = {
  planId: str(undefined, { example: 'ganzhou-2024' }),
  productId: str(),
  productName: ref('LocalizedName'),
  planYear: int(),
  region: { type: 'object', description: 'City (and target county) with GB/T 2260 codes' },
  status: str('draft until every required value is set', { enum: ['draft', 'ready'] }),
  missing: arr(str(), 'What a draft still lacks'),
  enrollmentWindow: obj({ opensOn: date, closesOn: date }),
  coverage: obj({ startsOn: date, endsOn: date, retroactiveToStart: bool() }, [
    'retroactiveToStart',
  ]),
  townships: int('Townships in the plan'),
};
const planSummaryOptional = ['planYear', 'enrollmentWindow', 'coverage'];

const payoutPart = obj({
  insurerId: str(),
  name: ref('LocalizedName'),
  shareBp: int('Coalition share, basis points'),
  amountFen: fen('This insurer’s part'),
});

const claimTotals = obj({
  countedFen: fen('Counted towards the schedule'),
  rawPayoutFen: fen('Before caps'),
  payoutFen: fen('Payable'),
});

export const RESPONSE_SCHEMAS: Record<string, SchemaObject> = {
  ...ACCESS_AND_AUDIT_SCHEMAS,
  ...IMPORT_SCHEMAS,
  ...PRODUCT_SCHEMAS,
  LocalizedName: obj({ zh: str(), en: str() }, [], 'Chinese first, English beside'),
  PlanSummary: obj(planSummary, planSummaryOptional),
  Plan: obj(
    {
      ...planSummary,
      definition: {
        type: 'object',
        required: ['planId', 'productId', 'productName', 'region'],
        description:
          'The plan definition as amended: eligibility, window, coverage, premium rules, accepted sources, subsidy categories, cancellation, benefits, districts, townships, targets, scorecard',
      },
      coalitionHistory: arr(
        { type: 'object' },
        'Coinsurance coalitions with their effective times',
      ),
      amendments: arr({ type: 'object' }, 'Every amendment with its reason'),
      tableImports: arr(
        obj({ source: str(), occurredAt: instant, discrepancies: arr({ type: 'object' }) }),
        'Township table imports and the discrepancies they reported',
      ),
    },
    planSummaryOptional,
  ),
  PlanAmendmentReceipt: obj({
    planId: str(),
    draft: bool('Whether the plan is still a draft after the amendment'),
    missing: arr(str()),
    replayed,
  }),
  TownshipProgress: obj(
    {
      planId: str(),
      targetRule: { type: 'object', description: 'The plan’s target rule (rate or task numbers)' },
      township: progressRow,
      district: progressRow,
      county: progressRow,
    },
    ['targetRule', 'district', 'county'],
    'One township with what its reader may also see: its district and the county roll-up',
  ),
  TownshipTablePreview: obj(
    {
      planId: str(),
      source: str(),
      fingerprint: str('Apply the table with this (POST …/township-tables)', {
        pattern: '^[0-9a-f]{20}$',
      }),
      applicable: bool('false: townships holding enrollments would be removed or renamed unplaced'),
      townships: int('Townships in the table'),
      totals: obj({ base: int(), targets: map(int(), 'Per target level') }, ['base']),
      discrepancies: arr(obj({ message: str() }), 'Stated totals that do not add up'),
      diff: obj(
        {
          added: arr({ type: 'object' }, 'Townships new to the plan'),
          removed: arr(
            obj({
              townshipId: str(),
              name: str(),
              enrollments: obj({ active: int(), pending: int(), enrolled: int() }),
            }),
            'Townships the table leaves out, with the enrollments each holds',
          ),
          renamed: arr({ type: 'object' }),
          merged: arr({ type: 'object' }),
          kept: arr({ type: 'object' }),
          changed: arr({ type: 'object' }),
          unchanged: arr({ type: 'object' }),
          needsMapping: arr(
            { type: 'object' },
            'Townships with enrollments the mapping must place',
          ),
          totals: obj({ before: { type: 'object' }, after: { type: 'object' } }),
        },
        [],
        'What applying the table would change',
      ),
    },
    [],
    'What the table would do; nothing is written',
  ),
  TownshipTableReport: obj({
    planId: str(),
    source: str(),
    townships: int('Townships imported'),
    totals: obj({ base: int(), targets: map(int(), 'Per target level') }, ['base']),
    discrepancies: arr(
      obj({ message: str() }),
      'Stated totals and subtotals that do not add up (reported, never corrected)',
    ),
    replayed,
  }),
  EnrollmentReceipt: obj({
    planId: str(),
    personRef,
    enrollmentId: str(undefined, { format: 'uuid' }),
    status: str(undefined, { enum: ['active', 'pending_payment'] }),
    premiumFen: fen('Premium'),
    premiumRuleId: str('The premium rule that applied'),
    replayed,
  }),
  EnrollmentBatchAnswer: obj({
    planId: str(),
    results: arr(
      obj(
        {
          line: int('0-based index in the batch'),
          outcome: str(undefined, {
            enum: ['enrolled', 'replayed', 'refused', 'invalid', 'failed'],
          }),
          status: int('The status a single enrollment would have had'),
          personRef,
          enrollmentId: str(),
          enrollmentStatus: str(),
          premiumFen: fen('Premium'),
          errors: arr(obj({ field: str(), rule: str(), message: str() })),
        },
        ['personRef', 'enrollmentId', 'enrollmentStatus', 'premiumFen', 'errors'],
      ),
    ),
    summary: obj({
      lines: int(),
      enrolled: int(),
      replayed: int(),
      refused: int(),
      invalid: int(),
      failed: int(),
    }),
  }),
  PersonRefAnswer: obj({ planId: str(), personRef }),
  Policy: obj({
    planId: str(),
    personRef,
    revision: str('Stream revision'),
    enrollments: arr(
      obj(
        {
          enrollmentId: str(),
          status: str(undefined, {
            enum: ['active', 'pending_payment', 'cancelled', 'lapsed'],
          }),
          enrolledAt: instant,
          premiumFen: fen('Premium'),
          premiumRuleId: str(),
          townshipId: str(),
          insured: {
            type: 'object',
            description: 'Birth year and sex; the identity sealed unless the caller may read it',
          },
          basicInsurance: obj({ scheme: str(), insuredRegionCode: str() }),
          contributions: arr(
            obj(
              {
                contributionId: str(),
                source: str(),
                amountFen: fen('Amount'),
                status: str(),
                currentStatus: str(),
              },
              ['currentStatus'],
            ),
          ),
        },
        ['townshipId'],
      ),
    ),
  }),
  RecordedEvent: obj({
    streamId: str(),
    revision: str(),
    position,
    recordedAt: instant,
    type: str(),
    data: { type: 'object' },
    metadata: obj(
      {
        eventId: str(),
        correlationId: str(),
        causationId: str(),
        actor: str(),
        occurredAt: instant,
        schemaVersion: int(),
        prevHash: str('Tamper evidence: the previous event’s hash'),
        hash: str('SHA-256 of this event (docs/events.md)'),
      },
      ['prevHash', 'hash'],
    ),
  }),
  PolicyChangeReceipt: obj({
    planId: str(),
    personRef,
    events: arr(domainEvent),
    status: str('The enrollment’s status after the change'),
    replayed,
  }),
  ClaimReceipt: obj(
    {
      planId: str(),
      personRef,
      claimId: str(),
      outcome: str('adjudicated (breakdown) or rejected (recorded business rejection)', {
        enum: ['adjudicated', 'rejected'],
      }),
      replayed,
      payoutFen: fen('Payable'),
      totals: claimTotals,
      breakdown: arr({ type: 'object' }, 'Per responsibility: counted, portions, caps'),
      accumulatorsAfter: { type: 'object' },
      field: str(),
      rule: str(),
      reason: str(),
    },
    ['payoutFen', 'totals', 'breakdown', 'accumulatorsAfter', 'field', 'rule', 'reason'],
  ),
  ClaimList: obj({
    planId: str(),
    personRef,
    revision: str(),
    accepted: arr(
      obj(
        {
          claimId: str(),
          status: str(undefined, { enum: ['adjudicated', 'approved', 'paid'] }),
          serviceDate: date,
          hospital: str(),
          payoutFen: fen('Payable'),
          adjudicatedAt: instant,
        },
        ['hospital'],
      ),
    ),
    rejections: arr({ type: 'object' }),
    suspensions: arr({ type: 'object' }),
  }),
  Claim: obj(
    {
      planId: str(),
      personRef,
      claimId: str(),
      status: str(undefined, { enum: ['adjudicated', 'approved', 'paid'] }),
      payoutFen: fen('Payable'),
      adjudication: {
        type: 'object',
        description:
          'The recorded adjudication: claim facts, the schedule applied, accumulators before and after, the breakdown',
      },
      rejections: arr({ type: 'object' }),
    },
    ['rejections'],
  ),
  PayoutReceipt: obj(
    {
      planId: str(),
      personRef,
      claimId: str(),
      status: str(undefined, { enum: ['approved', 'paid'] }),
      payoutFen: fen('Payout'),
      parts: arr(payoutPart, 'In coalition order, lead first; they add up to payoutFen'),
      paymentReference: str(),
      replayed,
    },
    ['paymentReference'],
  ),
  BasicInsuranceReceipt: obj({ planId: str(), personRef, events: arr(domainEvent), replayed }),
  Accumulators: obj({
    planId: str(),
    personRef,
    planYear: int(),
    coverage: obj({ startsOn: date, endsOn: date }),
    asOf: instant,
    claims: obj({ adjudicated: int(), rejected: int() }),
    responsibilities: arr(
      obj({
        responsibilityCode: str(),
        name: ref('LocalizedName'),
        deductibleFen: fen('Deductible'),
        countedFen: fen('Counted so far'),
        deductibleRemainingFen: fen('Deductible left'),
        paidFen: fen('Paid so far'),
        capFen: nullable(fen('Cap (null: none)')),
        capRemainingFen: nullable(fen('Cap left')),
      }),
    ),
    planPaidFen: fen('Paid by the plan this year'),
    planCapFen: fen('Plan cap'),
    planCapRemainingFen: fen('Plan cap left'),
  }),
  Payouts: obj({
    planId: str(),
    claims: obj({ adjudicated: int(), rejected: int(), approved: int(), paid: int() }),
    rejectionsByRule: map(int(), 'Rejected claims per rule'),
    totals: obj({
      countedFen: fen('Counted'),
      adjudicatedFen: fen('Adjudicated'),
      approvedFen: fen('Approved'),
      paidFen: fen('Paid'),
    }),
    byResponsibility: arr(
      obj({
        responsibilityCode: str(),
        lines: int(),
        countedFen: fen('Counted'),
        rawPayoutFen: fen('Before caps'),
        adjudicatedFen: fen('Adjudicated'),
        cappedLines: int(),
        approvedFen: fen('Approved'),
        paidFen: fen('Paid'),
      }),
    ),
    byInsurer: arr(
      obj({
        insurerId: str(),
        name: str(),
        approvedFen: fen('Approved'),
        paidFen: fen('Paid'),
        approvals: int(),
      }),
    ),
    partsAddUp: bool('Insurers’ parts add up to the totals to the fen'),
  }),
  SubsidyRosterReport: obj({
    planId: str(),
    rosterId: str(),
    source: str(),
    lines: arr(
      obj(
        {
          line: int('1-based line of the roster'),
          personRef,
          outcome: str('What the line did, decided at the list’s date (docs/rosters.md)', {
            enum: [
              'enrolled_as_subsidized',
              'reclassified',
              'already_subsidized',
              'found_late',
              'too_late_to_enroll',
              'unmatched_basic_insurance',
              'refused',
            ],
          }),
          rule: str(),
          message: str(),
        },
        ['personRef', 'rule', 'message'],
      ),
    ),
    summary: map(int(), 'Lines per outcome'),
  }),
  AssessmentReceipt: obj({ planId: str(), events: arr(domainEvent), replayed }),
  ProgressReport: obj(
    {
      planId: str(),
      targetRule: {
        type: 'object',
        description: 'The plan’s target rule: kind, levels, rounding, deadline, description',
      },
      county: progressRow,
      districts: arr(progressRow),
      townships: arr(progressRow),
      unassigned: progressRow,
    },
    ['targetRule', 'unassigned'],
  ),
  CoinsuranceReport: obj({
    planId: str(),
    totalPremiumFen: fen('Premium collected'),
    allocatedFen: fen('Allocated to coalition members'),
    unallocatedFen: fen('Collected while no coalition was set'),
    insurers: arr(
      obj({
        insurerId: str(),
        name: str(),
        lead: bool(),
        shareBp: int(),
        premiumFen: fen('Premium income'),
        approvedPayoutFen: fen('Payouts approved'),
        paidPayoutFen: fen('Payouts paid'),
        lossRatioBp: int('Payouts ÷ premium, basis points'),
        rank: int(),
      }),
    ),
    promotion: arr({ type: 'object' }, 'Promoting insurers per district (片区)'),
  }),
  SubsidyLedger: obj({
    planId: str(),
    rows: arr(
      obj(
        {
          planId: str(),
          source: str(),
          funderId: str(),
          funderName: str(),
          category: str(),
          categoryName: str(),
          people: int(),
          amountFen: fen('Owed'),
          refundedFen: fen('Refunded'),
        },
        ['category', 'categoryName'],
      ),
    ),
    totals: obj({ people: int(), amountFen: fen('Owed'), refundedFen: fen('Refunded') }),
  }),
  Scorecard: obj({
    planId: str(),
    enabled: bool('Only plans that turn it on (000 Ningdu) have a scorecard'),
    townships: arr(
      obj({
        townshipId: str(),
        name: ref('LocalizedName'),
        total: int(),
        items: arr(obj({ item: str(), points: int(), max: int(), basis: str() })),
      }),
    ),
  }),
  ProjectionStatus: obj({
    mode: str(undefined, { enum: ['in-process', 'external'] }),
    head: position,
    views: arr(
      obj({
        view: str(),
        version: int(),
        checkpoint: nullable(position),
        lag: str('Log positions behind the head (decimal)'),
      }),
    ),
  }),
  RebuildAnswer: obj({ replayedEvents: int() }),
  ErasureReceipt: obj({
    personRef,
    keyDestroyed: { type: 'boolean', enum: [true] },
    erasedAt: instant,
  }),
};
