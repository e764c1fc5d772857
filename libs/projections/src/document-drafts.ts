import { DocumentDrafts } from './projection';

/**
 * Deep copy of a JSON document (plain objects, arrays and primitives — what views store).
 * Keys are defined, not assigned, so that a key such as "__proto__" stays an ordinary key.
 */
export function copyDocument<T>(doc: T): T {
  if (typeof doc !== 'object' || doc === null) return doc;
  if (Array.isArray(doc)) {
    const array = new Array<unknown>(doc.length);
    for (let i = 0; i < doc.length; i++) array[i] = copyDocument(doc[i]);
    return array as T;
  }
  const source = doc as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  // for-in over a plain object (prototype Object.prototype, nothing enumerable inherited) is
  // its own keys in order, and faster than Object.keys.
  for (const key in source) {
    if (key === '__proto__') setOwn(copy, key, copyDocument(source[key]));
    else copy[key] = copyDocument(source[key]);
  }
  return copy as T;
}

/**
 * The drafts of one projection for one batch over its committed documents, which it only reads.
 * `changed` holds the batch's result: every edited or put document, by key, in first-edit order.
 */
export class DocumentBatch<D> implements DocumentDrafts<D> {
  readonly changed = new Map<string, D>();

  constructor(private readonly committed: ReadonlyMap<string, D>) {}

  get(key: string): D | undefined {
    const draft = this.changed.get(key);
    return draft !== undefined ? draft : this.committed.get(key);
  }

  edit(key: string, create: () => D): D {
    let draft = this.changed.get(key);
    if (draft === undefined) {
      const current = this.committed.get(key);
      draft = current === undefined ? create() : copyDocument(current);
      this.changed.set(key, draft);
    }
    return draft;
  }

  put(key: string, doc: D): void {
    this.changed.set(key, doc);
  }
}

/** record[key] = value as an own property, even for a key such as "__proto__". */
export function setOwn<V>(record: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else record[key] = value;
}
