import { gunzipSync } from 'node:zlib';
import { CachedRepresentation, negotiateCoding, noneMatchHits } from './cached-representation';

describe('cached representations (ETag, If-None-Match, Accept-Encoding)', () => {
  it('has a strong ETag per content, and one per encoding', () => {
    const a = CachedRepresentation.ofJson({ county: { active: 1 }, name: '宁都县' });
    const same = CachedRepresentation.ofJson({ county: { active: 1 }, name: '宁都县' });
    const other = CachedRepresentation.ofJson({ county: { active: 2 }, name: '宁都县' });
    expect(a.etag).toMatch(/^"[\w-]{32}"$/);
    expect(same.etag).toBe(a.etag);
    expect(other.etag).not.toBe(a.etag);
    const gzip = a.encoded('gzip');
    expect(gzip.etag).toBe(`${a.etag.slice(0, -1)}-gzip"`);
    expect(JSON.parse(gunzipSync(gzip.body).toString('utf8'))).toEqual({
      county: { active: 1 },
      name: '宁都县',
    });
    expect(a.encoded('gzip')).toBe(gzip);
    expect(a.encoded('identity').body).toBe(a.json);
  });

  it('If-None-Match: weak comparison, lists and *', () => {
    expect(noneMatchHits(undefined, '"a"')).toBe(false);
    expect(noneMatchHits('"a"', '"a"')).toBe(true);
    expect(noneMatchHits('W/"a"', '"a"')).toBe(true);
    expect(noneMatchHits('"b", "a"', '"a"')).toBe(true);
    expect(noneMatchHits('"b"', '"a"')).toBe(false);
    expect(noneMatchHits('"a-gzip"', '"a"')).toBe(false);
    expect(noneMatchHits('*', '"a"')).toBe(true);
  });

  it('Accept-Encoding: br, else gzip, else identity; q=0 refuses; small bodies stay plain', () => {
    expect(negotiateCoding(undefined, 65_000)).toBe('identity');
    expect(negotiateCoding('gzip, deflate, br', 65_000)).toBe('br');
    expect(negotiateCoding('gzip', 65_000)).toBe('gzip');
    expect(negotiateCoding('br;q=0, gzip', 65_000)).toBe('gzip');
    expect(negotiateCoding('br;q=0.5, gzip', 65_000)).toBe('gzip');
    expect(negotiateCoding('identity', 65_000)).toBe('identity');
    expect(negotiateCoding('*', 65_000)).toBe('br');
    expect(negotiateCoding('*;q=0', 65_000)).toBe('identity');
    expect(negotiateCoding('gzip, br', 500)).toBe('identity');
  });
});
