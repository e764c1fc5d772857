import { v5 as uuidv5 } from 'uuid';
import { NameBasedIds } from './name-based-id';

describe('NameBasedIds (RFC 4122 v5): ids already in ledgers must not change', () => {
  const namespace = '6f1d9a52-3c1e-4f7b-9a51-7d2f0c4b8e10';
  const ids = new NameBasedIds(namespace);

  it.each([
    'cmd-1|policy-ganzhou-2024-abc|0',
    'bench-0|enrollment',
    '',
    '惠民保|乡镇|t01',
    'x'.repeat(1_000),
  ])('equals uuid v5 for %j', (name) => {
    expect(ids.of(name)).toBe(uuidv5(name, namespace));
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => new NameBasedIds('not-a-uuid')).toThrow(/not a UUID/);
  });
});
