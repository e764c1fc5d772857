import {
  CoinsuranceDoc,
  coinsuranceProjection,
  ProjectedEvent,
  townshipProgressProjection,
} from '@ledger/projections';
import { RecordedEvent } from '@ledger/event-store';
import { decodeHeaders } from '../headers';
import { LedgerEventMessage } from '../schemas/ledger-event-message';
import { coinsuranceFromTopic, townshipProgressFromTopic } from '../schemas/view-messages';
import { recorded, sampleLedger } from '../testing/ledger-fixture';
import { ledgerTopics } from '../topics';
import { isPublishedStream, OutgoingMessage, prepareBatch } from './gateway-batch';
import { GatewayViews } from './gateway-views';
import { PUBLISHED_VIEWS } from './kafka-gateway';

const topics = ledgerTopics('t.');

/** The views folded straight from the events: what the topics must reproduce. */
function folded(events: RecordedEvent[]) {
  const views = new GatewayViews(PUBLISHED_VIEWS);
  for (const e of events) views.apply(e);
  return {
    township: new Map(views.documents(townshipProgressProjection.name)),
    coinsurance: new Map(views.documents(coinsuranceProjection.name)) as Map<
      string,
      CoinsuranceDoc
    >,
  };
}

function lastPerKey(messages: OutgoingMessage[], topic: string): Map<string, string> {
  return new Map(messages.filter((m) => m.topic === topic).map((m) => [m.key, m.value]));
}

