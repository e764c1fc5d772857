import { IncomingMessage } from 'node:http';

/** Largest JSON body: an enrollment batch of 1,000 is about 0.5 MB. Inflated size counts. */
export const JSON_BODY_LIMIT = '2mb';
/** Deepest nesting any request needs is about 6; 32 leaves room and keeps parsing shallow. */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of objects and arrays in JSON text (strings skipped). */
export function jsonDepth(bytes: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > deepest) deepest = depth;
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
  return deepest;
}

/**
 * body-parser's `verify` hook: refuses JSON nested deeper than MAX_JSON_DEPTH before it is
 * parsed, so validation never recurses thousands of levels (a stack overflow, once a 500).
 */
export function refuseDeepJson(_req: IncomingMessage, _res: unknown, buf: Buffer): void {
  if (jsonDepth(buf) > MAX_JSON_DEPTH) {
    throw Object.assign(new Error(`JSON is nested deeper than ${MAX_JSON_DEPTH} levels`), {
      type: 'request.depth',
      status: 400,
      expose: true,
    });
  }
}
