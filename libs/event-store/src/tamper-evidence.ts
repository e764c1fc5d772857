import { createHash } from 'node:crypto';
import { EventMetadata, NewEvent, RecordedEvent } from './event-store.port';

/** The hash before a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, arrays in order,
 * undefined members dropped. Ledger data holds only strings, integers, booleans, null, arrays
 * and objects, so this is stable across engines (a subset of RFC 8785).
 */
export function canonicalJson(value: unknown): string {
  // Hot path (every appended and every verified event): plain loops, no intermediate arrays.
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += value[i] === undefined ? 'null' : canonicalJson(value[i]);
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 1) keys.sort();
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + quotedKey(k) + ':' + canonicalJson(v);
    first = false;
  }
  return out + '}';
}

/** Object keys repeat across events (field names): quote each once. Bounded, since data may
 * also use ids as keys. */
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * SHA-256 over the canonical form of
 * { prevHash, streamId, revision (decimal string), eventId, type, data, metadata minus hash }.
 * Chaining each event to the previous one of its stream lets a verifier detect an altered,
 * removed or reordered event.
 */
export function eventHash(
  prevHash: string,
  streamId: string,
  revision: bigint,
  eventId: string,
  type: string,
  data: unknown,
  metadata: EventMetadata,
): string {
  return eventHashOfCanonicalData(
    prevHash,
    streamId,
    revision,
    eventId,
    type,
    data === undefined ? undefined : canonicalJson(data),
    metadata,
  );
}

/**
 * eventHash with the data already in canonical form (`canonicalJson(data)`), for verifiers that
 * need the canonical data for more than this hash (the audit commitment walks it only once).
 */
export function eventHashOfCanonicalData(
  prevHash: string,
  streamId: string,
  revision: bigint,
  eventId: string,
  type: string,
  canonicalData: string | undefined,
  metadata: EventMetadata,
): string {
  // Written out rather than canonicalJson({ ... }): the envelope's keys are fixed and already
  // sorted, so only data and metadata need the general walk.
  // metadata without `hash`, prevHash set (copied key by key: `delete` would turn the object
  // into a slow dictionary for the canonical walk).
  const covered: Record<string, unknown> = {};
  const keys = Object.keys(metadata);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k === 'hash' || k === 'prevHash') continue;
    // An own "__proto__" stays an ordinary key, as the spread this replaces kept it.
    if (k === '__proto__')
      Object.defineProperty(covered, k, { value: metadata[k], enumerable: true });
    else covered[k] = metadata[k];
  }
  covered.prevHash = prevHash;
  const body =
    (canonicalData === undefined ? '{' : `{"data":${canonicalData},`) +
    `"eventId":${JSON.stringify(eventId)}` +
    `,"metadata":${canonicalJson(covered)},"prevHash":${JSON.stringify(prevHash)}` +
    `,"revision":"${revision.toString()}","streamId":${JSON.stringify(streamId)}` +
    `,"type":${JSON.stringify(type)}}`;
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** Adds prevHash/hash to events about to be appended after `lastRevision` (-1n: new stream). */
export function chainEvents(
  streamId: string,
  lastRevision: bigint,
  lastHash: string,
  events: readonly NewEvent[],
): NewEvent[] {
  let prev = lastHash;
  return events.map((e, i) => {
    const metadata = { ...e.metadata, prevHash: prev };
    const hash = eventHash(
      prev,
      streamId,
      lastRevision + 1n + BigInt(i),
      e.id,
      e.type,
      e.data,
      metadata,
    );
    prev = hash;
    return { ...e, metadata: { ...metadata, hash } };
  });
}

export function lastHashOf(events: readonly RecordedEvent[]): string {
  return events.length
    ? String(events[events.length - 1].metadata.hash ?? GENESIS_HASH)
    : GENESIS_HASH;
}

export interface ChainProblem {
  streamId: string;
  revision: string;
  eventId: string;
  problem: 'revision_gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'missing_hash';
  message: string;
}

/**
 * Verifies hash chains incrementally over the global log (events of each stream arrive in
 * revision order): keeps only each stream's last hash and revision.
 */
export class ChainVerifier {
  private readonly heads = new Map<string, { hash: string; next: bigint }>();
  readonly problems: ChainProblem[] = [];
  events = 0;

  accept(e: RecordedEvent): ChainProblem[] {
    this.events++;
    const found: ChainProblem[] = [];
    const head = this.heads.get(e.streamId) ?? { hash: GENESIS_HASH, next: 0n };
    const at = { streamId: e.streamId, revision: e.revision.toString(), eventId: e.id };
    if (e.revision !== head.next) {
      found.push({
        ...at,
        problem: 'revision_gap',
        message: `expected revision ${head.next}, found ${e.revision}`,
      });
    }
    let hash = head.hash;
    if (typeof e.metadata.hash !== 'string') {
      found.push({ ...at, problem: 'missing_hash', message: 'event carries no hash' });
    } else {
      if (e.metadata.prevHash !== head.hash) {
        found.push({
          ...at,
          problem: 'prev_hash_mismatch',
          message:
            'prevHash does not match the previous event of the stream (removed or reordered event)',
        });
      }
      const recomputed = eventHash(
        String(e.metadata.prevHash),
        e.streamId,
        e.revision,
        e.id,
        e.type,
        e.data,
        e.metadata,
      );
      if (recomputed !== e.metadata.hash) {
        found.push({
          ...at,
          problem: 'hash_mismatch',
          message: 'content does not match its hash (altered event)',
        });
      }
      hash = e.metadata.hash;
    }
    this.heads.set(e.streamId, { hash, next: e.revision + 1n });
    this.problems.push(...found);
    return found;
  }

  get streams(): number {
    return this.heads.size;
  }
}

/** Verifies one stream's events, in revision order, from its first event. */
export function verifyStreamChain(events: readonly RecordedEvent[]): ChainProblem[] {
  const verifier = new ChainVerifier();
  for (const e of events) verifier.accept(e);
  return verifier.problems;
}