describe('Gateway batches', () => {
  const events = recorded(sampleLedger(30));

  it('publish every event in log order, keyed by stream, with id, type and position headers', () => {
    const batch = prepareBatch(events, new GatewayViews(PUBLISHED_VIEWS), topics);
    const published = batch.messages.filter((m) => m.topic === topics.events);
    expect(published.map((m) => m.key)).toEqual(events.map((e) => e.streamId));
    for (const [i, m] of published.entries()) {
      expect(decodeHeaders(m.headers)).toEqual({
        schema: 'ledger.event',
        schemaVersion: 1,
        position: events[i].position,
        eventId: events[i].id,
        eventType: events[i].type,
      });
    }
    expect(batch).toMatchObject({
      events: events.length,
      last: events[events.length - 1].position,
    });
    expect(batch.messages.map((m) => m.value).join('\n')).not.toMatch(/sealed|secret-/i);
  });

  it('never publish the access log (who read whose personal data): only the business streams leave', () => {
    const last = events[events.length - 1];
    const access: RecordedEvent = {
      ...last,
      id: 'access-1',
      streamId: 'access-someone',
      type: 'PersonalDataAccessed',
      data: { personRef: 'someone', purpose: '理赔复核', identityId: 'auditor-1' },
      position: { commit: last.position.commit + 1n, prepare: last.position.prepare + 1n },
    };
    const batch = prepareBatch([...events, access], new GatewayViews(PUBLISHED_VIEWS), topics);
    expect(batch.last).toEqual(access.position); // the checkpoint moves past it
    expect(batch.messages.some((m) => m.key === 'access-someone')).toBe(false);
    expect(batch.messages.map((m) => m.value).join('\n')).not.toContain('理赔复核');
    expect(isPublishedStream('policy-p-r')).toBe(true);
    expect(isPublishedStream('access-r')).toBe(false);
    expect(isPublishedStream('view-township-progress')).toBe(false);
  });

  it('Coinsurance: the insurer parts of the events add up to the coinsurance view, to the fen (held-back premiums included)', () => {
    const batch = prepareBatch(events, new GatewayViews(PUBLISHED_VIEWS), topics);
    const messages = batch.messages
      .filter((m) => m.topic === topics.events)
      .map((m) => JSON.parse(m.value) as LedgerEventMessage);
    const premium = new Map<string, number>();
    for (const m of messages)
      for (const p of m.insurerParts.filter((x) => x.account === 'premium'))
        premium.set(p.insurerId, (premium.get(p.insurerId) ?? 0) + p.amountFen);
    const view = folded(events).coinsurance.get('test-2024')!;
    expect(Object.fromEntries(premium)).toEqual(
      Object.fromEntries(Object.entries(view.insurers).map(([id, i]) => [id, i.premiumFen])),
    );
    // The coalition arrives after some premiums: its amendment carries their allocation.
    const amended = messages.find((m) => m.type === 'PlanAmended')!;
    expect(amended.insurerParts.reduce((s, p) => s + p.amountFen, 0)).toBeGreaterThan(0);
    // A refund is negative and split by the same shares.
    const refund = messages.find(
      (m) => m.type === 'ContributionRefunded' && m.insurerParts.length > 0,
    )!;
    expect(refund.insurerParts.every((p) => p.amountFen < 0)).toBe(true);
    const payout = messages.find((m) => m.type === 'PayoutApproved')!;
    expect(payout.insurerParts).toEqual([
      { insurerId: 'picc', account: 'payout_approved', amountFen: 4117 },
      { insurerId: 'cpic', account: 'payout_approved', amountFen: 4114 },
      { insurerId: 'pingan', account: 'payout_approved', amountFen: 4114 },
    ]);
  });

  it('the view topics, last value per key, reproduce the views however the log is cut into batches', () => {
    const expected = folded(events);
    for (const size of [events.length, 7, 1]) {
      const views = new GatewayViews(PUBLISHED_VIEWS);
      const messages: OutgoingMessage[] = [];
      for (let i = 0; i < events.length; i += size) {
        messages.push(...prepareBatch(events.slice(i, i + size), views, topics).messages);
      }
      expect(townshipProgressFromTopic(lastPerKey(messages, topics.townshipProgress))).toEqual(
        expected.township,
      );
      expect(coinsuranceFromTopic(lastPerKey(messages, topics.coinsurance))).toEqual(
        expected.coinsurance,
      );
    }
  });

  it('coinsurance messages are keyed by plan and by plan/insurer; insurers are sent only when they change', () => {
    const views = new GatewayViews(PUBLISHED_VIEWS);
    prepareBatch(events.slice(0, -1), views, topics);
    // The payout changes no premium: nothing on the view topics.
    const last = prepareBatch(events.slice(-1), views, topics);
    expect(last.messages.filter((m) => m.topic !== topics.events)).toEqual([]);
    const all = prepareBatch(events, new GatewayViews(PUBLISHED_VIEWS), topics);
    expect(
      all.messages
        .filter((m) => m.topic === topics.coinsurance)
        .map((m) => m.key)
        .sort(),
    ).toEqual(['test-2024', 'test-2024/cpic', 'test-2024/picc', 'test-2024/pingan']);
  });

  it('documents carry the position of the last event that changed them', () => {
    const batch = prepareBatch(events, new GatewayViews(PUBLISHED_VIEWS), topics);
    const lastEnrollmentIn = (township: string) =>
      [...events]
        .reverse()
        .find(
          (e) =>
            e.streamId.startsWith('policy-') &&
            (e.data as ProjectedEvent['data']).townshipId === township &&
            e.type !== 'PayoutApproved',
        )!.position;
    const t01 = batch.documents.find((d) => d.key === 'test-2024/t01')!;
    expect(t01.position).toEqual(lastEnrollmentIn('t01'));
  });
  it('the event messages (insurer parts included) are the same however the log is cut into batches', () => {
    const whole = prepareBatch(events, new GatewayViews(PUBLISHED_VIEWS), topics);
    const views = new GatewayViews(PUBLISHED_VIEWS);
    const oneByOne = events.flatMap((e) => prepareBatch([e], views, topics).messages);
    const eventMessages = (ms: OutgoingMessage[]) => ms.filter((m) => m.topic === topics.events);
    expect(eventMessages(whole.messages)).toEqual(eventMessages(oneByOne));
    expect(
      eventMessages(whole.messages).some(
        (m) => (JSON.parse(m.value) as LedgerEventMessage).insurerParts.length > 0,
      ),
    ).toBe(true);
    // a batch's documents are not changed by the batches after it
    const first = prepareBatch(events.slice(0, 15), new GatewayViews(PUBLISHED_VIEWS), topics);
    const docsOf = (b: { documents: { doc: unknown }[] }) =>
      JSON.stringify(b.documents.map((d) => d.doc));
    const frozen = docsOf(first);
    const again = new GatewayViews(PUBLISHED_VIEWS);
    const a = prepareBatch(events.slice(0, 15), again, topics);
    const before = docsOf(a);
    prepareBatch(events.slice(15), again, topics);
    expect(docsOf(a)).toBe(before);
    expect(before).toBe(frozen);
  });
});
