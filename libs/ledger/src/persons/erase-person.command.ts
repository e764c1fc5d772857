import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { resolveOccurredAt, shanghaiDate, toIso } from '@ledger/domain';
import { StreamNames } from '@ledger/event-store';
import { PersonKeyStore } from '@ledger/privacy';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { PERSON_KEY_STORE } from '../core/tokens';
import { PersonIdentities } from '../privacy/person-identities';

/** PIPL erasure: destroy the person's key; the log keeps counts and money, not the identity. */
export class ErasePersonCommand {
  constructor(
    readonly idNumber: string,
    readonly reason: string,
    readonly ctx: CommandContext,
  ) {}
}

type PersonEvent = {
  type: 'PersonalDataErased';
  data: { personRef: string; reason: string; occurredAt: string };
};

@CommandHandler(ErasePersonCommand)
export class ErasePersonHandler implements ICommandHandler<ErasePersonCommand> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly identities: PersonIdentities,
    @Inject(PERSON_KEY_STORE) private readonly keys: PersonKeyStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ idNumber, reason, ctx }: ErasePersonCommand) {
    const now = resolveOccurredAt(undefined, this.clock.now());
    const personRef = this.identities.refOf(idNumber, 'idNumber', shanghaiDate(now));
    const destroyed = await this.keys.destroy(personRef, new Date(now));
    // The erasure itself is recorded (without identity) so auditors see when and why.
    await this.streams.execute<PersonEvent>(StreamNames.person(personRef), ctx, () => ({
      ok: true,
      events: [{ type: 'PersonalDataErased', data: { personRef, reason, occurredAt: toIso(now) } }],
    }));
    return { personRef, keyDestroyed: destroyed };
  }
}
