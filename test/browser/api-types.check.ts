/**
 * Compile-time only (npm run typecheck; nothing runs): the dashboard reads the ledger's answers
 * through its own plain interfaces (apps/dashboard/src/api/api-types.ts: the browser bundle
 * imports no server code). Each line below fails to compile if the server's type of an answer
 * no longer fits what the dashboard expects of it.
 */
import type * as Dashboard from '../../apps/dashboard/src/api/api-types';
import type { describeIdentity } from '@ledger/access';
import type { PlanViews } from '@ledger/ledger';
import type {
  CoinsuranceReport,
  PayoutsView,
  ProgressReport,
  scorecardReport,
} from '@ledger/projections';
import type { ViewsController } from '../../apps/ledger-api/src/views/views.controller';

type Fits<Server, Page> = [Server] extends [Page] ? true : false;

type PlanAnswer = NonNullable<Awaited<ReturnType<PlanViews['get']>>>;
type PlanListItem = Awaited<ReturnType<PlanViews['list']>>[number];
type TownshipAnswer = Awaited<ReturnType<ViewsController['townshipProgress']>>;

export const _answersFitTheDashboard: [
  Fits<{ identity: ReturnType<typeof describeIdentity> }, { identity: Dashboard.SessionIdentity }>,
  Fits<PlanListItem, Dashboard.PlanSummary>,
  Fits<PlanAnswer, Dashboard.PlanView>,
  Fits<ProgressReport, Dashboard.ProgressReport>,
  Fits<TownshipAnswer, Dashboard.TownshipProgress>,
  Fits<CoinsuranceReport, Dashboard.CoinsuranceReport>,
  Fits<PayoutsView, Dashboard.PayoutsView>,
  Fits<ReturnType<typeof scorecardReport>, Dashboard.ScorecardReport>,
] = [true, true, true, true, true, true, true, true];
