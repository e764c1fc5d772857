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

/** A view that can also be had as CSV (`?format=csv`). */
const jsonOrCsv = (schema: string): ContentObject => ({
  ...json(schema),
  'text/csv': {
    schema: { type: 'string', description: 'UTF-8 with a byte order mark (opens in Excel)' },
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

/**
 * Every operation's success answer, by operation id. An operation missing here is named by the
 * contract test (test/openapi-contract.e2e-spec.ts).
 */
export const OPERATION_RESPONSES: Record<string, DocumentedResponse> = {
  HealthController_health: ok('Health', 'The ledger answers; the head of its log'),
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
