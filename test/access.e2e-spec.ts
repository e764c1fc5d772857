import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ConfigError, LedgerViews } from '@ledger/ledger';
import { ACCESS_RULE, AccessRule } from '@ledger/access';
import { createLedgerApp } from '../apps/ledger-api/src/create-ledger-app';
import {
  ADMIN,
  AccessFixture,
  IN_PLAN,
  IN_TOWNSHIP,
  OTHER_TOWNSHIP,
  OUT_PLAN,
  OWN_INSURER,
  scopedKey,
  startAccessFixture,
  wideKey,
} from './support/access-fixture';
import { startTestLedger, testAccess, testConfig } from './support/ledger-test-app';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Issue 12, "Must show" (the route × role matrix is in access-matrix.e2e-spec.ts). */
describe('Access by role and by place (issue 12)', () => {
  let f: AccessFixture;
  beforeAll(async () => {
    f = await startAccessFixture();
  });
  afterAll(() => f.ledger.close());

  const personUrl = (planId: string, personRef: string) => `/plans/${planId}/policies/${personRef}`;

  it('viewer and township official get 403 on the history, claims and policy of any person, in or out of their scope', async () => {
    for (const role of ['viewer', 'township_official'] as const) {
      for (const [planId, person, claim] of [
        [IN_PLAN, f.inPerson, f.inClaim],
        [OUT_PLAN, f.outPerson, f.outClaim],
      ] as const) {
        const base = personUrl(planId, person.personRef);
        for (const path of ['/history', '/claims', `/claims/${claim}`, '/accumulators', '']) {
          const res = await f.http.get(base + path).set(f.as(scopedKey(role)));
          expect({ role, path, status: res.status }).toEqual({ role, path, status: 403 });
        }
        const lookup = await f.http
          .post(`/plans/${planId}/policies/lookup`)
          .set(f.as(scopedKey(role)))
          .send({ idNumber: person.idNumber });
        expect(lookup.status).toBe(403);
      }
    }
  });

  it('the privacy officer reads identities; the read is in the access log (who, when, which person, why), which auditors read', async () => {
    const purpose = '个人查询申请 2024-017 (PIPL Art. 45 request)';
    const url = personUrl(IN_PLAN, f.inPerson.personRef);
    const before = (
      await f.http
        .get(`/access-log?personRef=${f.inPerson.personRef}`)
        .set(f.as(wideKey('auditor')))
        .expect(200)
    ).body.entries.length;
    const open = await f.http
      .get(url)
      .set({
        ...f.as(scopedKey('privacy_officer')),
        'X-Access-Purpose': encodeURIComponent(purpose),
      })
      .expect(200);
    expect(open.body.enrollments[0].insured.sealedIdentity).toMatchObject({
      idNumber: f.inPerson.idNumber,
      name: '测试人',
    });
    expect(open.headers['cache-control']).toBe('no-store');
    const log = await f.http
      .get(`/access-log?personRef=${f.inPerson.personRef}`)
      .set(f.as(wideKey('auditor')))
      .expect(200);
    expect(log.body.entries).toHaveLength(before + 1);
    const entry = log.body.entries[log.body.entries.length - 1];
    expect(entry).toMatchObject({
      personRef: f.inPerson.personRef,
      planId: IN_PLAN,
      reads: ['identity'],
      purpose,
      route: 'GET /plans/:planId/policies/:personRef',
      identityId: `privacy_officer-${scopedKey('privacy_officer')}`,
      role: 'privacy_officer',
      actor: `privacy_officer:privacy_officer-${scopedKey('privacy_officer')}`,
      occurredAt: '2024-06-01T02:00:00.000Z',
      occurredAtShanghai: '2024-06-01T10:00:00.000+08:00',
    });
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    // The whole log, paged, shows it too; operators and viewers may not read the log.
    const all = await f.http.get('/access-log?limit=1000').set(f.as(wideKey('privacy_officer')));
    expect(all.status).toBe(200);
    expect(all.body.entries.some((e: { purpose: string }) => e.purpose === purpose)).toBe(true);
    await f.http
      .get('/access-log')
      .set(f.as(wideKey('operator')))
      .expect(403);
    await f.http
      .get('/access-log')
      .set(f.as(scopedKey('auditor')))
      .expect(403);
  });

  it('a read of identities or claim details without a purpose is refused (400 naming the header) and records nothing', async () => {
    const head = await f.head();
    const res = await f.http
      .get(personUrl(IN_PLAN, f.inPerson.personRef) + '/claims')
      .set({ Authorization: `Bearer ${scopedKey('auditor')}` })
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({
      field: 'X-Access-Purpose',
      rule: 'access.purposeRequired',
    });
    expect(await f.head()).toBe(head);
    // An operator reading a policy sees no identity and no health data: no purpose needed.
    await f.http
      .get(personUrl(IN_PLAN, f.inPerson.personRef))
      .set({ Authorization: `Bearer ${scopedKey('operator')}` })
      .expect(200);
  });

  it('the history route filters event data by role: claim facts for those who process claims, the de-identified form for insurers, identities for the privacy officer', async () => {
    const url = personUrl(IN_PLAN, f.inPerson.personRef) + '/history';
    const adjudicated = (body: { type: string; data: Record<string, unknown> }[]) =>
      body.find((e) => e.type === 'ClaimAdjudicated')!;
    const enrolled = (body: { type: string; data: Record<string, unknown> }[]) =>
      body.find((e) => e.type === 'PolicyEnrolled')!;

    const operator = (
      await f.http
        .get(url)
        .set(f.as(scopedKey('operator')))
        .expect(200)
    ).body;
    expect(JSON.stringify(adjudicated(operator).data)).toContain('市人民医院');
    expect(JSON.stringify(enrolled(operator).data)).toContain('"sealed":true');
    expect(JSON.stringify(operator)).not.toContain(f.inPerson.idNumber);

    const insurer = (
      await f.http
        .get(url)
        .set(f.as(scopedKey('insurer')))
        .expect(200)
    ).body;
    const claim = adjudicated(insurer);
    expect(claim.data).toEqual({
      planId: IN_PLAN,
      personRef: f.inPerson.personRef,
      claimId: f.inClaim,
      enrollmentId: expect.any(String),
      planYear: 2024,
      payoutFen: expect.any(Number),
      occurredAt: expect.any(String),
    });
    expect(JSON.stringify(insurer)).not.toContain('市人民医院');
    expect(JSON.stringify(insurer)).not.toContain('sealed');
    const approved = insurer.find((e: { type: string }) => e.type === 'PayoutApproved');
    expect(approved.data.parts.map((p: { insurerId: string }) => p.insurerId)).toEqual([
      OWN_INSURER,
    ]);
    // The hash chain is still there to follow.
    expect(insurer[1].metadata.prevHash).toBe(insurer[0].metadata.hash);

    const officer = (
      await f.http
        .get(url)
        .set(f.as(scopedKey('privacy_officer')))
        .expect(200)
    ).body;
    expect(JSON.stringify(officer)).toContain(f.inPerson.idNumber);
    expect(JSON.stringify(adjudicated(officer).data)).toContain('市人民医院');
  });

  it('a township official gets its townships and the roll-ups it may see; another township is 403', async () => {
    const key = f.as(scopedKey('township_official'));
    const progress = (await f.http.get(`/plans/${IN_PLAN}/progress`).set(key).expect(200)).body;
    expect(progress.townships.map((t: { id: string }) => t.id)).toEqual([IN_TOWNSHIP]);
    expect(progress.county.level).toBe('county');
    expect(progress.county.active).toBeGreaterThanOrEqual(2); // the county roll-up counts t02 too
    expect(progress.districts.map((d: { id: string }) => d.id)).toEqual(['d1']);
    expect(progress.unassigned).toBeUndefined();
    const csv = await f.http.get(`/plans/${IN_PLAN}/progress?format=csv`).set(key).expect(200);
    expect(csv.text.split('\n').filter((l) => l.startsWith('township,'))).toHaveLength(1);
    const own = await f.http
      .get(`/plans/${IN_PLAN}/townships/${IN_TOWNSHIP}/progress`)
      .set(key)
      .expect(200);
    expect(own.body).toMatchObject({
      township: { id: IN_TOWNSHIP },
      district: { id: 'd1' },
      county: { level: 'county' },
    });
    const other = await f.http
      .get(`/plans/${IN_PLAN}/townships/${OTHER_TOWNSHIP}/progress`)
      .set(key)
      .expect(403);
    expect(other.body.errors[0]).toMatchObject({ field: 'scope', rule: 'access.scope' });
    await f.http.get(`/plans/${OUT_PLAN}/progress`).set(key).expect(403);
    // The county official of the same county sees every township.
    const county = (
      await f.http
        .get(`/plans/${IN_PLAN}/progress`)
        .set(f.as(scopedKey('county_official')))
        .expect(200)
    ).body;
    expect(county.townships.length).toBeGreaterThan(10);
  });

  it('the live progress stream sends a township official its townships only', async () => {
    await f.ledger.app.listen(0, '127.0.0.1');
    const url = (await f.ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
    const abort = new AbortController();
    const res = await fetch(`${url}/plans/${IN_PLAN}/progress/stream`, {
      headers: f.as(scopedKey('township_official')),
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const received: string[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        received.push(decoder.decode(value));
        if (received.join('').includes(`"townshipId":"${IN_TOWNSHIP}"`)) return;
      }
    })();
    // First another township changes, then its own: only its own may arrive.
    await f.enroll(IN_PLAN, { townshipId: OTHER_TOWNSHIP });
    await f.ledger.app.get(LedgerViews).caughtUp();
    await f.enroll(IN_PLAN, { townshipId: IN_TOWNSHIP });
    await f.ledger.app.get(LedgerViews).caughtUp();
    await reading;
    abort.abort();
    const text = received.join('');
    expect(text).toContain(`"townshipId":"${IN_TOWNSHIP}"`);
    expect(text).not.toContain(`"townshipId":"${OTHER_TOWNSHIP}"`);
  });

  it('an insurer sees its own coinsurance share and payouts and the coalition totals, never another member’s figures', async () => {
    const key = f.as(scopedKey('insurer'));
    const all = (await f.http.get(`/plans/${IN_PLAN}/coinsurance`).set(f.as(wideKey('viewer'))))
      .body;
    const mine = (await f.http.get(`/plans/${IN_PLAN}/coinsurance`).set(key).expect(200)).body;
    expect(all.insurers.length).toBe(3);
    expect(mine.insurers.map((r: { insurerId: string }) => r.insurerId)).toEqual([OWN_INSURER]);
    expect(mine.insurers[0]).toEqual(
      all.insurers.find((r: { insurerId: string }) => r.insurerId === OWN_INSURER),
    );
    expect(mine.totalPremiumFen).toBe(all.totalPremiumFen);
    expect(mine.promotion.map((p: { districtId: string }) => p.districtId)).toEqual(['d1']);
    const payouts = (await f.http.get(`/plans/${IN_PLAN}/payouts`).set(key).expect(200)).body;
    expect(payouts.byInsurer.map((r: { insurerId: string }) => r.insurerId)).toEqual([OWN_INSURER]);
    expect(payouts.totals.approvedFen).toBeGreaterThan(payouts.byInsurer[0].approvedFen);
    // Ganzhou's coalition does not include it: its figures there are none of its business.
    await f.http.get(`/plans/${OUT_PLAN}/coinsurance`).set(key).expect(403);
    // Nor does it read progress, subsidies or a person's claims.
    await f.http.get(`/plans/${IN_PLAN}/progress`).set(key).expect(403);
    await f.http.get(`/plans/${IN_PLAN}/subsidies`).set(key).expect(403);
    await f.http
      .get(personUrl(IN_PLAN, f.inPerson.personRef) + '/claims')
      .set(key)
      .expect(403);
  });

  it('a form-urlencoded or text/plain body to any write route is 415 and writes nothing, signed in or not', async () => {
    const app = f.ledger.app;
    const discovery = app.get(DiscoveryService);
    const scanner = app.get(MetadataScanner);
    const reflector = app.get(Reflector);
    const writes: { method: string; path: string; uploads: readonly string[] }[] = [];
    for (const { instance, metatype } of discovery.getControllers()) {
      if (!instance || !metatype) continue;
      const prefix = String(reflector.get(PATH_METADATA, metatype) ?? '');
      const proto = Object.getPrototypeOf(instance) as Record<string, () => unknown>;
      for (const name of scanner.getAllMethodNames(proto)) {
        const method = reflector.get<RequestMethod | undefined>(METHOD_METADATA, proto[name]);
        const path = reflector.get<string | undefined>(PATH_METADATA, proto[name]);
        if (method === undefined || path === undefined) continue;
        const verb = RequestMethod[method];
        if (verb === 'GET') continue;
        const full =
          '/' +
          [prefix, path]
            .flatMap((p) => p.split('/'))
            .filter(Boolean)
            .join('/');
        const rule = reflector.get<AccessRule | undefined>(ACCESS_RULE, proto[name]);
        writes.push({
          method: verb,
          // Upload routes take files (multipart, text/csv…) besides JSON: those types are theirs.
          uploads: rule?.uploads ?? [],
          path: full
            .replace(':planId', IN_PLAN)
            .replace(':personRef', f.inPerson.personRef)
            .replace(':claimId', f.inClaim),
        });
      }
    }
    expect(writes.length).toBeGreaterThan(15);
    const head = await f.head();
    for (const w of writes) {
      for (const [type, body] of [
        ['application/x-www-form-urlencoded', 'idNumber=110101199003077777&reason=x'],
        ['text/plain', '{"reason":"x"}'],
        [
          'multipart/form-data; boundary=x',
          '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--',
        ],
      ]) {
        if (w.uploads.includes(type.split(';')[0])) continue;
        for (const auth of [f.as(ADMIN), {}]) {
          const res = await f.http[w.method.toLowerCase() as 'post'](w.path)
            .set(auth)
            .set('content-type', type)
            .send(body);
          expect({ route: `${w.method} ${w.path}`, type, status: res.status }).toEqual({
            route: `${w.method} ${w.path}`,
            type,
            status: 415,
          });
          expect(res.body.errors[0]).toMatchObject({
            field: 'Content-Type',
            rule: 'request.mediaType',
          });
        }
      }
    }
    expect(await f.head()).toBe(head);
  });

  it('probes answer without a key while keys are set, and say nothing but up or down', async () => {
    const live = await f.http.get('/health/live').expect(200);
    expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    const ready = await f.http.get('/health/ready').expect(200);
    expect(ready.body).toEqual({
      status: 'ok',
      info: { eventStore: { status: 'up' }, integrity: { status: 'up' } },
      error: {},
      details: { eventStore: { status: 'up' }, integrity: { status: 'up' } },
    });
    await f.http.get('/plans').expect(401);
    await f.http.get('/docs-json').expect(401);
    await f.http.get('/docs/').expect(401);
    const docs = await f.http
      .get('/docs-json')
      .set(f.as(scopedKey('viewer')))
      .expect(200);
    expect(
      docs.body.paths['/plans/{planId}/policies/{personRef}/history'].get['x-ledger-access'],
    ).toMatchObject({
      roles: ['operator', 'auditor', 'privacy_officer', 'insurer'],
      resource: 'person',
    });
  });

  it('CORS is closed: a preflight gets no Access-Control-Allow-Origin', async () => {
    const res = await f.http
      .options(`/plans/${IN_PLAN}/enrollments`)
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const get = await f.http.get('/plans').set(f.as(ADMIN)).set('Origin', 'https://evil.example');
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a browser session: a key is exchanged for an HttpOnly SameSite=Strict cookie the guard accepts; writes need the ledger’s own Origin; logout ends it', async () => {
    const agent = request.agent(f.ledger.app.getHttpServer());
    const login = await agent
      .post('/session')
      .send({ key: scopedKey('operator') })
      .expect(200);
    expect(login.body.identity).toMatchObject({ role: 'operator', scope: { plans: [IN_PLAN] } });
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/^ledger_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toContain(scopedKey('operator'));
    expect((await agent.get('/session').expect(200)).body.identity).toMatchObject({
      role: 'operator',
      via: 'session',
    });
    await agent.get(`/plans/${IN_PLAN}/progress`).expect(200);
    await agent.get(`/plans/${OUT_PLAN}/progress`).expect(403);
    const body = {
      changes: { enrollmentWindow: { opensOn: '2023-10-10', closesOn: '2023-12-10' } },
      reason: 'session test',
    };
    const head = await f.head();
    await agent.patch(`/plans/${IN_PLAN}`).send(body).expect(403); // no Origin
    await agent
      .patch(`/plans/${IN_PLAN}`)
      .set('Origin', 'https://evil.example')
      .send(body)
      .expect(403);
    await agent
      .patch(`/plans/${IN_PLAN}`)
      .set('Origin', 'http://127.0.0.1')
      .set('Host', '127.0.0.1')
      .set('Sec-Fetch-Site', 'cross-site')
      .send(body)
      .expect(403);
    expect(await f.head()).toBe(head);
    await agent
      .patch(`/plans/${IN_PLAN}`)
      .set('Host', 'ledger.example')
      .set('Origin', 'http://ledger.example')
      .set('Sec-Fetch-Site', 'same-origin')
      .send(body)
      .expect(200);
    await agent
      .delete('/session')
      .set('Origin', 'http://ledger.example')
      .set('Host', 'ledger.example')
      .expect(204);
    await agent.get('/session').expect(401);
    // The same cookie, replayed after logout, is refused.
    await f.http.get('/session').set('Cookie', cookie.split(';')[0]).expect(401);
    await f.http.post('/session').send({ key: 'not-a-key' }).expect(401);
  });

  it('a form POST to erasure in open mode is refused (415), a cross-site or rebinding request too (403)', async () => {
    const open = await startTestLedger('2024-06-01T10:00:00+08:00');
    try {
      const http = request(open.app.getHttpServer());
      await http
        .post('/persons/erasure')
        .set('content-type', 'application/x-www-form-urlencoded')
        .send('idNumber=110101199003077777&reason=x')
        .expect(415);
      await http.get('/plans').expect(200);
      await http.get('/plans').set('Host', 'attacker.example').expect(403);
      await http
        .patch('/plans/yuyao-2024')
        .set('Origin', 'https://attacker.example')
        .send({ changes: {}, reason: 'x' })
        .expect(403);
      // Open mode is a ledger-wide operator with sealed identities: no erasure, no identities.
      await http
        .post('/persons/erasure')
        .send({ idNumber: '110101199003077777', reason: 'x' })
        .expect(403);
      await http.get('/docs-json').expect(200);
    } finally {
      await open.close();
    }
  });

  it('open mode refuses to start on an address other machines can reach', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-open-'));
    await expect(
      createLedgerApp({
        config: { ...testConfig(dir), host: '0.0.0.0' },
        access: testAccess(),
        logger: false,
      }),
    ).rejects.toThrow(ConfigError);
  });
});

