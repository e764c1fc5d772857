import { SqliteEventStore } from '@ledger/event-store';
import { KafkaGateway, ledgerTopics, SqliteGatewayStateStore } from '@ledger/kafka';
import { AsyncApiValidator } from '@ledger/kafka/testing/asyncapi-validator';
import { MemoryTopics } from '@ledger/kafka/testing/memory-topics';
import { EVENT_STORE } from '@ledger/ledger';
import { runStory, startStoryLedger, storyDocument } from './support/openapi-examples';
import { TestLedger } from './support/ledger-test-app';

/**
 * Issue 13: what the Kafka gateway publishes follows docs/asyncapi.yaml, for every event type
 * the ledger records. The OpenAPI examples' story writes every kind of event on a real ledger;
 * the gateway publishes it to in-memory topics; every message is validated against the AsyncAPI
 * document, and every message the document describes is seen at least once.
 */
describe('AsyncAPI: every message the gateway publishes follows the document', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startStoryLedger();
    await runStory(ledger, await storyDocument(ledger), (operationId, name, answer) =>
      expect({ operationId, name, status: answer.status < 300 }).toEqual({
        operationId,
        name,
        status: true,
      }),
    );
  });
  afterAll(() => ledger.close());

  it('every event, township-progress and coinsurance message validates, and every message of the document is seen', async () => {
    const store = ledger.app.get<SqliteEventStore>(EVENT_STORE);
    const topics = ledgerTopics('contract.');
    const sink = new MemoryTopics();
    const gateway = new KafkaGateway({
      store,
      sink,
      state: new SqliteGatewayStateStore(store.db, 'contract.'),
      topics,
      batchSize: 50,
      pollIntervalMs: 2,
    });
    await gateway.start();
    const head = (await store.headPosition()).commit;
    for (let i = 0; i < 2_000 && gateway.status().published.commit < head; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await gateway.stop();
    expect(gateway.status().published.commit).toBe(head);

    const validator = AsyncApiValidator.load();
    const problems: string[] = [];
    let messages = 0;
    for (const topic of Object.values(topics)) {
      for (const record of sink.records(topic).flat()) {
        messages++;
        problems.push(...validator.problems(record));
      }
    }
    expect(problems).toEqual([]);
    expect(messages).toBeGreaterThan(Number(head));
    const described = Object.keys(
      (validator.document.components as { messages: Record<string, unknown> }).messages,
    ).sort();
    expect([...validator.seen.keys()].sort()).toEqual(described);
  });
});
