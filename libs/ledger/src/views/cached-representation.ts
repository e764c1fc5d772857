import { createHash } from 'node:crypto';
import { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

export type ContentCoding = 'identity' | 'gzip' | 'br';

/** One encoding of a cached answer: the bytes to write and their strong validator. */
export interface EncodedBody {
  readonly coding: ContentCoding;
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * An answer serialized once (per view commit) and served as bytes: a strong ETag computed once
 * from the content, gzip and brotli encodings compressed on first demand and kept. Each encoding
 * has its own ETag (the content's hash plus the coding), as RFC 9110 asks of strong validators.
 */
export class CachedRepresentation {
  private readonly encodings = new Map<ContentCoding, EncodedBody>();
  readonly etag: string;

  constructor(
    readonly json: Buffer,
    readonly contentType = 'application/json; charset=utf-8',
  ) {
    const hash = createHash('sha256').update(json).digest('base64url').slice(0, 32);
    this.etag = `"${hash}"`;
    this.encodings.set('identity', { coding: 'identity', body: json, etag: this.etag });
  }

  static ofJson(value: unknown): CachedRepresentation {
    return new CachedRepresentation(Buffer.from(JSON.stringify(value), 'utf8'));
  }

  encoded(coding: ContentCoding): EncodedBody {
    const known = this.encodings.get(coding);
    if (known) return known;
    // Moderate levels: ~1.5 ms once per view commit for the 65 KB progress report (≈ 7 KB out);
    // brotli's top quality would take ~170 ms of event loop for 20% fewer bytes.
    const body =
      coding === 'gzip'
        ? gzipSync(this.json, { level: 6 })
        : brotliCompressSync(this.json, {
            params: {
              [zlib.BROTLI_PARAM_QUALITY]: 5,
              [zlib.BROTLI_PARAM_SIZE_HINT]: this.json.length,
            },
          });
    const encoded = { coding, body, etag: `"${this.etag.slice(1, -1)}-${coding}"` };
    this.encodings.set(coding, encoded);
    return encoded;
  }
}

/**
 * The content coding to answer with, from Accept-Encoding (RFC 9110 §12.5.3): br, else gzip,
 * else identity. Codings with q=0 are refused; `*` stands for any coding not listed. Small
 * answers are not worth compressing.
 */
export function negotiateCoding(
  acceptEncoding: string | undefined,
  size: number,
  minSize = 1024,
): ContentCoding {
  if (!acceptEncoding || size < minSize) return 'identity';
  let br: number | undefined;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of acceptEncoding.split(',')) {
    const [rawName, ...params] = part.split(';');
    const name = rawName.trim().toLowerCase();
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=');
      if (k.trim().toLowerCase() === 'q') q = Number(v) || 0;
    }
    if (name === 'br') br = q;
    else if (name === 'gzip' || name === 'x-gzip') gzip = q;
    else if (name === '*') any = q;
  }
  br ??= any;
  gzip ??= any;
  if (br && br >= (gzip ?? 0)) return 'br';
  if (gzip) return 'gzip';
  return 'identity';
}

/**
 * If-None-Match against an entity tag (RFC 9110 §13.1.2: weak comparison, a list of tags or `*`).
 */
export function noneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const raw of ifNoneMatch.split(',')) {
    const tag = raw.trim();
    if ((tag.startsWith('W/') ? tag.slice(2) : tag) === opaque) return true;
  }
  return false;
}

/**
 * Writes a cached representation straight onto the Node response: 304 when the request's
 * If-None-Match names the selected encoding's ETag, else the prebuilt bytes. Nothing is
 * serialized, hashed or compressed per request (Express's res.send would hash the body again
 * for its own ETag). `no-cache`: clients and caches may keep the answer but revalidate it on
 * every use, so a new view commit is seen at once.
 */
export function writeCached(
  headers: IncomingHttpHeaders,
  res: ServerResponse,
  representation: CachedRepresentation,
): void {
  const coding = negotiateCoding(headers['accept-encoding'], representation.json.length);
  const selected = representation.encoded(coding);
  res.setHeader('ETag', selected.etag);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Vary', 'Accept-Encoding');
  if (noneMatchHits(headers['if-none-match'], selected.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', representation.contentType);
  if (coding !== 'identity') res.setHeader('Content-Encoding', coding);
  res.setHeader('Content-Length', selected.body.length);
  res.end(selected.body);
}
