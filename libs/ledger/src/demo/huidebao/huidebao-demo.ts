import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError, PolicyEvent } from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { JIUJIANG_PRODUCT_ID } from '@ledger/plans';
import { CommandContext } from '../../core/command-context';
import { LedgerStreams } from '../../core/ledger-streams';
import { ChangePolicyCommand } from '../../enrollments/policy-change.command';
import { EnrollBatchCommand, EnrollmentOutcome } from '../../enrollments/enroll-batch.command';
import { EnrollmentRequest } from '../../enrollments/enroll-person.command';
import { RecordPayoutCommand } from '../../claims/payout.command';
import { SubmitClaimCommand } from '../../claims/submit-claim.command';
import { AmendPlanCommand } from '../../plans/amend-plan.command';
import {
  AmendCoalitionSharesCommand,
  SelectCoalitionTermCommand,
} from '../../products/coalition-term.command';
import { StateOperatingCostCommand } from '../../products/operating-cost.command';
import { GiveRenewalConsentCommand } from '../../products/renewal-consent.command';
import { RenewalRuns } from '../../products/renewal-runs';
import { PersonIdentities } from '../../privacy/person-identities';
import {
  claimPayouts,
  DEMO_HUIDEBAO_COALITION,
  DEMO_HUIDEBAO_SHARES_2024H2,
  HUIDEBAO_SHAPE,
  idNumberOf,
  instantIn,
  payerIdOf,
  paymentOf,
  relationOf,
  residualFor,
  scaledShape,
  SYNTHETIC,
  yearCompletion,
} from './huidebao-shape';

export interface HuidebaoDemoOptions {
  /** Fraction of full size (1 = 830,000 people, 62.55 million yuan paid). Default 1. */
  scale?: number;
  /** Commands in flight at once. Default 64. */
  concurrency?: number;
  onPhase?: (phase: string, done: number, total: number) => void;
}

export interface HuidebaoDemoSummary {
  scale: number;
  people: { year1: number; consents: number; reEnrolled: number; year2New: number };
  renewal: { renewed: number; failed: number };
  claims: { year1: number; year2: number; paidFen: number };
  refused: number;
}

const Y1 = 'jiujiang-huidebao-2023';
const Y2 = 'jiujiang-huidebao-2024';

/**
 * A SYNTHETIC two-year campaign of 九江惠得保 (seed 004) through the ledger's own commands: the
 * two bundled drafts completed by amendments marked synthetic, a coalition term, year 1, standing
 * consents, the renewal run into year 2 with its deductions settling or failing, people enrolling
 * again or for the first time, claims paid and operating costs. Its cumulative view reproduces the
 * shape of 004's figures (830,000 distinct people, 62.55 million yuan paid over two years) — the
 * data is made up. Every command id is deterministic: loading it twice adds nothing.
 */
@Injectable()
export class HuidebaoDemo {
  constructor(
    private readonly commands: CommandBus,
    private readonly renewals: RenewalRuns,
    private readonly streams: LedgerStreams,
    private readonly identities: PersonIdentities,
  ) {}

  private ctx(id: string): CommandContext {
    return {
      commandId: `huidebao-demo:${id}`,
      correlationId: 'huidebao-demo',
      actor: 'system:demo',
    };
  }

