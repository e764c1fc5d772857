import { Projection } from './projection';
import { assessmentsProjection } from './views/assessments.projection';
import { coinsuranceProjection } from './views/coinsurance.projection';
import { payoutsProjection } from './views/payouts.projection';
import { productsProjection } from './views/products.projection';
import { subsidyLedgerProjection } from './views/subsidy-ledger.projection';
import { townshipProgressProjection } from './views/township-progress.projection';

/** Every view the ledger maintains. */
export const LEDGER_PROJECTIONS: readonly Projection<unknown>[] = [
  townshipProgressProjection as Projection<unknown>,
  coinsuranceProjection as Projection<unknown>,
  subsidyLedgerProjection as Projection<unknown>,
  assessmentsProjection as Projection<unknown>,
  payoutsProjection as Projection<unknown>,
  productsProjection as Projection<unknown>,
];
