import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { operationExamples } from '../apps/ledger-api/src/openapi/operation-examples';
import {
  DocumentedOperation,
  exampleRequest,
  OpenApiDocument,
  operationsOf,
  rebased,
  send,
  settled,
  startStoryLedger,
  storyDocument,
  storyClock,
} from './support/openapi-examples';
import { TestLedger } from './support/ledger-test-app';

/**
 * Issue 13: every example in the OpenAPI document is executed against a running ledger, in the
 * order of the story they tell (operation-examples.ts), and each answer is the documented success
 * with a body that validates against the documented schema.
 */

describe('OpenAPI examples, executed (issue 13)', () => {
  let ledger: TestLedger;
  let doc: OpenApiDocument;
  let byId: Map<string, DocumentedOperation>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);

  beforeAll(async () => {
    ledger = await startStoryLedger();
    doc = await storyDocument(ledger);
    byId = new Map(operationsOf(doc).map((op) => [op.operation.operationId, op]));
    ajv.addSchema(rebased({ components: doc.components }) as object, 'openapi.json');
  });
  afterAll(() => ledger.close());

  it('every operation of the document has at least one example', () => {
    const missing = operationsOf(doc)
      .filter((op) => (op.operation['x-examples'] ?? []).length === 0)
      .map((op) => `${op.method.toUpperCase()} ${op.path}`);
    expect(missing).toEqual([]);
  });

  const story = operationExamples({ personRefOf: () => '' });
  it.each(story.map(([operationId, examples]) => [operationId, examples.length]))(
    '%s: its %i example(s) succeed as documented',
    async (operationId) => {
      const op = byId.get(operationId as string);
      expect(op).toBeDefined();
      const success = Object.keys(op!.operation.responses).filter((s) => /^2/.test(s));
      expect(success).toHaveLength(1);
      for (const { name } of op!.operation['x-examples'] ?? []) {
        ledger.clock.set(storyClock(operationId as string, name));
        const req = exampleRequest(op!, name);
        const res = await send(ledger.app, req);
        // On a wrong status the diff shows the answer's body (the problem document says why).
        const expected = Number(success[0]);
        expect({
          example: name,
          status: res.status,
          body: res.status === expected ? 'as documented' : res.text.slice(0, 800),
        }).toEqual({ example: name, status: expected, body: 'as documented' });
        if (expected === 204) {
          expect({ example: name, body: res.text }).toEqual({ example: name, body: '' });
          continue;
        }
        const documented = op!.operation.responses[success[0]].content ?? {};
        const type = String(res.headers['content-type'] ?? '').split(';')[0];
        expect(Object.keys(documented)).toContain(type);
        const schema = documented[type]?.schema;
        if (type === 'application/json' && schema) {
          const validate = ajv.compile(rebased(schema) as object);
          const valid = validate(JSON.parse(res.text));
          expect({ example: name, errors: validate.errors ?? [] }).toEqual({
            example: name,
            errors: [],
          });
          expect(valid).toBe(true);
        }
        // The views follow the log, jobs run on: the next example reads what this one wrote.
        await settled(ledger);
      }
    },
  );
});
