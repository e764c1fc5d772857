import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The ledger's AsyncAPI document, kept in step with the code by scripts/asyncapi. */
export const ASYNCAPI_FILE = join(__dirname, '..', '..', '..', '..', 'docs', 'asyncapi.yaml');

/** A message as a consumer sees it: kafkajs gives Buffers, the in-memory topics strings. */
export interface ObservedMessage {
  topic: string;
  key: Buffer | string | null | undefined;
  value: Buffer | string | null | undefined;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

interface ChannelSpec {
  address: string;
  messages: Record<string, { $ref: string }>;
}

interface CompiledMessage {
  payload: ValidateFunction;
  headers: ValidateFunction;
}

function text(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[value.length - 1] : value;
  return v === undefined ? undefined : v.toString();
}

/**
 * Checks messages against the AsyncAPI document: the topic is one of its channels, the value is
 * JSON that validates against the schema of its message (on the events topic, the message of its
 * event type), the headers against the message's headers schema, and a key is present. The Kafka
 * suites run it on every message they read; its unit test on what the gateway publishes.
 */
export class AsyncApiValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, CompiledMessage>();
  private readonly channels: { pattern: RegExp; name: string; spec: ChannelSpec }[];
  /** Messages validated so far, by message name (event type, TownshipProgress, Coinsurance). */
  readonly seen = new Map<string, number>();

  constructor(readonly document: Record<string, unknown>) {
    addFormats(this.ajv);
    this.ajv.addSchema(document, 'asyncapi');
    const channels = document.channels as Record<string, ChannelSpec>;
    this.channels = Object.entries(channels).map(([name, spec]) => ({
      name,
      spec,
      // `{topicPrefix}events` matches the topic under any prefix.
      pattern: new RegExp(`^${spec.address.replace(/\./g, '\\.').replace(/\{[^}]+\}/g, '.*')}$`),
    }));
  }

  static load(file = ASYNCAPI_FILE): AsyncApiValidator {
    return new AsyncApiValidator(parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
  }

  /** What is wrong with the message; [] when it follows the document. */
  problems(message: ObservedMessage): string[] {
    const channel = this.channels
      .filter((c) => c.pattern.test(message.topic))
      .sort((a, b) => b.spec.address.length - a.spec.address.length)[0];
    if (!channel) return [`topic ${message.topic} is no channel of the AsyncAPI document`];
    if (message.value === null || message.value === undefined) return ['the message has no value'];
    let value: unknown;
    try {
      value = JSON.parse(message.value.toString());
    } catch {
      return ['the value is not JSON'];
    }
    const names = Object.keys(channel.spec.messages);
    const name =
      names.length === 1 ? names[0] : String((value as { type?: unknown } | null)?.type ?? '');
    const ref = channel.spec.messages[name]?.$ref;
    if (!ref) return [`channel ${channel.name} has no message ${name}`];
    const { payload, headers } = this.compile(ref);
    const out: string[] = [];
    if (!payload(value)) out.push(...describe(`${name} value`, payload));
    const headerText = Object.fromEntries(
      Object.entries(message.headers ?? {})
        .map(([k, v]) => [k, text(v)])
        .filter(([, v]) => v !== undefined),
    );
    if (!headers(headerText)) out.push(...describe(`${name} headers`, headers));
    if (message.key === null || message.key === undefined || message.key.toString() === '')
      out.push(`${name}: no key`);
    if (out.length === 0) this.seen.set(name, (this.seen.get(name) ?? 0) + 1);
    return out;
  }

  /** Throws naming every problem (for the Kafka suites' message handlers). */
  assertValid(message: ObservedMessage): void {
    const problems = this.problems(message);
    if (problems.length > 0) {
      throw new Error(
        `a message on ${message.topic} does not follow docs/asyncapi.yaml:\n  ${problems.join('\n  ')}\n  value: ${String(message.value).slice(0, 500)}`,
      );
    }
  }

  private compile(ref: string): CompiledMessage {
    let c = this.compiled.get(ref);
    if (!c) {
      const pointer = ref.replace(/^#/, '');
      c = {
        payload: this.ajv.getSchema(`asyncapi#${pointer}/payload`)!,
        headers: this.ajv.getSchema(`asyncapi#${pointer}/headers`)!,
      };
      this.compiled.set(ref, c);
    }
    return c;
  }
}

function describe(what: string, validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map(
    (e) =>
      `${what}${e.instancePath || ''}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
  );
}