  async load(options: HuidebaoDemoOptions = {}): Promise<HuidebaoDemoSummary> {
    const shape = scaledShape(options.scale ?? 1);
    const concurrency = options.concurrency ?? 64;
    const phase = options.onPhase ?? (() => undefined);
    let refused = 0;

    // The drafts completed (SYNTHETIC values), before each window opens.
    for (const [planId, year] of [
      [Y1, 2023],
      [Y2, 2024],
    ] as const) {
      await this.commands.execute(
        new AmendPlanCommand(
          planId,
          yearCompletion(year),
          SYNTHETIC,
          `${year - 1}-10-01T10:00:00+08:00`,
          this.ctx(`${planId}:complete`),
        ),
      );
    }
    await this.commands.execute(
      new SelectCoalitionTermCommand(
        JIUJIANG_PRODUCT_ID,
        {
          fromYear: 2023,
          coalition: DEMO_HUIDEBAO_COALITION,
          reason: SYNTHETIC,
          occurredAt: '2022-10-15T10:00:00+08:00',
        },
        this.ctx('term'),
      ),
    );

    // Year 1.
    const y1: number[] = Array.from({ length: shape.year1People }, (_, k) => k);
    refused += await this.enrollAll(Y1, y1, 'y1', (k) => this.year1Request(k), phase);

    // Standing consents: a person in every 480,000 / 150,000 of year 1.
    const consenting = pick(y1, shape.consents, 0);
    await this.inParallel(consenting, concurrency, 'consents', phase, (k) =>
      this.commands.execute(
        new GiveRenewalConsentCommand(
          JIUJIANG_PRODUCT_ID,
          {
            person: { idNumber: idNumberOf(k) },
            basicInsurance: this.basicInsurance(k),
            ...(paymentOf(k) === 'own_account'
              ? { payer: { idNumber: idNumberOf(k) }, relation: 'self' as const }
              : {
                  payer: { idNumber: payerIdOf(k), scheme: 'employee' as const },
                  relation: relationOf(k),
                }),
            occurredAt: instantIn('2023-03-01', 200, k),
          },
          this.ctx(`consent:${k}`),
        ),
      ),
    );

    // The renewal run into year 2 when its window opens, and the deductions' outcomes.
    phase('renewal run', 0, consenting.length);
    const run = await this.renewals.run(JIUJIANG_PRODUCT_ID, 2024, {
      occurredAt: '2023-11-01T09:00:00+08:00',
      concurrency,
      actor: 'system:demo',
      onProgress: ({ done, total }) => {
        if (done % 10_000 === 0 || done === total) phase('renewal run', done, total);
      },
    });
    let failed = 0;
    // The n-th consenting person (in year-1 order) fails when n is a multiple of failEvery.
    const position = new Map(consenting.map((k, n) => [this.personRefOf(k), n]));
    await this.inParallel(run.deductions, concurrency, 'deductions', phase, (d) => {
      const fails = position.get(d.personRef)! % HUIDEBAO_SHAPE.failEvery === 0;
      if (fails) failed++;
      return this.commands.execute(
        new ChangePolicyCommand(
          Y2,
          d.personRef,
          fails
            ? {
                kind: 'fail_deduction',
                contributionId: d.contributionId,
                reason: '个人账户余额不足（合成演示）',
              }
            : { kind: 'settle_deduction', contributionId: d.contributionId },
          '2023-11-10T10:00:00+08:00',
          this.ctx(`deduction:${d.personRef}`),
        ),
      );
    });

    // Year 2: people of year 1 enrolling again themselves, then people new to 惠得保.
    const consented = new Set(consenting);
    const again = pick(
      y1.filter((k) => !consented.has(k)),
      shape.reEnrolled,
      1,
    );
    const fresh = Array.from({ length: shape.year2NewPeople }, (_, i) => shape.year1People + i);
    refused += await this.enrollAll(
      Y2,
      [...again, ...fresh],
      'y2',
      (k) => ({
        ...this.year1Request(k),
        occurredAt: instantIn('2023-11-01', 61, k + 7),
      }),
      phase,
    );

    // Operating costs stated by each insurer (SYNTHETIC: 8% of its premium income).
    await this.operatingCosts(2023, shape.year1People * 10_000, '2024-02-15T10:00:00+08:00');
    const premium2024 = (again.length + fresh.length + run.deductions.length - failed) * 10_000;

    // A mid-term change of shares (SYNTHETIC), recorded before it takes effect.
    await this.commands.execute(
      new AmendCoalitionSharesCommand(
        JIUJIANG_PRODUCT_ID,
        '2023-2025',
        {
          effectiveOn: '2024-07-01',
          coalition: DEMO_HUIDEBAO_SHARES_2024H2,
          reason: SYNTHETIC,
          occurredAt: '2024-05-20T10:00:00+08:00',
        },
        this.ctx('shares-2024h2'),
      ),
    );

    // Claims paid: one per claimant, payouts adding up to exactly the year's share of 6,255万元.
    const claimants1 = pick(y1, 10_000_000, 2);
    const y2Covered = await this.coveredIn(Y2, [...again, ...fresh, ...consenting]);
    const paid1 = await this.claims(Y1, 2023, claimants1, shape.paidFen[0], 1, concurrency, phase);
    const paid2 = await this.claims(Y2, 2024, y2Covered, shape.paidFen[1], 2, concurrency, phase);

    await this.operatingCosts(2024, premium2024, '2025-02-15T10:00:00+08:00');
    return {
      scale: shape.scale,
      people: {
        year1: shape.year1People,
        consents: consenting.length,
        reEnrolled: again.length,
        year2New: fresh.length,
      },
      renewal: { renewed: run.renewed, failed },
      claims: { year1: paid1.claims, year2: paid2.claims, paidFen: paid1.paidFen + paid2.paidFen },
      refused,
    };
  }

