import { randomUUID } from 'node:crypto';
import {
  ContributionInput,
  decideCancel,
  decideEnroll,
  foldPolicy,
  PlanDefinition,
} from '@ledger/domain';
import { at, person, planState, testPlanDefinition } from '@ledger/domain/testing/fixtures';
import { EventStore, RecordedEvent } from '@ledger/event-store';

export const COALITION = {
  leadInsurerId: 'picc',
  members: [
    { insurerId: 'picc', name: { zh: '人保财险', en: 'PICC' }, shareBp: 3334 },
    { insurerId: 'cpic', name: { zh: '太保财险', en: 'CPIC' }, shareBp: 3333 },
    { insurerId: 'pingan', name: { zh: '平安产险', en: 'Ping An' }, shareBp: 3333 },
  ],
};

export interface FixtureEvent {
  streamId: string;
  type: string;
  data: { occurredAt: string };
}

const plan = (
  type: string,
  data: { occurredAt: string; [field: string]: unknown },
): FixtureEvent => ({
  streamId: 'plan-test-2024',
  type,
  data,
});

const DEFINITION: PlanDefinition = testPlanDefinition({
  townships: [
    { townshipId: 't01', name: { zh: '甲镇', en: 'Jia' }, targets: {} },
    { townshipId: 't02', name: { zh: '乙乡', en: 'Yi' }, targets: {} },
  ],
});
const PLAN = planState(DEFINITION);

const CONTRIBUTIONS: ContributionInput[][] = [
  [{ source: 'individual', amountFen: 10000 }],
  [
    {
      source: 'employer',
      amountFen: 5001,
      fund: 'union',
      funder: { funderId: 'u1', name: '工会' },
    },
    { source: 'individual', amountFen: 4999 },
  ],
  [
    {
      source: 'personal_account',
      amountFen: 10000,
      relation: 'spouse',
      payer: {
        personRef: 'payer-ref',
        scheme: 'employee',
        sealedIdentity: { sealed: true, ct: 'payer-secret' },
      },
    },
  ],
];

/**
 * A small real ledger, decided by the domain: the plan, `count` enrollments in two townships with
 * three kinds of payer (premiums recorded before a coalition exists, then the coalition set),
 * every fifth one cancelled before coverage (refunds), and one approved payout split among the
 * coalition. The insured's identity is sealed as the app would seal it.
 */
export function sampleLedger(count = 30): FixtureEvent[] {
  const events: FixtureEvent[] = [
    plan('PlanPublished', {
      planId: 'test-2024',
      definition: DEFINITION,
      occurredAt: '2023-09-01T00:00:00.000Z',
    }),
  ];
  for (let n = 0; n < count; n++) {
    if (n === Math.floor(count / 3)) {
      events.push(
        plan('PlanAmended', {
          planId: 'test-2024',
          changes: { coalition: COALITION },
          reason: 'coalition chosen',
          occurredAt: '2023-10-20T00:00:00.000Z',
        }),
      );
    }
    const p = person('1980-01-01', n + 1, { sealedIdentity: { sealed: true, ct: `secret-${n}` } });
    const enrolled = decideEnroll(undefined, PLAN, {
      planId: 'test-2024',
      enrollmentId: `e${n}`,
      person: p,
      basicInsurance: { scheme: 'resident', insuredRegionCode: '330281' },
      townshipId: n % 2 ? 't01' : 't02',
      contributions: CONTRIBUTIONS[n % CONTRIBUTIONS.length],
      occurredAt: at(`2023-11-${String(1 + (n % 28)).padStart(2, '0')}T10:00:00+08:00`),
    });
    if (!enrolled.ok) throw enrolled.error;
    const streamId = `policy-test-2024-${p.personRef}`;
    for (const e of enrolled.events) events.push({ streamId, ...e });
    if (n % 5 === 4) {
      const cancelled = decideCancel(foldPolicy(enrolled.events), PLAN, {
        planId: 'test-2024',
        personRef: p.personRef,
        reason: 'moved away',
        occurredAt: at('2023-12-20T10:00:00+08:00'),
      });
      if (!cancelled.ok) throw cancelled.error;
      for (const e of cancelled.events) events.push({ streamId, ...e });
    }
  }
  const payout: { occurredAt: string; [field: string]: unknown } = {
    planId: 'test-2024',
    personRef: 'ref-x',
    claimId: 'claim-1',
    serviceDate: '2024-03-01',
    payoutFen: 12345,
    byResponsibility: [{ responsibilityCode: 'R1', payoutFen: 12345 }],
    coalition: { effectiveAt: '2023-10-20T00:00:00.000Z', leadInsurerId: 'picc' },
    parts: [
      { insurerId: 'picc', name: COALITION.members[0].name, shareBp: 3334, amountFen: 4117 },
      { insurerId: 'cpic', name: COALITION.members[1].name, shareBp: 3333, amountFen: 4114 },
      { insurerId: 'pingan', name: COALITION.members[2].name, shareBp: 3333, amountFen: 4114 },
    ],
    occurredAt: '2024-03-05T00:00:00.000Z',
  };
  events.push({
    streamId: events[events.length - 1].streamId,
    type: 'PayoutApproved',
    data: payout,
  });
  return events;
}

const metadata = (id: string, occurredAt: string) => ({
  eventId: id,
  correlationId: 'fixture',
  causationId: id,
  actor: 'test',
  occurredAt,
  schemaVersion: 1,
});

/** As the store would record them: positions 1, 2, … in order. */
export function recorded(events: readonly FixtureEvent[]): RecordedEvent[] {
  const revisions = new Map<string, bigint>();
  return events.map((e, i) => {
    const revision = (revisions.get(e.streamId) ?? -1n) + 1n;
    revisions.set(e.streamId, revision);
    const id = randomUUID();
    const seq = BigInt(i + 1);
    return {
      id,
      streamId: e.streamId,
      revision,
      position: { commit: seq, prepare: seq },
      type: e.type,
      data: e.data,
      metadata: metadata(id, e.data.occurredAt),
      recordedAt: '2024-01-01T00:00:00.000Z',
    };
  });
}

export async function appendAll(store: EventStore, events: readonly FixtureEvent[]): Promise<void> {
  for (const e of events) {
    const id = randomUUID();
    await store.append(
      e.streamId,
      [{ id, type: e.type, data: e.data, metadata: metadata(id, e.data.occurredAt) }],
      'any',
    );
  }
}
