import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { KafkaGateway, ledgerTopics, SqliteGatewayStateStore } from '@ledger/kafka';
import { AsyncApiValidator } from '@ledger/kafka/testing/asyncapi-validator';
import { MemoryTopics } from '@ledger/kafka/testing/memory-topics';
import { EVENT_STORE, LedgerViews } from '@ledger/ledger';
import { operationExamples } from '../apps/ledger-api/src/openapi/operation-examples';
import {
  exampleRequest,
  OpenApiDocument,
  operationsOf,
  send,
  STORY_CLOCK,
  STORY_DEFAULT_CLOCK,
} from './support/openapi-examples';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

/**
 * Issue 13: what the Kafka gateway publishes follows docs/asyncapi.yaml, for every event type
 * the ledger records. The OpenAPI examples' story writes every kind of event on a real ledger;
 * the gateway publishes it to in-memory topics; every message is validated against the AsyncAPI
 * document, and every message the document describes is seen at least once.
 */
describe('AsyncAPI: every message the gateway publishes follows the document', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedger(STORY_DEFAULT_CLOCK);
    await ledger.app.listen(0, '127.0.0.1');
    const doc: OpenApiDocument = (
      await request(ledger.app.getHttpServer()).get('/docs-json').expect(200)
    ).body;
    const byId = new Map(operationsOf(doc).map((op) => [op.operation.operationId, op]));
    for (const [operationId, examples] of operationExamples({ personRefOf: () => '' })) {
      ledger.clock.set(Date.parse(STORY_CLOCK[operationId] ?? STORY_DEFAULT_CLOCK));
      for (const { name } of examples) {
        const answer = await send(ledger.app, exampleRequest(byId.get(operationId)!, name));
        expect({ operationId, name, status: answer.status < 300 }).toEqual({
          operationId,
          name,
          status: true,
        });
      }
      await ledger.app.get(LedgerViews).caughtUp();
    }
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
