import { Inject, Injectable } from '@nestjs/common';
import {
  completeRenewalRun,
  decideRenewal,
  decideStartRenewalRun,
  foldPolicy,
  foldProduct,
  foldRenewal,
  InsuredPerson,
  parseResidentId,
  PlanState,
  PolicyEvent,
  ProductEvent,
  RENEWAL_SKIP_LABELS,
  RenewalConsent,
  RenewalDecision,
  RenewalEvent,
  RenewalRunDecision,
  RenewalSkipReason,
  RenewalState,
  resolveOccurredAt,
  SealedIdentity,
  shanghaiDate,
} from '@ledger/domain';
import { EventStore, START_POSITION, StreamNames } from '@ledger/event-store';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { NameBasedIds } from '../core/name-based-id';
import { PlanRepository } from '../core/plan-repository';
import { ProductRepository } from '../core/product-repository';
import { EVENT_STORE } from '../core/tokens';
import { PersonIdentities } from '../privacy/person-identities';
import { requireProduct } from './require-product';

export interface RenewalRunOptions {
  /** Business time of a new run (default: now); a resumed run keeps its own. */
  occurredAt?: string;
  /** People decided at once (their appends share group commits). Default 16. */
  concurrency?: number;
  actor?: string;
  /** After each person, in completion order. */
  onProgress?: (progress: { done: number; total: number; outcome: RenewalPersonOutcome }) => void;
}

export type RenewalPersonOutcome =
  | {
      personRef: string;
      outcome: 'renewed';
      /** Written by an earlier (interrupted or previous) run of the year: nothing new now. */
      replayed: boolean;
      enrollmentId: string;
      contributionId: string;
      amountFen: number;
      payerRef: string;
      relation: string;
    }
  | {
      personRef: string;
      outcome: 'skipped';
      replayed: boolean;
      reason: RenewalSkipReason;
      label: { zh: string; en: string };
      detail: string;
    };

export interface RenewalRunReport {
  title: { zh: string; en: string };
  productId: string;
  runId: string;
  planId: string;
  fromPlanId: string;
  planYear: number;
  occurredAt: string;
  /** The run had been started before (e.g. interrupted) and was continued. */
  resumed: boolean;
  consents: number;
  renewed: number;
  skipped: Partial<Record<RenewalSkipReason, number>>;
  /** Consenting people not renewed, and why (Chinese first). */
  notRenewed: Extract<RenewalPersonOutcome, { outcome: 'skipped' }>[];
  /** The scheduled deductions the run created (pending until they settle or fail). */
  deductions: Extract<RenewalPersonOutcome, { outcome: 'renewed' }>[];
}

const ENROLLMENT_IDS = new NameBasedIds('b6d2f0a4-1c3e-4a5b-8d7f-9e0c1b2a3d4f');

/** The latest consent given by `at` (for the identity), whether or not withdrawn since. */
function lastGiven(state: RenewalState, at: number): RenewalConsent | undefined {
  let found: RenewalConsent | undefined;
  for (const h of state.history) {
    if (h.kind === 'given' && Date.parse(h.consent.occurredAt) <= at) found = h.consent;
  }
  return found;
}

/**
 * Renewal runs (续保, issue 16): when next year's window is open, everyone with a standing consent
 * is enrolled in next year's plan with a pending personal-account deduction, or recorded as not
 * renewed with the reason. Idempotent per person per year (the enrollment's command id is the
 * product, year and person) and crash-safe: the run's start is recorded with its business time,
 * every write is deterministic, and a re-run after a kill continues where the log stands, giving
 * exactly the events one uninterrupted run gives.
 */
