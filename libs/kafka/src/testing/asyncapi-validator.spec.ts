import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { SqliteGatewayStateStore } from '../gateway/gateway-state-store';
import { KafkaGateway } from '../gateway/kafka-gateway';
import { ledgerTopics } from '../topics';
import { AsyncApiValidator } from './asyncapi-validator';
import { appendAll, sampleLedger } from './ledger-fixture';
import { MemoryTopics, StoredRecord } from './memory-topics';

/** The validator the Kafka suites call on every message, on what the gateway really publishes. */
describe('AsyncApiValidator (docs/asyncapi.yaml)', () => {
  const topics = ledgerTopics('unit.');
  const validator = AsyncApiValidator.load();
  let records: StoredRecord[];

  beforeAll(async () => {
    const store = new SqliteEventStore({
      path: join(mkdtempSync(join(tmpdir(), 'asyncapi-')), 'l.sqlite'),
    });
    const fixture = sampleLedger(12);
    await appendAll(store, fixture);
    const sink = new MemoryTopics();
    const gateway = new KafkaGateway({
      store,
      sink,
      state: new SqliteGatewayStateStore(store.db, 'unit.'),
      topics,
      batchSize: 7,
      pollIntervalMs: 2,
    });
    await gateway.start();
    for (let i = 0; i < 1_000 && gateway.status().published.commit < fixture.length; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await gateway.stop();
    await store.close();
    records = Object.values(topics).flatMap((t) => sink.records(t).flat());
  });

  const first = (topic: string, type?: string) =>
    records.find((r) => r.topic === topic && (!type || JSON.parse(r.value).type === type))!;

  it('accepts every message the gateway publishes (events and both views)', () => {
    expect(records.length).toBeGreaterThan(20);
    expect(records.flatMap((r) => validator.problems(r))).toEqual([]);
    expect([...validator.seen.keys()]).toEqual(
      expect.arrayContaining([
        'PlanPublished',
        'PlanAmended',
        'PolicyEnrolled',
        'EnrollmentCancelled',
        'ContributionRefunded',
        'PayoutApproved',
        'TownshipProgress',
        'Coinsurance',
      ]),
    );
  });

  it('refuses personal data in a message (a sealed identity put back)', () => {
    const m = first(topics.events, 'PolicyEnrolled');
    const value = JSON.parse(m.value);
    value.data.insured.sealedIdentity = { sealed: true, ct: 'x' };
    expect(validator.problems({ ...m, value: JSON.stringify(value) })).toEqual([
      expect.stringMatching(
        /PolicyEnrolled value\/data\/insured: must NOT have additional properties/,
      ),
    ]);
  });

  it('refuses a claim event with medical facts beyond its allowlist', () => {
    const m = first(topics.events, 'PayoutApproved');
    const value = JSON.parse(m.value);
    value.data.hospital = '某医院';
    expect(validator.problems({ ...m, value: JSON.stringify(value) })).toEqual([
      expect.stringMatching(/PayoutApproved value\/data: must NOT have additional properties/),
    ]);
  });

  it('refuses a wrong type, an unknown event type, a missing header, no key, an unknown topic', () => {
    const m = first(topics.events, 'PolicyEnrolled');
    const value = JSON.parse(m.value);
    expect(validator.problems({ ...m, value: JSON.stringify({ ...value, revision: 3 }) })).toEqual([
      expect.stringMatching(/PolicyEnrolled value\/revision: must be string/),
    ]);
    expect(
      validator.problems({ ...m, value: JSON.stringify({ ...value, type: 'PolicyTeleported' }) }),
    ).toEqual(['channel events has no message PolicyTeleported']);
    const { ['ledger-position']: _, ...headers } = m.headers;
    expect(validator.problems({ ...m, headers })).toEqual([
      expect.stringMatching(
        /PolicyEnrolled headers: must have required property 'ledger-position'/,
      ),
    ]);
    expect(validator.problems({ ...m, key: null })).toEqual(['PolicyEnrolled: no key']);
    expect(validator.problems({ ...m, topic: 'unit.other' })).toEqual([
      'topic unit.other is no channel of the AsyncAPI document',
    ]);
    expect(() => validator.assertValid({ ...m, value: 'not json' })).toThrow(
      /does not follow docs\/asyncapi.yaml:\n {2}the value is not JSON/,
    );
  });

  it('view messages: a township document with a wrong count is refused', () => {
    const m = first(topics.townshipProgress);
    const value = JSON.parse(m.value);
    value.document.active = 'many';
    expect(validator.problems({ ...m, value: JSON.stringify(value) }).join('\n')).toMatch(
      /TownshipProgress value.*must be number/,
    );
  });
});
