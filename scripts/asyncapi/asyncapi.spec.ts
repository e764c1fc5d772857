import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemas as asyncApiSpecs } from '@asyncapi/specs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse, stringify } from 'yaml';
import { CLAIM_EVENT_TYPES, PLAN_EVENT_TYPES } from '@ledger/domain';
import { asyncApiDocument } from './asyncapi-document';
import { generateMessageSchemas, MessageSchemas } from './message-schemas';

const FILE = join(__dirname, '..', '..', 'docs', 'asyncapi.yaml');
const HEADER =
  '# Generated from the TypeScript types by scripts/asyncapi (npm run asyncapi): do not edit.\n';

/**
 * Issue 13: the AsyncAPI document of the Kafka feed. Its schemas are generated from the types
 * the ledger publishes (libs/ledger/src/contracts/published-messages.ts); this test keeps
 * docs/asyncapi.yaml equal to what the types say (UPDATE_ASYNCAPI=1, i.e. `npm run asyncapi`,
 * rewrites it), validates it against the AsyncAPI 3.0.0 schema (@asyncapi/specs) and checks it
 * describes every event type of the domain's event unions.
 */
describe('AsyncAPI document (docs/asyncapi.yaml)', () => {
  let generated: MessageSchemas;
  let document: Record<string, unknown>;
  let committed: Record<string, unknown>;

  beforeAll(() => {
    generated = generateMessageSchemas();
    document = asyncApiDocument(generated);
    if (process.env.UPDATE_ASYNCAPI === '1') {
      writeFileSync(FILE, HEADER + stringify(document, { lineWidth: 100 }));
    }
    committed = parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
  }, 120_000);

  it('is what the published types say (run `npm run asyncapi` after changing them)', () => {
    expect(committed).toEqual(document);
  });

  it('validates against the AsyncAPI 3.0.0 schema (@asyncapi/specs, ajv)', () => {
    // The specs bundle their own draft-07 meta-schema: ajv's is left out so the ids do not clash.
    const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false });
    addFormats(ajv);
    const validate = ajv.compile(asyncApiSpecs['3.0.0'] as object);
    const valid = validate(committed);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('every message schema compiles (JSON Schema draft-07), references resolved', () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    ajv.addSchema(committed, 'asyncapi');
    const messages = (committed.components as { messages: Record<string, unknown> }).messages;
    for (const name of Object.keys(messages)) {
      expect(ajv.getSchema(`asyncapi#/components/messages/${name}/payload`)).toBeDefined();
      expect(ajv.getSchema(`asyncapi#/components/messages/${name}/headers`)).toBeDefined();
    }
  });

  it('covers every event type of the domain’s event unions, each on the events topic', () => {
    // Derived by the TypeScript compiler from the PublishedLedgerEvent union: a new member of any event
    // union is a new type here, and the document must describe it.
    const fromUnions = generated.events.map((e) => e.type).sort();
    const channel = (committed.channels as Record<string, { messages: Record<string, unknown> }>)
      .events;
    expect(Object.keys(channel.messages).sort()).toEqual(fromUnions);
    expect(new Set(fromUnions).size).toBe(fromUnions.length);
    // The runtime lists the domain keeps are in it too (a cross-check of the derivation).
    for (const type of [...PLAN_EVENT_TYPES, ...CLAIM_EVENT_TYPES])
      expect(fromUnions).toContain(type);
    expect(fromUnions).toEqual(
      expect.arrayContaining([
        'PolicyEnrolled',
        'ContributionRefunded',
        'EnrollmentCancelled',
        'InspectionScored',
        'RosterLineUnmatched',
        'PersonalDataErased',
      ]),
    );
  });

  it('no schema of what travels has a member for personal data (sealed identities, ID numbers, phones)', () => {
    const text = JSON.stringify(committed.components);
    expect(text).not.toMatch(
      /"(sealedIdentity|payerSealedIdentity|idNumber|phone|birthDate|fullName)"/,
    );
    // Claim events carry their allowlisted members only (no medical facts).
    const messages = (
      committed.components as {
        messages: Record<string, { payload: { properties: { data: { properties: object } } } }>;
      }
    ).messages;
    expect(
      Object.keys(messages.ClaimAdjudicated.payload.properties.data.properties).sort(),
    ).toEqual([
      'claimId',
      'enrollmentId',
      'occurredAt',
      'payoutFen',
      'personRef',
      'planId',
      'planYear',
    ]);
  });
});
