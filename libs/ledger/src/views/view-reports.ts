import { Injectable } from '@nestjs/common';
import { invalid, notFound, parseInstantOrEndOfDay, PlanDefinition } from '@ledger/domain';
import { formatPosition, parsePosition } from '@ledger/event-store';
import {
  AsOf,
  AssessmentDoc,
  CoinsuranceDoc,
  coinsuranceReport,
  isTownshipCounts,
  PayoutsDoc,
  payoutsView,
  progressReport,
  scorecardReport,
  SubsidyDoc,
  subsidyReport,
  TownshipProgressDoc,
} from '@ledger/projections';
import { PlanRepository } from '../core/plan-repository';
import { RefusalError } from '../core/refusal';
import { CachedRepresentation } from './cached-representation';
import { LedgerViews, ViewDocuments } from './ledger-views.service';

export interface AsOfQuery {
  asOf?: string;
  asOfPosition?: string;
}

/**
 * A query parameter as text, once. A query string is the client's: `?asOf=a&asOf=b` arrives as
 * an array (once a 500 in the date parser), which is refused as malformed.
 */
export function singleQueryValue(value: unknown, field: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new RefusalError(400, [
    { field, rule: 'query.single', message: `${field} must be given once, as text` },
  ]);
}

/** Parses ?asOf= (business instant, ISO-8601 with offset) or ?asOfPosition= (log position). */
export function asOfFrom(raw: { [K in keyof AsOfQuery]?: unknown }): AsOf | undefined {
  const query: AsOfQuery = {
    asOf: singleQueryValue(raw.asOf, 'asOf'),
    asOfPosition: singleQueryValue(raw.asOfPosition, 'asOfPosition'),
  };
  if (query.asOf && query.asOfPosition)
    throw invalid('asOf', 'query.oneAsOf', 'give asOf or asOfPosition, not both');
  if (query.asOf) return { instant: parseInstantOrEndOfDay(query.asOf, 'asOf') };
  if (query.asOfPosition) {
    const position = parsePosition(query.asOfPosition);
    if (!position)
      throw invalid(
        'asOfPosition',
        'query.position',
        'asOfPosition must be a log position like 1234 or 1234/1200',
      );
    return { position };
  }
  return undefined;
}

/** Views joined with the plan: what dashboards, insurers and auditors read. */
@Injectable()
export class ViewReports {
  private readonly progressCache = new Map<
    string,
    { key: string; representation: CachedRepresentation }
  >();

  constructor(
    private readonly views: LedgerViews,
    private readonly plans: PlanRepository,
  ) {}

  /** The plan a view is about (names of its categories, levels, responsibilities). */
  definition(planId: string): Promise<PlanDefinition> {
    return this.plan(planId);
  }

  private async plan(planId: string): Promise<PlanDefinition> {
    const state = await this.plans.get(planId);
    if (!state) throw notFound('planId', 'plan.notFound', `plan ${planId} does not exist`);
    return state.definition;
  }

  private progressFrom(plan: PlanDefinition, docs: ViewDocuments) {
    const counts = (docs('township-progress', `${plan.planId}/`) as TownshipProgressDoc[]).filter(
      isTownshipCounts,
    );
    return progressReport(plan, counts);
  }

  /**
   * The current progress report as JSON bytes with their ETag, recomputed only when the view has
   * committed a batch or the plan changed: dashboards poll it far more often than it changes
   * (docs/performance.md). The ETag is a hash of the content, so a commit that leaves the report
   * as it was keeps its ETag.
   */
  async progressCurrent(planId: string): Promise<CachedRepresentation> {
    const state = await this.plans.get(planId);
    if (!state) throw notFound('planId', 'plan.notFound', `plan ${planId} does not exist`);
    const checkpoint = this.views.viewStore.checkpoint('township-progress');
    const key = `${this.views.generation}|${checkpoint ? formatPosition(checkpoint.position) : '-'}|${state.lastOccurredAt}|${state.amendments.length}|${state.tableImports.length}`;
    const cached = this.progressCache.get(planId);
    if (cached?.key === key) return cached.representation;
    const report = this.progressFrom(state.definition, await this.views.documents());
    const fresh = CachedRepresentation.ofJson(report);
    // Same content, same object: its compressed encodings are kept too.
    const representation =
      cached?.representation.etag === fresh.etag ? cached.representation : fresh;
    this.progressCache.set(planId, { key, representation });
    return representation;
  }

  async progress(planId: string, asOf?: AsOf) {
    const plan = await this.plan(planId);
    return this.progressFrom(plan, await this.views.documents(asOf));
  }

  async coinsurance(planId: string, asOf?: AsOf) {
    const plan = await this.plan(planId);
    const docs = await this.views.documents(asOf);
    const doc = (docs('coinsurance', planId) as CoinsuranceDoc[]).find((d) => d.planId === planId);
    return coinsuranceReport(
      plan,
      doc,
      this.progressFrom(plan, docs),
      this.payoutsDoc(planId, docs),
    );
  }

  private payoutsDoc(planId: string, docs: ViewDocuments): PayoutsDoc | undefined {
    return (docs('payouts', planId) as PayoutsDoc[]).find((d) => d.planId === planId);
  }

  /** Payouts per responsibility and per insurer (parts add up to the fen). */
  async payouts(planId: string, asOf?: AsOf) {
    await this.plan(planId);
    return payoutsView(planId, this.payoutsDoc(planId, await this.views.documents(asOf)));
  }

  async subsidies(planId: string, asOf?: AsOf) {
    const plan = await this.plan(planId);
    const docs = await this.views.documents(asOf);
    return subsidyReport(plan, docs('subsidy-ledger', `${planId}|`) as SubsidyDoc[]);
  }

  async scorecard(planId: string, asOf?: AsOf) {
    const plan = await this.plan(planId);
    const docs = await this.views.documents(asOf);
    return scorecardReport(
      plan,
      this.progressFrom(plan, docs),
      docs('assessments', `${planId}/`) as AssessmentDoc[],
    );
  }
}
