import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { toIso } from '@ledger/domain';
import {
  ACCESS_LOG_STREAM_PREFIX,
  EventStore,
  formatPosition,
  LogPosition,
  RecordedEvent,
  StreamNames,
} from '@ledger/event-store';
import { Clock, EVENT_STORE, LedgerStreams } from '@ledger/ledger';
import { actorOf, CredentialKind, Identity } from '../identity';
import { SensitiveRead } from '../http/access-rule';
import { Role } from '../roles';
import { PersonalDataAccessedData as RecordedAccess } from '@ledger/ledger';

export const PERSONAL_DATA_ACCESSED = 'PersonalDataAccessed';

/** One read of a person's identity or health data (or an ID-number lookup), as recorded. */
export interface PersonalDataAccessedData extends RecordedAccess {
  reads: SensitiveRead[];
  role: Role;
  via: CredentialKind;
}

export interface AccessLogEntry extends PersonalDataAccessedData {
  position: string;
  recordedAt: string;
  /** occurredAt in Asia/Shanghai (UTC+8). */
  occurredAtShanghai: string;
  actor: string;
  correlationId: string;
  hash?: string;
}

const shanghai = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3600_000).toISOString().replace('Z', '+08:00');

/**
 * The access log (PIPL Art. 28/55: who read which person's sensitive data, when and why). Each
 * read is an event in the ledger's own log, stream `access-{personRef}`, hash-chained like every
 * stream: the tamper evidence and `ledger verify` cover it, a person's accesses are one stream
 * read, and an auditor pages through all of them in log order. It is written before the data
 * leaves: when the write fails the reader gets an error, not the data. These streams never go to
 * Kafka (libs/kafka publishes the ledger's business streams only).
 */
@Injectable()
export class AccessLog {
  constructor(
    private readonly streams: LedgerStreams,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async record(
    identity: Identity,
    access: {
      personRef: string;
      planId: string;
      reads: SensitiveRead[];
      purpose: string;
      route: string;
    },
    correlationId?: string,
  ): Promise<void> {
    const commandId = randomUUID();
    const data: PersonalDataAccessedData = {
      ...access,
      identityId: identity.id,
      role: identity.role,
      via: identity.via,
      occurredAt: toIso(this.clock.now()),
    };
    await this.streams.execute(
      StreamNames.accessLog(access.personRef),
      { commandId, correlationId: correlationId || commandId, actor: actorOf(identity) },
      () => ({ ok: true, events: [{ type: PERSONAL_DATA_ACCESSED, data }] }),
    );
  }

  /** Every access to one person's data, oldest first. */
  async ofPerson(personRef: string): Promise<AccessLogEntry[]> {
    return (await this.store.readStream(StreamNames.accessLog(personRef))).map(entryOf);
  }

  /** A page of all accesses in log order, after a position. */
  async page(after: LogPosition | undefined, limit: number) {
    const events = await this.store.readAll({
      ...(after ? { after } : {}),
      maxCount: limit,
      streamPrefixes: [ACCESS_LOG_STREAM_PREFIX],
    });
    const entries = events.filter((e) => e.type === PERSONAL_DATA_ACCESSED).map(entryOf);
    return {
      entries,
      ...(events.length === limit
        ? { next: formatPosition(events[events.length - 1].position) }
        : {}),
    };
  }
}

function entryOf(e: RecordedEvent): AccessLogEntry {
  const data = e.data as PersonalDataAccessedData;
  return {
    position: formatPosition(e.position),
    recordedAt: e.recordedAt,
    ...data,
    occurredAtShanghai: shanghai(data.occurredAt),
    actor: e.metadata.actor,
    correlationId: e.metadata.correlationId,
    ...(e.metadata.hash ? { hash: e.metadata.hash } : {}),
  };
}