  private async operatingCosts(year: number, premiumFen: number, statedOn: string): Promise<void> {
    for (const m of DEMO_HUIDEBAO_COALITION.members) {
      await this.commands.execute(
        new StateOperatingCostCommand(
          JIUJIANG_PRODUCT_ID,
          year,
          {
            insurerId: m.insurerId,
            amountFen: Math.round(
              (premiumFen * m.shareBp * HUIDEBAO_SHAPE.operatingCostBp) / 100_000_000,
            ),
            note: SYNTHETIC,
            occurredAt: statedOn,
          },
          this.ctx(`cost:${year}:${m.insurerId}`),
        ),
      );
    }
  }

  private basicInsurance(k: number) {
    return {
      scheme: paymentOf(k) === 'own_account' ? ('employee' as const) : ('resident' as const),
      insuredRegionCode: idNumberOf(k).slice(0, 6),
    };
  }

  private year1Request(k: number): EnrollmentRequest {
    const amountFen = 10_000; // 004: 每年保费只需100元
    const payment = paymentOf(k);
    return {
      person: { idNumber: idNumberOf(k) },
      basicInsurance: this.basicInsurance(k),
      occurredAt: instantIn('2022-11-01', 61, k),
      contributions:
        payment === 'individual'
          ? [{ source: 'individual', amountFen }]
          : payment === 'own_account'
            ? [
                {
                  source: 'personal_account',
                  amountFen,
                  relation: 'self',
                  payer: { idNumber: idNumberOf(k) },
                },
              ]
            : [
                {
                  source: 'personal_account',
                  amountFen,
                  relation: relationOf(k),
                  payer: { idNumber: payerIdOf(k), scheme: 'employee' },
                },
              ],
    };
  }

  /** Enrolls people in batches of 1,000 through the batch command (the file import's path). */
  private async enrollAll(
    planId: string,
    people: readonly number[],
    tag: string,
    request: (k: number) => EnrollmentRequest,
    phase: (phase: string, done: number, total: number) => void,
  ): Promise<number> {
    let refused = 0;
    phase(`enroll ${planId}`, 0, people.length);
    for (let from = 0; from < people.length; from += 1_000) {
      const chunk = people.slice(from, from + 1_000);
      const outcomes: EnrollmentOutcome[] = await this.commands.execute(
        new EnrollBatchCommand(
          planId,
          chunk.map((k) => ({ request: request(k), ctx: this.ctx(`${tag}:${k}`) })),
        ),
      );
      for (const o of outcomes) {
        if (o.ok) continue;
        if (!(o.error instanceof DomainError)) throw o.error;
        refused++;
      }
      phase(`enroll ${planId}`, Math.min(from + 1_000, people.length), people.length);
    }
    return refused;
  }