@Injectable()
export class RenewalRuns {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly plans: PlanRepository,
    private readonly products: ProductRepository,
    private readonly identities: PersonIdentities,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async run(
    productId: string,
    planYear: number,
    options: RenewalRunOptions = {},
  ): Promise<RenewalRunReport> {
    await requireProduct(this.products, productId);
    const actor = options.actor ?? 'system:renewal-run';
    const plans = await this.products.plansOf(productId);
    const requested = resolveOccurredAt(options.occurredAt, this.clock.now());
    const productStream = StreamNames.product(productId);
    const start = { productId, planYear, occurredAt: requested };
    const current = async () =>
      foldProduct(productId, (await this.streams.load<ProductEvent>(productStream)).events);
    let run: RenewalRunDecision = decideStartRenewalRun(await current(), plans, start);
    if (!run.resumed) {
      const started = await this.streams.execute<ProductEvent>(
        productStream,
        {
          commandId: `renewal-run:${productId}:${run.runId}:start`,
          correlationId: `renewal-run:${run.runId}`,
          actor,
        },
        (loaded) => {
          run = decideStartRenewalRun(foldProduct(productId, loaded.events), plans, start);
          return { ok: true, events: run.events };
        },
      );
      // Started by another attempt meanwhile: resume it with its own business time.
      if (started.replayed) run = decideStartRenewalRun(await current(), plans, start);
    }
    const r = run;
    const nextPlan = (await this.plans.get(r.planId))!;
    const previousPlanId = r.fromPlanId;
    const runAt = Date.parse(r.occurredAt);
    const consents = await this.consenting(productId, runAt);
    const outcomes: RenewalPersonOutcome[] = new Array(consents.length);
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < consents.length) {
        const i = next++;
        outcomes[i] = await this.renewPerson(
          productId,
          r,
          nextPlan,
          previousPlanId,
          consents[i],
          actor,
        );
        done++;
        options.onProgress?.({ done, total: consents.length, outcome: outcomes[i] });
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 16, 256)) }, worker),
    );
    const deductions = outcomes.filter((o) => o.outcome === 'renewed');
    const notRenewed = outcomes.filter((o) => o.outcome === 'skipped');
    const skipped: Partial<Record<RenewalSkipReason, number>> = {};
    for (const o of notRenewed) skipped[o.reason] = (skipped[o.reason] ?? 0) + 1;
    const summary = { consents: consents.length, renewed: deductions.length, skipped };
    await this.streams.execute<ProductEvent>(
      StreamNames.product(productId),
      {
        commandId: `renewal-run:${productId}:${r.runId}:completed`,
        correlationId: `renewal-run:${r.runId}`,
        actor,
      },
      () => ({
        ok: true,
        events: [
          completeRenewalRun(
            productId,
            { runId: r.runId, planId: r.planId, planYear, occurredAt: r.occurredAt },
            summary,
          ),
        ],
      }),
    );
    return {
      title: { zh: `${planYear}年度续保批处理结果`, en: `Renewal run into ${planYear}` },
      productId,
      runId: r.runId,
      planId: r.planId,
      fromPlanId: r.fromPlanId,
      planYear,
      occurredAt: r.occurredAt,
      resumed: r.resumed,
      ...summary,
      notRenewed,
      deductions,
    };
  }

  /**
   * The people who had given a consent by the run's time: one scan of the log by stream prefix,
   * keeping only their refs (each person's stream is read again when they are decided, so memory
   * stays one string per consenting person however many there are).
   */
  private async consenting(productId: string, runAt: number): Promise<string[]> {
    const prefix = `renewal-${productId}-`;
    const refs = new Set<string>();
    let after = START_POSITION;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: 2_000, streamPrefixes: [prefix] });
      for (const e of page) {
        const data = e.data as { productId?: string; occurredAt?: string };
        // Another product whose id extends this one shares the prefix: its events say so.
        if (e.type !== 'RenewalConsentGiven' || data.productId !== productId) continue;
        if (Date.parse(data.occurredAt ?? '') <= runAt) refs.add(e.streamId.slice(prefix.length));
      }
      if (page.length < 2_000) break;
      after = page[page.length - 1].position;
    }
    return [...refs].sort();
  }

  /** The consent's sealed identity opened into what an enrollment needs; undefined if erased. */
  private async insured(
    consent: RenewalConsent,
    today: string,
  ): Promise<InsuredPerson | undefined> {
    const opened = await this.identities.envelopes.open(consent.insured.sealedIdentity);
    if (opened.erased) return undefined;
    const id = parseResidentId(opened.identity.idNumber, 'person.idNumber', today);
    return {
      personRef: consent.personRef,
      idKind: id.kind,
      birthDate: id.birthDate,
      sex: id.sex,
      // The consent's own envelope: the same bytes whenever a run (or a resumed one) renews.
      sealedIdentity: consent.insured.sealedIdentity as SealedIdentity,
      ...(consent.insured.localHouseholdRegistration !== undefined
        ? { localHouseholdRegistration: consent.insured.localHouseholdRegistration }
        : {}),
    };
  }

  private async renewPerson(
    productId: string,
    run: RenewalRunDecision,
    nextPlan: PlanState,
    previousPlanId: string,
    personRef: string,
    actor: string,
  ): Promise<RenewalPersonOutcome> {
    const renewalStream = StreamNames.renewal(productId, personRef);
    const renewal = foldRenewal((await this.streams.load<RenewalEvent>(renewalStream)).events)!;
    const planYear = nextPlan.definition.planYear!;
    const renewCtx: CommandContext = {
      commandId: `renewal:${productId}:${planYear}:${personRef}`,
      correlationId: `renewal-run:${run.runId}`,
      actor,
    };
    const skipCtx: CommandContext = {
      ...renewCtx,
      commandId: `renewal-skip:${productId}:${run.runId}:${personRef}`,
    };
    const nextStream = StreamNames.policy(nextPlan.planId, personRef);
    const runAt = Date.parse(run.occurredAt);
    const given = lastGiven(renewal, runAt);
    const person = given ? await this.insured(given, shanghaiDate(runAt)) : undefined;
    const previousPolicy = foldPolicy(
      (await this.streams.load<PolicyEvent>(StreamNames.policy(previousPlanId, personRef))).events,
    );
    const priorCoverage = await this.products.priorCoverage(nextPlan, personRef);
    let skip: Extract<RenewalDecision, { kind: 'skip' }> | undefined;
    const renewed = await this.streams.execute<PolicyEvent>(
      nextStream,
      renewCtx,
      async (loaded) => {
        // A skip recorded by this run before a crash stands: the same answer, nothing new.
        const recorded = (await this.streams.load<RenewalEvent>(renewalStream)).recorded.find(
          (e) => e.metadata.causationId === skipCtx.commandId,
        );
        if (recorded) {
          const d = recorded.data as Extract<RenewalEvent, { type: 'RenewalSkipped' }>['data'];
          skip = { kind: 'skip', reason: d.reason, detail: d.detail, events: [] };
          return { ok: true, events: [] };
        }
        const decision = decideRenewal({
          productId,
          runId: run.runId,
          occurredAt: runAt,
          enrollmentId: ENROLLMENT_IDS.of(renewCtx.commandId),
          renewal,
          previousPolicy,
          nextPolicy: foldPolicy(loaded.events),
          nextPlan,
          person,
          priorCoverage,
        });
        if (decision.kind === 'renew') return { ok: true, events: decision.events };
        skip = decision;
        return { ok: true, events: [] };
      },
    );
    const enrolled = renewed.events.find((e) => e.type === 'PolicyEnrolled');
    if (enrolled?.type === 'PolicyEnrolled') {
      const c = enrolled.data.contributions[0];
      return {
        personRef,
        outcome: 'renewed',
        replayed: renewed.replayed,
        enrollmentId: enrolled.data.enrollmentId,
        contributionId: c.contributionId,
        amountFen: c.amountFen,
        payerRef: c.payerRef!,
        relation: c.relation!,
      };
    }
    if (!skip) throw new Error(`renewal of ${personRef} decided nothing`);
    const s = skip;
    const written =
      s.events.length > 0
        ? await this.streams.execute<RenewalEvent>(renewalStream, skipCtx, () => ({
            ok: true,
            events: s.events,
          }))
        : { replayed: true };
    return {
      personRef,
      outcome: 'skipped',
      replayed: written.replayed,
      reason: s.reason,
      label: RENEWAL_SKIP_LABELS[s.reason],
      detail: s.detail,
    };
  }
}
