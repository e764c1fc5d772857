import { RecordBasicInsuranceHandler } from './basic-insurance.command';
import { ClaimCsvImport } from './claim-csv-import';
import { ClaimViews } from './claim-views';
import { ClaimsController } from './claims.controller';
import { RecordPayoutHandler } from './payout.command';
import { SubmitClaimHandler } from './submit-claim.command';

export { ClaimCsvImport } from './claim-csv-import';
export type { ClaimImportReport, ClaimImportRow, ClaimImportOptions } from './claim-csv-import';

/** Claims over HTTP: registered by LedgerApiModule. */
export const CLAIM_CONTROLLERS = [ClaimsController];
export const CLAIM_PROVIDERS = [
  SubmitClaimHandler,
  RecordPayoutHandler,
  RecordBasicInsuranceHandler,
  ClaimViews,
  ClaimCsvImport,
];
