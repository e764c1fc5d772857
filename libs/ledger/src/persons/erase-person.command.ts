import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound, resolveOccurredAt, shanghaiDate, toIso } from '@ledger/domain';
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

/** Events of stream person-{personRef}. */
export type PersonEvent = {
  type: 'PersonalDataErased';
  data: { personRef: string; reason: string; occurredAt: string };
};

export interface ErasureReceipt {
  personRef: string;
  keyDestroyed: true;
  /** When the erasure was recorded (the first time, for a repeated request). */
  erasedAt: string;
}

/**
 * Erases a person the ledger knows (a key exists), once: a repeated erasure answers with the
 * first one and writes nothing; an ID number the ledger never saw is 404 with nothing written,
 * so erasure cannot be used to plant a tombstone for someone never enrolled.
 */
@CommandHandler(ErasePersonCommand)
export class ErasePersonHandler implements ICommandHandler<ErasePersonCommand, ErasureReceipt> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly identities: PersonIdentities,
    @Inject(PERSON_KEY_STORE) private readonly keys: PersonKeyStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ idNumber, reason, ctx }: ErasePersonCommand): Promise<ErasureReceipt> {
    const now = resolveOccurredAt(undefined, this.clock.now());
    const personRef = this.identities.refOf(idNumber, 'idNumber', shanghaiDate(now));
    const key = await this.keys.find(personRef);
    if (key === undefined) {
      throw notFound(
        'idNumber',
        'person.notFound',
        'the ledger holds no personal data for this ID number; nothing was erased',
      );
    }
    // The key goes first: a crash before the event is recorded leaves it destroyed, and the
    // repeated request then records the event.
    if (key !== 'destroyed') await this.keys.destroy(personRef, new Date(now));
    const stream = StreamNames.person(personRef);
    // The erasure itself is recorded (without identity) so auditors see when and why, once.
    await this.streams.execute<PersonEvent>(stream, ctx, (loaded) => ({
      ok: true,
      events: loaded.events.some((e) => e.type === 'PersonalDataErased')
        ? []
        : [{ type: 'PersonalDataErased', data: { personRef, reason, occurredAt: toIso(now) } }],
    }));
    const erased = (await this.streams.load<PersonEvent>(stream)).events.find(
      (e) => e.type === 'PersonalDataErased',
    );
    return { personRef, keyDestroyed: true, erasedAt: erased?.data.occurredAt ?? toIso(now) };
  }
}
