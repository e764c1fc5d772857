import { Injectable } from '@nestjs/common';
import { foldPolicy, PolicyEvent } from '@ledger/domain';
import { formatPosition, StreamNames } from '@ledger/event-store';
import { publicEventData } from '@ledger/kafka';
import { LedgerStreams } from '../core/ledger-streams';
import { PersonIdentities } from '../privacy/person-identities';

/** Envelopes stay sealed unless the caller's role may read identities. */
async function present(
  value: unknown,
  reveal: boolean,
  identities: PersonIdentities,
): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((v) => present(v, reveal, identities)));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if (obj.alg === 'A256GCM' && typeof obj.ct === 'string') {
    if (!reveal) return { sealed: true };
    const opened = await identities.envelopes.open(obj);
    return opened.erased
      ? { erased: true, name: '[erased]', idNumber: '[erased]', phone: '[erased]' }
      : opened.identity;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = await present(v, reveal, identities);
  return out;
}

@Injectable()
export class PolicyViews {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly identities: PersonIdentities,
  ) {}

  async policy(planId: string, personRef: string, reveal: boolean) {
    const loaded = await this.streams.load<PolicyEvent>(StreamNames.policy(planId, personRef));
    const state = foldPolicy(loaded.events);
    if (!state) return undefined;
    return present(
      {
        planId,
        personRef,
        revision: loaded.revision.toString(),
        enrollments: state.enrollments.map((e) => ({
          enrollmentId: e.enrollmentId,
          status: e.status,
          enrolledAt: e.enrolledAt,
          endedAt: e.endedAt,
          premiumFen: e.premiumFen,
          premiumRuleId: e.premiumRuleId,
          townshipId: e.townshipId,
          insured: e.enrolled.insured,
          basicInsurance: e.enrolled.basicInsurance,
          contributions: e.contributions,
        })),
      },
      reveal,
      this.identities,
    );
  }

  /**
   * The policy stream as the caller may see it: identities opened only with `identity`; without
   * `health`, every event's data in the de-identified form the Kafka feed carries (claim facts
   * reduced to identifiers and money, identity envelopes removed). Metadata and hashes stay, so
   * the chain can still be followed.
   */
  async history(
    planId: string,
    personRef: string,
    disclosure: { identity: boolean; health: boolean },
  ) {
    const loaded = await this.streams.load<PolicyEvent>(StreamNames.policy(planId, personRef));
    if (!loaded.recorded.length) return undefined;
    return present(
      loaded.recorded.map((r) => ({
        streamId: r.streamId,
        revision: r.revision.toString(),
        position: formatPosition(r.position),
        recordedAt: r.recordedAt,
        type: r.type,
        data: disclosure.health ? r.data : publicEventData(r.type, r.data),
        ...(disclosure.health ? {} : { dataForm: 'de-identified' }),
        metadata: r.metadata,
      })),
      disclosure.identity,
      this.identities,
    );
  }
}
