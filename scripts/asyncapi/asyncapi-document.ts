import {
  COINSURANCE_SCHEMA,
  KAFKA_DEFAULTS,
  LEDGER_EVENT_SCHEMA,
  LEDGER_EVENT_SCHEMA_VERSION,
  LEDGER_HEADERS,
  LEDGER_SEAL_SCHEMA,
  LEDGER_SEAL_SCHEMA_VERSION,
  SEAL_MESSAGE_KEY,
  TOWNSHIP_PROGRESS_SCHEMA,
  VIEW_SCHEMA_VERSION,
} from '@ledger/kafka';
import { MessageSchemas, Schema } from './message-schemas';

const POSITION = { type: 'string', pattern: '^\\d+(/\\d+)?$' };

function headers(schema: string, version: number, extra: Record<string, Schema>): Schema {
  return {
    type: 'object',
    description: 'UTF-8 string headers: a consumer can de-duplicate before parsing the value',
    required: [
      LEDGER_HEADERS.schema,
      LEDGER_HEADERS.schemaVersion,
      LEDGER_HEADERS.position,
      ...Object.keys(extra),
    ],
    properties: {
      [LEDGER_HEADERS.schema]: { type: 'string', const: schema },
      [LEDGER_HEADERS.schemaVersion]: { type: 'string', const: String(version) },
      [LEDGER_HEADERS.position]: { ...POSITION, description: 'Global log position' },
      ...extra,
    },
  };
}

const kafkaKey = (description: string) => ({
  kafka: { key: { type: 'string', description }, bindingVersion: '0.5.0' },
});

const messageRef = (name: string) => ({ $ref: `#/components/messages/${name}` });

/**
 * The AsyncAPI 3 document of the ledger's Kafka feed (docs/asyncapi.yaml): one channel per
 * topic, one message per event type on the events topic, one message per view topic, each with
 * the JSON Schema of its value, its headers and its key. Built from the schemas generated from
 * the TypeScript types (message-schemas.ts).
 */
