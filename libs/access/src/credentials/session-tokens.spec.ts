import { randomBytes } from 'node:crypto';
import { SessionTokens } from './session-tokens';

describe('browser session tokens', () => {
  const key = new Uint8Array(randomBytes(32));
  let now = Date.parse('2026-01-10T08:00:00Z');
  const tokens = new SessionTokens(key, 3600, () => now);
  const identity = {
    id: 'clerk',
    role: 'operator' as const,
    scope: { plans: ['p'] },
    via: 'api-key' as const,
  };

  it('a key session carries the key digest, not the role; a token session carries role and scope', async () => {
    const { token } = await tokens.issue(identity, 'sha256:' + 'a'.repeat(64));
    expect(await tokens.open(token)).toMatchObject({
      identityId: 'clerk',
      keyHash: 'sha256:' + 'a'.repeat(64),
    });
    const jwt = await tokens.issue({ ...identity, via: 'jwt' }, undefined, now + 60_000);
    expect(await tokens.open(jwt.token)).toMatchObject({
      role: 'operator',
      scope: { plans: ['p'] },
    });
    expect(jwt.claims.expiresAt).toBe(now + 60_000); // never longer than the token it came from
  });

  it('expired, forged, signed with another key or logged out: undefined', async () => {
    const { token, claims } = await tokens.issue(identity, 'sha256:' + 'b'.repeat(64));
    expect(
      await new SessionTokens(new Uint8Array(randomBytes(32)), 3600, () => now).open(token),
    ).toBeUndefined();
    expect(await tokens.open(token.slice(0, -2) + 'xx')).toBeUndefined();
    tokens.revoke(claims);
    expect(await tokens.open(token)).toBeUndefined();
    const later = await tokens.issue(identity, 'sha256:' + 'c'.repeat(64));
    now += 3601_000;
    expect(await tokens.open(later.token)).toBeUndefined();
  });
});
