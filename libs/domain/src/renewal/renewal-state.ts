import { RenewalEvent, RenewalEventOf } from './renewal-events';

export type RenewalConsent = RenewalEventOf<'RenewalConsentGiven'>['data'];

export type ConsentHistoryEntry =
  | { kind: 'given'; consent: RenewalConsent }
  | { kind: 'withdrawn'; consentId: string; reason: string; occurredAt: string };

export interface RenewalState {
  productId: string;
  personRef: string;
  /** The consent in force now, if any (a new consent replaces the previous one). */
  consent?: RenewalConsent;
  /** Every consent and withdrawal, oldest first. */
  history: ConsentHistoryEntry[];
  /** The years a run did not renew the person, and why. */
  skipped: RenewalEventOf<'RenewalSkipped'>['data'][];
  lastOccurredAt: string;
}

export function evolveRenewal(state: RenewalState | undefined, event: RenewalEvent): RenewalState {
  const d = event.data;
  const base: RenewalState = state ?? {
    productId: d.productId,
    personRef: d.personRef,
    history: [],
    skipped: [],
    lastOccurredAt: d.occurredAt,
  };
  switch (event.type) {
    case 'RenewalConsentGiven':
      return {
        ...base,
        consent: event.data,
        history: [...base.history, { kind: 'given', consent: event.data }],
        lastOccurredAt: d.occurredAt,
      };
    case 'RenewalConsentWithdrawn': {
      const next: RenewalState = {
        ...base,
        history: [
          ...base.history,
          {
            kind: 'withdrawn',
            consentId: event.data.consentId,
            reason: event.data.reason,
            occurredAt: d.occurredAt,
          },
        ],
        lastOccurredAt: d.occurredAt,
      };
      delete next.consent;
      return next;
    }
    case 'RenewalSkipped':
      return { ...base, skipped: [...base.skipped, event.data], lastOccurredAt: d.occurredAt };
  }
}

export function foldRenewal(events: readonly RenewalEvent[]): RenewalState | undefined {
  return events.reduce<RenewalState | undefined>(evolveRenewal, undefined);
}

/** The consent in force at an instant (business time): given by then, not withdrawn since. */
export function consentAt(state: RenewalState | undefined, at: number): RenewalConsent | undefined {
  let current: RenewalConsent | undefined;
  for (const entry of state?.history ?? []) {
    const when = entry.kind === 'given' ? entry.consent.occurredAt : entry.occurredAt;
    if (Date.parse(when) > at) break;
    current = entry.kind === 'given' ? entry.consent : undefined;
  }
  return current;
}
