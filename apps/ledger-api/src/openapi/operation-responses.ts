import { ContentObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export { RESPONSE_SCHEMAS } from './response-schemas';

/** The success answer of an operation: its status, what it means, its media types. */
export interface DocumentedResponse {
  status: number;
  description: string;
  content: ContentObject;
}

const json = (schema: string, list = false): ContentObject => ({
  'application/json': {
    schema: list
      ? { type: 'array', items: { $ref: `#/components/schemas/${schema}` } }
      : { $ref: `#/components/schemas/${schema}` },
  },
});

/** A view that can also be had as a file: `?format=csv` or `?format=xlsx`, Chinese headers. */
const jsonOrCsv = (schema: string): ContentObject => ({
  ...json(schema),
  'text/csv': {
    schema: { type: 'string', description: 'UTF-8 with a byte order mark (opens in Excel)' },
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    schema: { type: 'string', format: 'binary' },
  },
});

const ok = (schema: string, description: string, list = false): DocumentedResponse => ({
  status: 200,
  description,
  content: json(schema, list),
});
const created = (schema: string, description: string): DocumentedResponse => ({
  status: 201,
  description,
  content: json(schema),
});

const html = (description: string): DocumentedResponse => ({
  status: 200,
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});
const accepted = (description: string): DocumentedResponse => ({
  status: 202,
  description,
  content: json('ImportJob'),
});

/**
 * Every operation's success answer, by operation id. An operation missing here is named by the
 * contract test (test/openapi-contract.e2e-spec.ts).
 */
export const OPERATION_RESPONSES: Record<string, DocumentedResponse> = {
  HealthController_live: ok('HealthProbe', 'The process serves HTTP'),
  HealthController_ready: ok(
    'HealthProbe',
    'Ready: the event store answers and the log is as sealed (503, same shape, when not)',
  ),
  SessionController_open: ok('SessionOpened', 'Logged in: the session cookie is set'),
  SessionController_whoAmI: ok('WhoAmI', 'The caller’s identity, role and scope'),
  SessionController_close: {
    status: 204,
    description: 'Logged out: the cookie is cleared',
    content: {},
  },
  AccessLogController_list: ok('AccessLogPage', 'Reads of identities and claim facts'),
  AuditController_seal: created(
    'SealOutcome',
    'Sealed: recorded and published (200 with status unchanged or raced when a seal already covers the log)',
  ),
  AuditController_latestSeal: ok('PublishedSeal', 'The latest published seal'),
  AuditController_publicKey: ok('SealPublicKey', 'The public key seals verify with'),
  AuditController_status: ok('IntegrityStatus', 'The running ledger’s verification of its log'),
  DashboardController_plans: html('The dashboard page (the plans the caller may see)'),
  DashboardController_login: html('The log-in page'),
  DashboardController_plan: html('The dashboard of a plan (its data comes from the views)'),
  DashboardController_asset: {
    status: 200,
    description: 'A script, stylesheet or icon of the dashboard',
    content: {
      'text/javascript': { schema: { type: 'string' } },
      'text/css': { schema: { type: 'string' } },
      'image/svg+xml': { schema: { type: 'string' } },
    },
  },
  ProductsController_list: ok('ProductSummary', 'Products and their yearly plans', true),
  ProductsController_get: ok('Product', 'The product'),
  ProductsController_derive: created('DerivedPlanReceipt', "Next year's plan recorded"),
  ProductsController_selectTerm: created('CoalitionTermReceipt', 'The term recorded'),
  ProductsController_amendTerm: created('CoalitionTermReceipt', 'The change of shares recorded'),
  ProductsController_operatingCost: created('OperatingCostReceipt', 'Recorded'),
  ProductsController_yearEnd: {
    status: 200,
    description: 'The year-end report (?format=csv: its per-insurer table)',
    content: jsonOrCsv('YearEndReport'),
  },
  ProductsController_cumulative: {
    status: 200,
    description: 'The cumulative view (?format=csv: by county and year)',
    content: jsonOrCsv('CumulativeReport'),
  },
  ProductsController_consent: created('RenewalConsentReceipt', 'The consent recorded'),
  ProductsController_renewal: ok('RenewalRecord', "The person's renewal record"),
  ProductsController_withdraw: created('RenewalWithdrawalReceipt', 'Withdrawn'),
  ProductsController_renew: created(
    'RenewalRunReport',
    'The run: who was renewed, who not and why',
  ),
  TownshipTablesController_preview: ok('TownshipTablePreview', 'What the table would change'),
  GroupPurchasesController_submit: created('GroupPurchaseReport', 'One line per person'),
  GroupPurchasesController_remit: created('GroupRemittanceReceipt', 'Recorded and reconciled'),
  GroupPurchasesController_batch: ok('GroupPurchaseBatch', 'The batch as recorded'),
  EnrollmentImportsController_upload: accepted('The job (Location: /import-jobs/{jobId})'),
  ClaimImportsController_upload: accepted('The job (Location: /import-jobs/{jobId})'),
  ImportJobsController_job: ok('ImportJob', 'The job'),
  ImportJobsController_results: {
    status: 200,
    description: 'Every line with its outcome',
    content: {
      ...json('ImportJobResults'),
      'text/csv': { schema: { type: 'string', description: 'UTF-8 with a byte order mark' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
    },
  },
  ViewsController_townshipProgress: ok('TownshipProgress', 'One township and its roll-ups'),
  PlansController_list: ok('PlanSummary', 'Every plan with its status', true),
  PlansController_get: ok('Plan', 'The plan with its history'),
  PlansController_amend: ok('PlanAmendmentReceipt', 'Amended (an event was recorded)'),
  PlansController_erase: created('ErasureReceipt', 'Erased: the key is destroyed'),
  TownshipTablesController_importTable: created('TownshipTableReport', 'Imported'),
  EnrollmentsController_enroll: created('EnrollmentReceipt', 'Enrolled'),
  EnrollmentsController_enrollBatch: ok(
    'EnrollmentBatchAnswer',
    'One result per enrollment; a refused one refused only itself',
  ),
  EnrollmentsController_lookup: ok('PersonRefAnswer', 'The personRef of the ID number'),
  EnrollmentsController_policy: ok('Policy', 'The policy'),
  EnrollmentsController_history: ok('RecordedEvent', 'The policy stream, oldest first', true),
  EnrollmentsController_cancel: created('PolicyChangeReceipt', 'Cancelled, with its refunds'),
  EnrollmentsController_settle: created('PolicyChangeReceipt', 'Settled'),
  EnrollmentsController_fail: created('PolicyChangeReceipt', 'Recorded; the enrollment lapsed'),
  ClaimsController_submit: created('ClaimReceipt', 'Adjudicated, or rejected and recorded'),
  ClaimsController_list: ok('ClaimList', "The policy's claims"),
  ClaimsController_claim: ok('Claim', 'The claim'),
  ClaimsController_approve: created('PayoutReceipt', 'Approved and split'),
  ClaimsController_pay: created('PayoutReceipt', 'Paid'),
  ClaimsController_suspend: created('BasicInsuranceReceipt', 'Recorded'),
  ClaimsController_restore: created('BasicInsuranceReceipt', 'Recorded'),
  ClaimsController_accumulators: ok('Accumulators', 'The accumulators'),
  ClaimsController_payouts: ok('Payouts', 'Payouts of the plan'),
  RostersController_applyRoster: created('SubsidyRosterReport', 'One report line per roster line'),
  AssessmentsController_assess: created('AssessmentReceipt', 'Recorded'),
  ViewsController_progress: {
    status: 200,
    description: 'Township progress (current: with a strong ETag; 304 to If-None-Match)',
    content: jsonOrCsv('ProgressReport'),
  },
  ViewsController_coinsurance: {
    status: 200,
    description: 'Coinsurance',
    content: jsonOrCsv('CoinsuranceReport'),
  },
  ViewsController_subsidies: {
    status: 200,
    description: 'Subsidy ledger',
    content: jsonOrCsv('SubsidyLedger'),
  },
  ViewsController_scorecard: {
    status: 200,
    description: 'Scorecard',
    content: jsonOrCsv('Scorecard'),
  },
  ViewsController_stream: {
    status: 200,
    description:
      'Server-Sent Events: event `progress`, data a JSON array of the township progress documents that changed',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  },
  ViewsController_status: ok('ProjectionStatus', 'Each view'),
  ViewsController_rebuild: created('RebuildAnswer', 'Rebuilt'),
  DashboardController_dashboard: {
    status: 200,
    description: 'An HTML page',
    content: { 'text/html': { schema: { type: 'string' } } },
  },
};