describe('JWTs from a configured identity provider (issue 12)', () => {
  const secret = randomBytes(32);

  it('a signed token with a role and scope is accepted; expired, foreign-audience or forged ones are not', async () => {
    const ledger = await startTestLedger('2024-06-01T10:00:00+08:00', [], {
      jwt: {
        key: new Uint8Array(secret),
        algorithms: ['HS256'],
        audience: 'huiminbao-ledger',
        issuer: 'https://idp.example',
        maxLifetimeSeconds: 3600,
      },
    });
    const http = request(ledger.app.getHttpServer());
    const token = (
      claims: Record<string, unknown>,
      key: Uint8Array = secret,
      aud = 'huiminbao-ledger',
      exp = '10m',
    ) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('yuyao-t01-clerk')
        .setIssuer('https://idp.example')
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(key);
    const official = await token({
      role: 'township_official',
      scope: { plans: [IN_PLAN], townships: [IN_TOWNSHIP] },
    });
    const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
    try {
      const progress = await http.get(`/plans/${IN_PLAN}/progress`).set(auth(official)).expect(200);
      expect(progress.body.townships.map((t: { id: string }) => t.id)).toEqual([IN_TOWNSHIP]);
      await http
        .get(`/plans/${IN_PLAN}/townships/${OTHER_TOWNSHIP}/progress`)
        .set(auth(official))
        .expect(403);
      const who = await http.get('/session').set(auth(official)).expect(200);
      expect(who.body.identity).toMatchObject({ id: 'yuyao-t01-clerk', via: 'jwt' });
      await http
        .get('/plans')
        .set(auth(await token({ role: 'viewer' }, randomBytes(32))))
        .expect(401);
      await http
        .get('/plans')
        .set(auth(await token({ role: 'viewer' }, secret, 'another-service')))
        .expect(401);
      await http
        .get('/plans')
        .set(auth(await token({ role: 'mayor' })))
        .expect(401);
      await http
        .get('/plans')
        .set(auth(await token({ role: 'viewer' }, secret, 'huiminbao-ledger', '2h')))
        .expect(401); // longer-lived than LEDGER_JWT_MAX_LIFETIME
      const expired = await new SignJWT({ role: 'viewer' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setIssuer('https://idp.example')
        .setAudience('huiminbao-ledger')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(secret);
      const res = await http.get('/plans').set(auth(expired)).expect(401);
      expect(res.body.errors[0]).toMatchObject({
        field: 'Authorization',
        rule: 'access.credentialRefused',
      });
      // A session from a token lasts no longer than the token.
      const login = await http.post('/session').send({ token: official }).expect(200);
      expect(Date.parse(login.body.expiresAt)).toBeLessThanOrEqual(Date.now() + 10 * 60_000);
    } finally {
      await ledger.close();
    }
  });
});
