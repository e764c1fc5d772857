import { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import {
  arr,
  bool,
  date,
  fen,
  instant,
  int,
  map,
  obj,
  personRef,
  replayed,
  str,
} from './schema-builders';

const job = {
  jobId: str('enr-… or clm-…: the same file again finds the same job'),
  kind: str(undefined, { enum: ['enrollments', 'claims'] }),
  planId: str(),
  importId: str(),
  fileName: str(),
  sha256: str('SHA-256 of the file', { pattern: '^[0-9a-f]{64}$' }),
  bytes: int(),
  status: str(undefined, { enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] }),
  percent: int('Lines decided so far, percent'),
  done: int(),
  total: int(),
  createdAt: str('Beijing time (+08:00)'),
  startedAt: str(),
  finishedAt: str(),
  summary: map(int(), 'Counts by outcome (enrolled, refused, invalid, …), payouts in fen'),
  file: obj({ format: str(), encoding: str(), sheet: str() }, ['encoding', 'sheet']),
  error: obj({ rule: str(), message: str() }, [], 'Why a failed job failed'),
  links: obj(
    { self: str(), resultsCsv: str(), resultsXlsx: str() },
    [],
    'The job, and its results file as CSV or XLSX',
  ),
};
const jobOptional = [
  'planId',
  'fileName',
  'total',
  'startedAt',
  'finishedAt',
  'summary',
  'file',
  'error',
];

const reconciliation = obj(
  {
    expectedFen: fen('What the applied batch calls for'),
    receivedFen: fen('What arrived'),
    differenceFen: fen('received − expected'),
    status: str(undefined, { enum: ['balanced', 'short', 'over'] }),
    enrolledPeople: int(),
    people: int('People the difference stands for (short: unpaid parts; over: parts due back)'),
    partFen: fen('The employer’s part per person'),
    remainderFen: fen('What is left after whole parts'),
    refundDueFen: fen('Due back to the purchaser'),
    owedFen: fen('Still owed by the purchaser'),
    alreadyEnrolled: obj({ people: int(), nominalFen: fen('Their nominal parts') }),
  },
  [],
  'The remittance against the people the batch enrolled',
);

const remittance = {
  planId: str(),
  employerId: str(),
  batchId: str(),
  amountFen: fen('Remitted'),
  receivedOn: date,
  reference: str(),
  reconciliation,
  occurredAt: instant,
};

/** Uploads as jobs (docs/imports.md) and group purchases (docs/group-purchase.md). */
export const IMPORT_SCHEMAS: Record<string, SchemaObject> = {
  ImportJob: obj(
    { ...job, created: bool('true: this upload started the job; false: the same file had one') },
    [...jobOptional, 'created'],
    'An import job (GET /import-jobs/{jobId} follows it)',
  ),
  ImportJobResults: obj(
    {
      ...job,
      lines: arr(
        obj(
          {
            line: int('Line of the uploaded file, the header counted, as Excel shows it'),
            outcome: str('enrolled, replayed, refused, invalid, adjudicated, rejected, …'),
            personRef,
            reference: str('The enrollment id or claim id written'),
            amountFen: fen('Premium or payout'),
            rule: str('The rule that refused it'),
            message: str('Chinese first, English beside'),
          },
          ['personRef', 'reference', 'amountFen', 'rule', 'message'],
        ),
      ),
    },
    jobOptional,
    'Every line of the file with its outcome (also ?format=csv|xlsx)',
  ),
  GroupPurchaseReport: obj({
    planId: str(),
    employerId: str(),
    batchId: str(),
    lines: arr(
      obj(
        {
          line: int('Position in the staff list, from 1'),
          personRef,
          outcome: str(undefined, { enum: ['enrolled', 'already_enrolled', 'refused'] }),
          partFen: fen('The employer’s part'),
          enrollmentId: str(),
          rule: str(),
          message: str(),
        },
        ['personRef', 'partFen', 'enrollmentId', 'rule', 'message'],
      ),
    ),
    summary: obj({
      lines: int(),
      enrolled: int(),
      already_enrolled: int(),
      refused: int(),
      expectedRemittanceFen: fen('What the purchaser is to remit'),
    }),
  }),
  GroupRemittanceReceipt: obj(
    { ...remittance, replayed },
    ['receivedOn', 'reference'],
    'Recorded and reconciled',
  ),
  GroupPurchaseBatch: obj(
    {
      submitted: { type: 'object', description: 'The batch’s terms as submitted (no identities)' },
      applied: { type: 'object', description: 'What applying it enrolled' },
      remittance: obj(remittance, ['receivedOn', 'reference']),
    },
    ['applied', 'remittance'],
  ),
};