export function asyncApiDocument(schemas: MessageSchemas): Record<string, unknown> {
  const envelope = schemas.envelope;
  const eventMessages = Object.fromEntries(
    schemas.events.map(({ type, data, description }) => [
      type,
      {
        name: type,
        title: type,
        ...(description ? { summary: description } : {}),
        contentType: 'application/json',
        headers: headers(LEDGER_EVENT_SCHEMA, LEDGER_EVENT_SCHEMA_VERSION, {
          [LEDGER_HEADERS.eventId]: { type: 'string' },
          [LEDGER_HEADERS.eventType]: { type: 'string', const: type },
        }),
        payload: {
          ...envelope,
          properties: {
            ...(envelope.properties as Record<string, Schema>),
            type: { type: 'string', const: type },
            data: { ...data, description: `${type}: the event's data, personal data removed` },
          },
        },
        bindings: kafkaKey('The stream id: all events of a stream are on one partition'),
      },
    ]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Huiminbao enrollment ledger: the coalition feed (惠民保参保台账 共保体数据)',
      version: '1',
      description: [
        'What the ledger publishes to Kafka for the insurer coalition (docs/kafka.md):',
        'every event with personal data removed, the township-progress and coinsurance views',
        'as compacted topics, and the seals of the log. At least once: de-duplicate by the global log position',
        '(header ledger-position). Money is integer fen; instants ISO-8601 UTC; dates',
        'Asia/Shanghai. Generated from the TypeScript types by scripts/asyncapi',
        '(npm run asyncapi); a test keeps this file and the code in step.',
      ].join(' '),
    },
    defaultContentType: 'application/json',
    channels: {
      events: {
        address: '{topicPrefix}events',
        title: 'Ledger events',
        description:
          'Every ledger event, personal data removed; key: the stream id; kept forever (retention.ms=-1)',
        parameters: { topicPrefix: { $ref: '#/components/parameters/topicPrefix' } },
        messages: Object.fromEntries(schemas.events.map(({ type }) => [type, messageRef(type)])),
      },
      townshipProgress: {
        address: '{topicPrefix}township-progress',
        title: 'Township progress (乡镇参保进度)',
        description:
          'Compacted: the last message per key is the document. Key `{planId}/{townshipId}` (kind township) or `{planId}` (kind plan)',
        parameters: { topicPrefix: { $ref: '#/components/parameters/topicPrefix' } },
        messages: { TownshipProgress: messageRef('TownshipProgress') },
      },
      coinsurance: {
        address: '{topicPrefix}coinsurance',
        title: 'Coinsurance (共保体保费)',
        description:
          'Compacted: the last message per key is the document. Key `{planId}` (kind plan) or `{planId}/{insurerId}` (kind insurer)',
        parameters: { topicPrefix: { $ref: '#/components/parameters/topicPrefix' } },
        messages: { Coinsurance: messageRef('Coinsurance') },
      },
      seals: {
        address: '{topicPrefix}seals',
        title: 'Seals (签名的日志树头)',
        description:
          'Every seal of the log (LogSealed), in order, as the published-seal document auditors verify with the ledger’s public key (docs/audit.md); one key, kept forever',
        parameters: { topicPrefix: { $ref: '#/components/parameters/topicPrefix' } },
        messages: { Seal: messageRef('Seal') },
      },
    },
    operations: {
      publishEvents: {
        action: 'send',
        title: 'The gateway publishes every event',
        channel: { $ref: '#/channels/events' },
        messages: schemas.events.map(({ type }) => ({
          $ref: `#/channels/events/messages/${type}`,
        })),
      },
      publishTownshipProgress: {
        action: 'send',
        title: 'The gateway publishes each township-progress document that changed',
        channel: { $ref: '#/channels/townshipProgress' },
        messages: [{ $ref: '#/channels/townshipProgress/messages/TownshipProgress' }],
      },
      publishCoinsurance: {
        action: 'send',
        title: 'The gateway publishes each coinsurance document that changed',
        channel: { $ref: '#/channels/coinsurance' },
        messages: [{ $ref: '#/channels/coinsurance/messages/Coinsurance' }],
      },
      publishSeals: {
        action: 'send',
        title: 'The gateway publishes each seal recorded in the log',
        channel: { $ref: '#/channels/seals' },
        messages: [{ $ref: '#/channels/seals/messages/Seal' }],
      },
    },
    components: {
      parameters: {
        topicPrefix: {
          description: 'LEDGER_KAFKA_TOPIC_PREFIX',
          default: KAFKA_DEFAULTS.topicPrefix,
        },
      },
      messages: {
        ...eventMessages,
        TownshipProgress: {
          name: 'TownshipProgress',
          title: 'A township-progress document',
          contentType: 'application/json',
          headers: headers(TOWNSHIP_PROGRESS_SCHEMA, VIEW_SCHEMA_VERSION, {
            [LEDGER_HEADERS.viewVersion]: { type: 'string', pattern: '^\\d+$' },
          }),
          payload: schemas.townshipProgress,
          bindings: kafkaKey('`{planId}/{townshipId}`, or `{planId}` for the plan document'),
        },
        Coinsurance: {
          name: 'Coinsurance',
          title: 'A coinsurance document',
          contentType: 'application/json',
          headers: headers(COINSURANCE_SCHEMA, VIEW_SCHEMA_VERSION, {
            [LEDGER_HEADERS.viewVersion]: { type: 'string', pattern: '^\\d+$' },
          }),
          payload: schemas.coinsurance,
          bindings: kafkaKey('`{planId}`, or `{planId}/{insurerId}` for one insurer'),
        },
        Seal: {
          name: 'Seal',
          title: 'A seal: the signed head of the global Merkle tree over the log',
          contentType: 'application/json',
          headers: headers(LEDGER_SEAL_SCHEMA, LEDGER_SEAL_SCHEMA_VERSION, {
            [LEDGER_HEADERS.eventId]: { type: 'string' },
            [LEDGER_HEADERS.eventType]: { type: 'string', const: 'LogSealed' },
          }),
          payload: schemas.seal,
          bindings: kafkaKey(`Always \`${SEAL_MESSAGE_KEY}\`: one partition, the seals in order`),
        },
      },
      schemas: schemas.definitions,
    },
  };
}
