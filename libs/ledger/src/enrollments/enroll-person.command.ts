import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  BasicInsuranceStatus,
  ContributionInput,
  currentEnrollment,
  decideEnroll,
  foldPolicy,
  PolicyEvent,
  resolveOccurredAt,
  shanghaiDate,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { NameBasedIds } from '../core/name-based-id';
import { PlanRepository } from '../core/plan-repository';
import { ProductRepository } from '../core/product-repository';
import { PersonIdentities, PersonInput } from '../privacy/person-identities';

export interface EnrollmentRequest {
  person: PersonInput;
  basicInsurance: BasicInsuranceStatus;
  townshipId?: string;
  /** The township by Chinese name, division code or id (resolved to the id). */
  township?: string;
  contributions: (Omit<ContributionInput, 'payer'> & {
    payer?: PersonInput & { scheme?: 'employee' | 'resident' };
  })[];
  occurredAt?: string;
}

export class EnrollPersonCommand {
  constructor(
    readonly planId: string,
    readonly request: EnrollmentRequest,
    readonly ctx: CommandContext,
  ) {}
}

export interface EnrollmentReceipt {
  planId: string;
  personRef: string;
  enrollmentId: string;
  status: string;
  premiumFen: number;
  premiumRuleId: string;
  replayed: boolean;
}

/** The request's contributions with each paying person's identity sealed (as the insured's). */
export async function sealedContributions(
  identities: PersonIdentities,
  request: EnrollmentRequest,
  today: string,
): Promise<ContributionInput[]> {
  const contributions: ContributionInput[] = [];
  for (const [i, c] of request.contributions.entries()) {
    const { payer, ...rest } = c;
    if (!payer) {
      contributions.push(rest);
      continue;
    }
    const payerPerson = await identities.insured(payer, `contributions[${i}].payer`, today);
    contributions.push({
      ...rest,
      payer: {
        personRef: payerPerson.personRef,
        scheme: payer.scheme,
        sealedIdentity: payerPerson.sealedIdentity,
      },
    });
  }
  return contributions;
}

const ENROLLMENT_IDS = new NameBasedIds('0b7c2f4e-8a6d-4d3b-9e1f-5a2c7b9d0e11');

/**
 * The enrollment id a command gets: derived from its id (the Idempotency-Key when one is sent),
 * so a retry gets the same id, and so an example can name its contributions in advance.
 */
export function enrollmentIdOf(commandId: string): string {
  return ENROLLMENT_IDS.of(`${commandId}|enrollment`);
}

@CommandHandler(EnrollPersonCommand)
export class EnrollPersonHandler implements ICommandHandler<
  EnrollPersonCommand,
  EnrollmentReceipt
> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly plans: PlanRepository,
    private readonly products: ProductRepository,
    private readonly identities: PersonIdentities,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  execute({ planId, request, ctx }: EnrollPersonCommand): Promise<EnrollmentReceipt> {
    return this.enroll(planId, request, ctx, this.clock.now());
  }

  /** One enrollment at `now`; also what each line of an enrollment batch runs. */
  async enroll(
    planId: string,
    request: EnrollmentRequest,
    ctx: CommandContext,
    now: number,
  ): Promise<EnrollmentReceipt> {
    const today = shanghaiDate(now);
    const occurredAt = resolveOccurredAt(request.occurredAt, now);
    const person = await this.identities.insured(request.person, 'person', today);
    // A person whose key was just created has no stream in this ledger: no policy to read and
    // no earlier years of the product (the append still expects no stream: the log decides).
    const newPerson = this.identities.isNewPerson(person.personRef);
    const contributions = await sealedContributions(this.identities, request, today);
    const plan = await this.plans.get(planId);
    // The person's other years of the product decide the enrollment's cohort (docs/products.md).
    const priorCoverage = plan
      ? await this.products.priorCoverage(plan, person.personRef, { newPerson })
      : [];
    const enrollmentId = enrollmentIdOf(ctx.commandId);
    const result = await this.streams.execute<PolicyEvent>(
      StreamNames.policy(planId, person.personRef),
      ctx,
      (loaded) =>
        decideEnroll(foldPolicy(loaded.events), plan, {
          planId,
          enrollmentId,
          person,
          basicInsurance: request.basicInsurance,
          ...(request.townshipId !== undefined ? { townshipId: request.townshipId } : {}),
          ...(request.township !== undefined ? { township: request.township } : {}),
          contributions,
          occurredAt,
          priorCoverage,
        }),
      { knownNew: newPerson },
    );
    const enrolled = result.events.find((e) => e.type === 'PolicyEnrolled');
    if (!enrolled || enrolled.type !== 'PolicyEnrolled')
      throw new Error('enrollment produced no PolicyEnrolled event');
    const state = foldPolicy(result.events);
    return {
      planId,
      personRef: person.personRef,
      enrollmentId: enrolled.data.enrollmentId,
      status: currentEnrollment(state)?.status ?? 'active',
      premiumFen: enrolled.data.premiumFen,
      premiumRuleId: enrolled.data.premiumRuleId,
      replayed: result.replayed,
    };
  }
}
