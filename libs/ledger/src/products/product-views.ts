import { Injectable, NotFoundException } from '@nestjs/common';
import {
  coalitionHistoryOfPlan,
  foldRenewal,
  isDraft,
  missingForEnrollment,
  LocalizedName,
  plansByYear,
  PlanState,
  ProductState,
  RenewalEvent,
} from '@ledger/domain';
import { EventStore, StreamNames } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import {
  AsOf,
  CoinsuranceDoc,
  PayoutsDoc,
  ProductDoc,
  productCumulativeReport,
  ProductFacts,
  yearEndReport,
} from '@ledger/projections';
import { countyNamesOf } from '@ledger/plans';
import { ProductRepository } from '../core/product-repository';
import { EVENT_STORE } from '../core/tokens';
import { LedgerViews, ViewDocuments } from '../views/ledger-views.service';

/** Products across years as dashboards, insurers and auditors read them (docs/products.md). */
@Injectable()
export class ProductViews {
  constructor(
    private readonly products: ProductRepository,
    private readonly views: LedgerViews,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  private async load(productId: string): Promise<{ product: ProductState; plans: PlanState[] }> {
    if (!(await this.products.exists(productId)))
      throw new NotFoundException(`product ${productId} does not exist`);
    const product = await this.products.get(productId);
    const plans = plansByYear(await this.products.plansOf(productId));
    return { product, plans };
  }

  async list() {
    return Promise.all(
      this.products.productIds().map(async (productId) => {
        const { plans } = await this.load(productId);
        const first = (await this.products.plansOf(productId))[0];
        return {
          productId,
          productName: first?.definition.productName,
          plans: plans.map((p) => ({
            planId: p.planId,
            planYear: p.definition.planYear,
            status: isDraft(p) ? 'draft' : 'ready',
          })),
        };
      }),
    );
  }

  /** The product: its yearly plans, coalition terms, operating costs and renewal runs. */
  async get(productId: string) {
    const { product, plans } = await this.load(productId);
    const all = await this.products.plansOf(productId);
    return {
      productId,
      productName: all[0]?.definition.productName,
      plans: plans.map((p) => ({
        planId: p.planId,
        planYear: p.definition.planYear,
        status: isDraft(p) ? 'draft' : 'ready',
        missing: missingForEnrollment(p.definition),
        enrollmentWindow: p.definition.enrollmentWindow,
        coverage: p.definition.coverage,
        ...(p.derivation ? { derivedFrom: p.derivation } : {}),
        coalitions: coalitionHistoryOfPlan(p, product),
      })),
      /** Plans without a year yet (drafts): not part of the series until one is set. */
      undated: all.filter((p) => p.definition.planYear === undefined).map((p) => p.planId),
      coalitionTerms: product.terms,
      operatingCosts: product.operatingCosts,
      renewalRuns: product.renewalRuns,
    };
  }

  private facts(product: ProductState, plans: PlanState[], asOf?: AsOf): ProductFacts {
    const first = plans[0]?.definition;
    const byInstant =
      asOf && 'instant' in asOf
        ? (c: { occurredAt: string }) => Date.parse(c.occurredAt) <= asOf.instant
        : () => true;
    return {
      productId: product.productId,
      productName: first?.productName ?? { zh: product.productId, en: product.productId },
      plans: plans.map((p) => {
        const history = coalitionHistoryOfPlan(p, product);
        const lead = history.at(-1)?.coalition.leadInsurerId;
        const members = new Map<string, { insurerId: string; name: { zh: string; en: string } }>();
        for (const c of history)
          for (const m of c.coalition.members)
            members.set(m.insurerId, { insurerId: m.insurerId, name: m.name });
        return {
          planId: p.planId,
          planYear: p.definition.planYear!,
          ...(p.definition.coverage ? { coverage: p.definition.coverage } : {}),
          ...(p.definition.benefits ? { benefits: p.definition.benefits } : {}),
          coalitionMembers: [...members.values()].map((m) => ({
            ...m,
            lead: m.insurerId === lead,
          })),
        };
      }),
      terms: product.terms.map((t) => ({
        termId: t.termId,
        fromYear: t.fromYear,
        toYear: t.toYear,
      })),
      operatingCosts: product.operatingCosts.filter(byInstant),
      countyNames: countyNamesOfPlans(plans),
    };
  }

  private coinsuranceDocs(plans: PlanState[], docs: ViewDocuments): Map<string, CoinsuranceDoc> {
    return new Map(
      plans.flatMap((p) => {
        const doc = (docs('coinsurance', p.planId) as CoinsuranceDoc[]).find(
          (d) => d.planId === p.planId,
        );
        return doc ? [[p.planId, doc] as const] : [];
      }),
    );
  }

  /** Cumulative view: people, renewal, payouts and loss ratio per year and overall, by county. */
  async cumulative(productId: string, asOf?: AsOf) {
    const { product, plans } = await this.load(productId);
    const docs = await this.views.documents(asOf);
    const doc = (docs('products', productId) as ProductDoc[]).find(
      (d) => d.productId === productId,
    );
    return productCumulativeReport(
      this.facts(product, plans, asOf),
      doc,
      this.coinsuranceDocs(plans, docs),
    );
  }

  /** The year-end report of one plan year: what informs next year's plan (002 三(四)). */
  async yearEnd(productId: string, planYear: number, asOf?: AsOf) {
    const { product, plans } = await this.load(productId);
    const plan = plans.find((p) => p.definition.planYear === planYear);
    if (!plan) throw new NotFoundException(`product ${productId} has no plan for ${planYear}`);
    const docs = await this.views.documents(asOf);
    const payouts = (docs('payouts', plan.planId) as PayoutsDoc[]).find(
      (d) => d.planId === plan.planId,
    );
    return yearEndReport(
      this.facts(product, plans, asOf),
      planYear,
      this.coinsuranceDocs([plan], docs).get(plan.planId),
      payouts,
    )!;
  }

  /** One person's renewal record (consents, withdrawals, years not renewed); no identity. */
  async renewal(productId: string, personRef: string) {
    await this.load(productId);
    const events = await this.store.readStream(StreamNames.renewal(productId, personRef));
    const state = foldRenewal(events.map((e) => ({ type: e.type, data: e.data }) as RenewalEvent));
    if (!state)
      throw new NotFoundException(`no renewal record for this person in product ${productId}`);
    const strip = <T extends { insured: object; payment: object }>(c: T) => {
      const { sealedIdentity: _s, ...insured } = c.insured as { sealedIdentity?: unknown };
      const { payerSealedIdentity: _p, ...payment } = c.payment as {
        payerSealedIdentity?: unknown;
      };
      void _s;
      void _p;
      return { ...c, insured, payment };
    };
    return {
      productId,
      personRef,
      consent: state.consent ? strip(state.consent) : null,
      history: state.history.map((h) =>
        h.kind === 'given' ? { kind: h.kind, consent: strip(h.consent) } : h,
      ),
      skipped: state.skipped,
    };
  }
}

/**
 * Names of the counties a product's figures are broken down by: the counties the plans target
 * (宁都县 for 赣州惠民保 2024) and, where the ledger has them, every county of the product's city.
 */
function countyNamesOfPlans(plans: readonly PlanState[]): Record<string, LocalizedName> {
  const names: Record<string, LocalizedName> = {};
  for (const { definition } of plans) {
    Object.assign(names, countyNamesOf(definition.region.regionCode) ?? {});
    const county = definition.region.targetCounty;
    if (county) names[county.regionCode] = county.name;
  }
  return names;
}
