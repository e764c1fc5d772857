import { jsonDepth } from './json-body';

const depth = (text: string) => jsonDepth(Buffer.from(text, 'utf8'));

describe('JSON nesting depth (request.depth)', () => {
  it('counts objects and arrays', () => {
    expect(depth('{}')).toBe(1);
    expect(depth('{"a":[{"b":1}]}')).toBe(3);
    expect(depth('['.repeat(5_000) + ']'.repeat(5_000))).toBe(5_000);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(depth('{"a":"[[[{{{"}')).toBe(1);
    expect(depth('{"a":"\\"[[[","b":[1]}')).toBe(2);
  });

  it('scalars have no depth', () => {
    expect(depth('"x"')).toBe(0);
    expect(depth('12')).toBe(0);
  });
});
