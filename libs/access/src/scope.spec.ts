import { checkScope, describeScope, isLedgerWide, parseScopeText, ScopeError } from './scope';

describe('scopes: what part of the ledger an identity works on', () => {
  it('a township official names townships or districts, with the plans or counties they belong to', () => {
    expect(
      checkScope('township_official', { plans: ['yuyao-2024'], townships: ['t01'] }, 'x'),
    ).toEqual({
      plans: ['yuyao-2024'],
      townships: ['t01'],
    });
    expect(() => checkScope('township_official', { plans: ['yuyao-2024'] }, 'x')).toThrow(
      /needs scope.townships or scope.districts/,
    );
    expect(() => checkScope('township_official', { townships: ['t01'] }, 'x')).toThrow(/per plan/);
  });

  it('places are for township officials only; the insurer id for insurers only', () => {
    expect(() => checkScope('operator', { plans: ['a'], townships: ['t01'] }, 'x')).toThrow(
      /township_official only/,
    );
    expect(() => checkScope('insurer', {}, 'x')).toThrow(/needs scope.insurer/);
    expect(() => checkScope('viewer', { insurer: 'picc-pc' }, 'x')).toThrow(/insurer role only/);
    expect(checkScope('insurer', { insurer: 'picc-pc' }, 'x')).toEqual({ insurer: 'picc-pc' });
  });

  it('refuses unknown fields, empty lists and odd ids, naming where', () => {
    expect(() => checkScope('viewer', { region: ['x'] }, 'file: identities[0]')).toThrow(
      /file: identities\[0\]: unknown scope field "region"/,
    );
    expect(() => checkScope('viewer', { plans: [] }, 'x')).toThrow(ScopeError);
    expect(() => checkScope('viewer', { plans: ['a b'] }, 'x')).toThrow(/invalid id/);
    expect(() => checkScope('viewer', [], 'x')).toThrow(/must be an object/);
  });

  it('no field at all is ledger-wide', () => {
    expect(isLedgerWide(checkScope('auditor', undefined, 'x'))).toBe(true);
    expect(isLedgerWide({ plans: ['a'] })).toBe(false);
    expect(describeScope({})).toBe('ledger-wide');
  });

  it('the environment form: field=id+id;field=id', () => {
    const scope = parseScopeText('township_official', 'plans=yuyao-2024;townships=t01+t02', 'x');
    expect(scope).toEqual({ plans: ['yuyao-2024'], townships: ['t01', 't02'] });
    expect(describeScope(scope)).toBe('plans=yuyao-2024;townships=t01+t02');
    expect(parseScopeText('insurer', 'insurer=picc-pc', 'x')).toEqual({ insurer: 'picc-pc' });
    expect(() => parseScopeText('viewer', 'plans', 'x')).toThrow(/field=value/);
  });
});