  private async inParallel<T>(
    items: readonly T[],
    concurrency: number,
    name: string,
    phase: (phase: string, done: number, total: number) => void,
    run: (item: T) => Promise<unknown>,
  ): Promise<void> {
    let next = 0;
    let done = 0;
    phase(name, 0, items.length);
    const worker = async () => {
      while (next < items.length) {
        await run(items[next++]);
        if (++done % 10_000 === 0 || done === items.length) phase(name, done, items.length);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  /** People of the list covered in the plan (the personRef from their stream), in list order. */
  private async coveredIn(planId: string, people: readonly number[]): Promise<number[]> {
    const covered: number[] = [];
    for (const k of people) {
      if (covered.length >= 10_000) break;
      const ref = this.personRefOf(k);
      const events = (await this.streams.load<PolicyEvent>(StreamNames.policy(planId, ref))).events;
      const last = events.filter((e) => e.type !== 'PolicyEnrolled').at(-1);
      if (events.length && last?.type !== 'EnrollmentLapsed') covered.push(k);
    }
    return covered;
  }

  private personRefOf(k: number): string {
    return this.identities.refOf(idNumberOf(k), 'idNumber', '2030-01-01');
  }

  private async claims(
    planId: string,
    year: number,
    claimants: readonly number[],
    totalFen: number,
    seed: number,
    concurrency: number,
    phase: (phase: string, done: number, total: number) => void,
  ): Promise<{ claims: number; paidFen: number }> {
    const payouts = claimPayouts(totalFen, seed);
    if (payouts.length > claimants.length) {
      throw new Error(`${payouts.length} claims need as many claimants (${claimants.length})`);
    }
    let paidFen = 0;
    const items = payouts.map((payoutFen, i) => ({ payoutFen, k: claimants[i], i }));
    await this.inParallel(
      items,
      concurrency,
      `claims ${year}`,
      phase,
      async ({ payoutFen, k, i }) => {
        const personRef = this.personRefOf(k);
        const residualFen = residualFor(payoutFen);
        const serviceDate = instantIn(`${year}-01-05`, 330, k + i).slice(0, 10);
        const at = (days: number) =>
          new Date(Date.parse(`${serviceDate}T10:00:00+08:00`) + days * 86_400_000).toISOString();
        const claimId = `HDB-${year}-${String(i + 1).padStart(6, '0')}`;
        await this.commands.execute(
          new SubmitClaimCommand(
            planId,
            personRef,
            {
              claimId,
              serviceDate,
              hospital: '九江市第一人民医院（合成演示）',
              totalExpenseFen: residualFen * 3,
              priorLayers: {
                basicInsuranceFen: residualFen,
                criticalIllnessInsuranceFen: Math.floor(residualFen / 2),
                medicalAidFen: residualFen - Math.floor(residualFen / 2),
              },
              lines: [{ responsibilityCode: 'medical', residualFen }],
              preExisting: false,
              outOfArea: false,
            },
            at(10),
            this.ctx(`claim:${claimId}`),
          ),
        );
        await this.commands.execute(
          new RecordPayoutCommand(
            planId,
            personRef,
            claimId,
            { kind: 'approve' },
            at(20),
            this.ctx(`approve:${claimId}`),
          ),
        );
        const paid = await this.commands.execute(
          new RecordPayoutCommand(
            planId,
            personRef,
            claimId,
            { kind: 'pay' },
            at(30),
            this.ctx(`pay:${claimId}`),
          ),
        );
        paidFen += (paid as { payoutFen: number }).payoutFen;
      },
    );
    return { claims: payouts.length, paidFen };
  }
}

/** Every n-th of a list so that `count` are taken, spread evenly (deterministic). */
function pick(list: readonly number[], count: number, offset: number): number[] {
  if (count >= list.length) return [...list];
  const out: number[] = [];
  const step = list.length / count;
  for (let i = 0; i < count; i++)
    out.push(list[Math.floor(i * step + offset * 0.37 * step) % list.length]);
  return [...new Set(out)];
}
