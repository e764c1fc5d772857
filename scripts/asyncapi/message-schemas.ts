import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { IDENTITY_KEY, publicFieldsOf } from '@ledger/kafka';

/** A JSON Schema (draft-07), as ts-json-schema-generator writes them. */
export type Schema = Record<string, unknown>;

const ROOT = join(__dirname, '..', '..');

/** The TypeScript file whose exported types are what the ledger publishes. */
export const PUBLISHED_TYPES_FILE = 'libs/ledger/src/contracts/published-messages.ts';

export interface MessageSchemas {
  /** Every event type of the PublishedLedgerEvent union, in its order, with its data schema. */
  events: { type: string; data: Schema; description?: string }[];
  /** The events topic's envelope (its `type` and `data` are set per event). */
  envelope: Schema;
  townshipProgress: Schema;
  coinsurance: Schema;
  /** The seals topic's value: a published seal. */
  seal: Schema;
  /** Shared schemas the others refer to (`#/components/schemas/<name>`). */
  definitions: Record<string, Schema>;
}

/**
 * Reads the published types with the TypeScript compiler (ts-json-schema-generator), then makes
 * each event's data schema say what the gateway really publishes: publicEventData removes
 * identity keys at any depth, and claim events keep their allowlisted members only.
 */
export function generateMessageSchemas(): MessageSchemas {
  const generator = createGenerator({
    path: join(ROOT, PUBLISHED_TYPES_FILE),
    tsconfig: join(ROOT, 'tsconfig.json'),
    skipTypeCheck: true,
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    sortProps: false,
  });
  const definitions: Record<string, Schema> = {};
  for (const type of [
    'PublishedLedgerEvent',
    'LedgerEventMessage',
    'TownshipProgressMessage',
    'CoinsuranceMessage',
    'SealMessage',
  ]) {
    Object.assign(definitions, generator.createSchema(type).definitions as Record<string, Schema>);
  }
  const refs = rewriteRefs(definitions) as Record<string, Schema>;
  const unions = new Set<string>();
  const events = unionMembers(refs, 'PublishedLedgerEvent', unions).map((member) => {
    const properties = member.properties as Record<string, Schema>;
    const type = (properties.type as { const: string }).const;
    return {
      type,
      data: publicData(type, properties.data, refs),
      ...(typeof member.description === 'string' ? { description: member.description } : {}),
    };
  });
  // The event unions only list the events; each member is a message of its own.
  for (const union of unions) delete refs[union];
  const envelope = refs.LedgerEventMessage;
  const townshipProgress = refs.TownshipProgressMessage;
  const coinsurance = refs.CoinsuranceMessage;
  const seal = refs.SealMessage;
  for (const name of [
    'LedgerEventMessage',
    'TownshipProgressMessage',
    'CoinsuranceMessage',
    'SealMessage',
  ]) {
    delete refs[name];
  }
  return {
    events,
    envelope,
    townshipProgress,
    coinsurance,
    seal,
    definitions: {
      ...(withoutIdentities(refs) as Record<string, Schema>),
      // A seal holds no personal data; its `sealedAt` is a time, not a sealed identity envelope.
      ...Object.fromEntries(SEAL_DEFINITIONS.map((name) => [name, refs[name]])),
    },
  };
}

/** The seal document's types (libs/audit), published as they are. */
const SEAL_DEFINITIONS = ['PublishedSeal', 'SignedSeal', 'SealBody'];

/** `#/definitions/X` → `#/components/schemas/X`, the AsyncAPI document's place for them. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string'
        ? v.replace('#/definitions/', '#/components/schemas/')
        : rewriteRefs(v),
    ]),
  );
}

function resolve(schema: Schema, definitions: Record<string, Schema>): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  return resolve(definitions[ref.split('/').pop()!], definitions);
}

/** The members of a union of event types, nested unions flattened. */
function unionMembers(
  definitions: Record<string, Schema>,
  name: string,
  visited: Set<string>,
): Schema[] {
  visited.add(name);
  const union = definitions[name];
  // A union of one member is the member itself.
  const members = (union.anyOf as Schema[] | undefined) ?? [union];
  return members.flatMap((member) => {
    const ref = member.$ref;
    if (typeof ref === 'string') return unionMembers(definitions, ref.split('/').pop()!, visited);
    return [member];
  });
}

/** Every object schema without the members publicEventData removes. */
function withoutIdentities(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIdentities);
  if (value === null || typeof value !== 'object') return value;
  const schema = value as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object' && !Array.isArray(v)) {
      out.properties = Object.fromEntries(
        Object.entries(v as Schema)
          .filter(([name]) => !IDENTITY_KEY.test(name))
          .map(([name, s]) => [name, withoutIdentities(s)]),
      );
    } else if (k === 'required' && Array.isArray(v)) {
      out.required = v.filter((name) => !IDENTITY_KEY.test(String(name)));
    } else out[k] = withoutIdentities(v);
  }
  return out;
}

function publicData(type: string, data: Schema, definitions: Record<string, Schema>): Schema {
  const allowed = publicFieldsOf(type);
  if (!allowed) return withoutIdentities(data) as Schema;
  const whole = resolve(data, definitions);
  const properties = whole.properties as Record<string, Schema>;
  return withoutIdentities({
    ...whole,
    properties: Object.fromEntries(
      allowed.filter((k) => k in properties).map((k) => [k, properties[k]]),
    ),
    required: ((whole.required as string[]) ?? []).filter((k) => allowed.includes(k)),
  }) as Schema;
}
