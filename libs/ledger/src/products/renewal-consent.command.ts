import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AccountRelation,
  BasicInsuranceStatus,
  conflict,
  decideGiveRenewalConsent,
  decideWithdrawRenewalConsent,
  foldRenewal,
  PersonalAccountKind,
  plansByYear,
  RenewalEvent,
  resolveOccurredAt,
  shanghaiDate,
} from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { NameBasedIds } from '../core/name-based-id';
import { ProductRepository } from '../core/product-repository';
import { PersonIdentities, PersonInput } from '../privacy/person-identities';
import { requireProduct } from './require-product';

export interface RenewalConsentRequest {
  person: PersonInput;
  basicInsurance: BasicInsuranceStatus;
  townshipId?: string;
  /** The personal-account holder whose account is deducted (the insured for "self"). */
  payer: PersonInput & { scheme?: 'employee' | 'resident' };
  relation: AccountRelation;
  account?: PersonalAccountKind;
  occurredAt?: string;
}

/** A standing consent to renew each year by personal-account scheduled deduction (续保代扣). */
export class GiveRenewalConsentCommand {
  constructor(
    readonly productId: string,
    readonly request: RenewalConsentRequest,
    readonly ctx: CommandContext,
  ) {}
}

export class WithdrawRenewalConsentCommand {
  constructor(
    readonly productId: string,
    readonly personRef: string,
    readonly reason: string,
    readonly occurredAt: string | undefined,
    readonly ctx: CommandContext,
  ) {}
}

const CONSENT_IDS = new NameBasedIds('8c2a5e1f-4b7d-4f0a-9e3c-6d1b2a7f5c90');

@CommandHandler(GiveRenewalConsentCommand)
export class GiveRenewalConsentHandler implements ICommandHandler<GiveRenewalConsentCommand> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly products: ProductRepository,
    private readonly identities: PersonIdentities,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ productId, request, ctx }: GiveRenewalConsentCommand) {
    await requireProduct(this.products, productId);
    const now = this.clock.now();
    const at = resolveOccurredAt(request.occurredAt, now);
    const today = shanghaiDate(now);
    const person = await this.identities.insured(request.person, 'person', today);
    const payer = await this.identities.insured(request.payer, 'payer', today);
    const current = plansByYear(await this.products.plansOf(productId)).at(-1);
    if (!current) {
      throw conflict('productId', 'product.hasPlan', `product ${productId} has no yearly plan yet`);
    }
    const consentId = CONSENT_IDS.of(ctx.commandId);
    const result = await this.streams.execute<RenewalEvent>(
      StreamNames.renewal(productId, person.personRef),
      ctx,
      (loaded) =>
        decideGiveRenewalConsent(foldRenewal(loaded.events), current.definition, {
          productId,
          consentId,
          person,
          basicInsurance: request.basicInsurance,
          ...(request.townshipId !== undefined ? { townshipId: request.townshipId } : {}),
          payment: {
            relation: request.relation,
            ...(request.account !== undefined ? { account: request.account } : {}),
            payer: {
              personRef: payer.personRef,
              ...(request.payer.scheme !== undefined ? { scheme: request.payer.scheme } : {}),
              sealedIdentity: payer.sealedIdentity,
            },
          },
          occurredAt: at,
        }),
    );
    const given = result.events[0];
    if (given?.type !== 'RenewalConsentGiven') throw new Error('no RenewalConsentGiven recorded');
    return {
      productId,
      personRef: given.data.personRef,
      consentId: given.data.consentId,
      payerRef: given.data.payment.payerRef,
      relation: given.data.payment.relation,
      account: given.data.payment.account,
      replayed: result.replayed,
    };
  }
}

@CommandHandler(WithdrawRenewalConsentCommand)
export class WithdrawRenewalConsentHandler implements ICommandHandler<WithdrawRenewalConsentCommand> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly products: ProductRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ productId, personRef, reason, occurredAt, ctx }: WithdrawRenewalConsentCommand) {
    await requireProduct(this.products, productId);
    const at = resolveOccurredAt(occurredAt, this.clock.now());
    const result = await this.streams.execute<RenewalEvent>(
      StreamNames.renewal(productId, personRef),
      ctx,
      (loaded) =>
        decideWithdrawRenewalConsent(foldRenewal(loaded.events), {
          productId,
          personRef,
          reason,
          occurredAt: at,
        }),
    );
    const e = result.events[0];
    if (e?.type !== 'RenewalConsentWithdrawn')
      throw new Error('no RenewalConsentWithdrawn recorded');
    return { ...e.data, replayed: result.replayed };
  }
}
