import request from 'supertest';
import { composeResidentId } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '@ledger/ledger';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

/** Issue 2 "Must show", over HTTP on the embedded store. */
describe('Enrollment API (issue 2)', () => {
  let ledger: TestLedger;
  let http: ReturnType<typeof request>;
  let seq = 100;
  const ningdu = '360730';
  const yuyao = '330281';

  beforeAll(async () => {
    ledger = await startTestLedger('2024-03-01T10:00:00+08:00', [
      ['op-key', 'operator'],
      ['po-key', 'privacy_officer'],
      ['view-key', 'viewer'],
      ['audit-key', 'auditor'],
    ]);
    http = request(ledger.app.getHttpServer());
  });
  afterAll(() => ledger.close());

  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  /** Reads of identities and health data state their purpose (issue 12). */
  const reading = (key: string) => ({ ...as(key), 'X-Access-Purpose': 'enrollment-e2e' });
  const newId = (birth = '1980-05-06', region = ningdu) => composeResidentId(region, birth, seq++);
  const head = async () => (await ledger.app.get<EventStore>(EVENT_STORE).headPosition()).commit;

  function ganzhouEnrollment(idNumber: string, extra: Record<string, unknown> = {}) {
    return {
      person: { idNumber, name: '测试人', phone: '13800000000' },
      basicInsurance: { scheme: 'resident', insuredRegionCode: ningdu },
      townshipId: 't01',
      occurredAt: '2023-12-20T10:00:00+08:00',
      contributions: [{ source: 'individual', amountFen: 10000 }],
      ...extra,
    };
  }

  /** Each refusal: a 4xx naming the field and the rule, and no event written. */
  async function expectRefusal(
    planId: string,
    body: object,
    status: number,
    field: string,
    rule: string,
  ) {
    const before = await head();
    const res = await http.post(`/plans/${planId}/enrollments`).set(as('op-key')).send(body);
    expect(res.status).toBe(status);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, rule })]),
    );
    // RFC 9457 problem document, Chinese first, English beside each item.
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^urn:/) });
    expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
    expect(await head()).toBe(before);
    return res;
  }

  it('enrolls a person and returns the premium and personRef (never the ID number)', async () => {
    const idNumber = newId();
    const res = await http
      .post('/plans/ganzhou-2024/enrollments')
      .set(as('op-key'))
      .send(ganzhouEnrollment(idNumber))
      .expect(201);
    expect(res.body).toMatchObject({
      planId: 'ganzhou-2024',
      status: 'active',
      premiumFen: 10000,
      replayed: false,
    });
    expect(JSON.stringify(res.body)).not.toContain(idNumber);
  });

  it('refuses a duplicate enrollment: 409 enrollment.oneActivePerPersonPerPlan, no event', async () => {
    const idNumber = newId();
    await http
      .post('/plans/ganzhou-2024/enrollments')
      .set(as('op-key'))
      .send(ganzhouEnrollment(idNumber))
      .expect(201);
    await expectRefusal(
      'ganzhou-2024',
      ganzhouEnrollment(idNumber),
      409,
      'person.idNumber',
      'enrollment.oneActivePerPersonPerPlan',
    );
  });

  it('refuses an ID number with a wrong check character: 422 idNumber.checkCharacter, no event', async () => {
    const good = newId();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    await expectRefusal(
      'ganzhou-2024',
      ganzhouEnrollment(bad),
      422,
      'person.idNumber',
      'idNumber.checkCharacter',
    );
  });

  it('refuses contributions that do not add up to the premium: 422 contribution.sumEqualsPremium, no event', async () => {
    await expectRefusal(
      'ganzhou-2024',
      ganzhouEnrollment(newId(), { contributions: [{ source: 'individual', amountFen: 9999 }] }),
      422,
      'contributions',
      'contribution.sumEqualsPremium',
    );
  });

  it('refuses a personal-account payment for someone who is not self, spouse, parent or child, no event', async () => {
    const payer = newId('1960-01-01');
    await expectRefusal(
      'ganzhou-2024',
      ganzhouEnrollment(newId(), {
        contributions: [
          {
            source: 'personal_account',
            amountFen: 10000,
            relation: 'cousin',
            payer: { idNumber: payer, scheme: 'employee' },
          },
        ],
      }),
      422,
      'contributions[0].relation',
      'contribution.personalAccountRelation',
    );
  });

  it('refuses an enrollment one second after the window closes (2024-01-31 24:00 Asia/Shanghai), no event', async () => {
    await http
      .post('/plans/ganzhou-2024/enrollments')
      .set(as('op-key'))
      .send(ganzhouEnrollment(newId(), { occurredAt: '2024-01-31T23:59:59+08:00' }))
      .expect(201);
    await expectRefusal(
      'ganzhou-2024',
      ganzhouEnrollment(newId(), { occurredAt: '2024-02-01T00:00:01+08:00' }),
      422,
      'occurredAt',
      'enrollment.window',
    );
  });

  it('refuses an enrollment in a draft plan (Qingliu 2025 has no window, coverage or premium), no event', async () => {
    const res = await expectRefusal(
      'qingliu-2025',
      {
        ...ganzhouEnrollment(newId('1980-01-01', '350423')),
        basicInsurance: { scheme: 'resident', insuredRegionCode: '350423' },
      },
      409,
      'planId',
      'plan.draftCannotEnroll',
    );
    expect(res.body.errors[0].messages.en).toContain('enrollmentWindow, coverage, premium');
  });

  it('validates the request shape with class-validator and names nested fields', async () => {
    const res = await http
      .post('/plans/ganzhou-2024/enrollments')
      .set(as('op-key'))
      .send({
        person: { idNumber: '123' },
        basicInsurance: { scheme: 'x', insuredRegionCode: '1' },
        contributions: [{ source: 'individual', amountFen: 1.5 }],
      });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'person.idNumber',
        'basicInsurance.scheme',
        'basicInsurance.insuredRegionCode',
        'contributions[0].amountFen',
      ]),
    );
  });

  it('Yuyao premiums: 50 yuan born 2006-01-01, 100 yuan born 2005-12-31, 50 yuan for an adult in the resident student tier', async () => {
    const yuyaoBody = (idNumber: string, tier?: string, amountFen = 5000) => ({
      person: { idNumber },
      basicInsurance: {
        scheme: 'resident',
        insuredRegionCode: yuyao,
        ...(tier ? { residentTier: tier } : {}),
      },
      occurredAt: '2023-11-15T09:00:00+08:00',
      contributions: [{ source: 'individual', amountFen }],
    });
    const minor = await http
      .post('/plans/yuyao-2024/enrollments')
      .set(as('op-key'))
      .send(yuyaoBody(newId('2006-01-01', yuyao)))
      .expect(201);
    expect(minor.body).toMatchObject({
      premiumFen: 5000,
      premiumRuleId: 'minor-born-2006-or-later',
    });
    await http
      .post('/plans/yuyao-2024/enrollments')
      .set(as('op-key'))
      .send(yuyaoBody(newId('2005-12-31', yuyao)))
      .expect(422);
    const adult = await http
      .post('/plans/yuyao-2024/enrollments')
      .set(as('op-key'))
      .send(yuyaoBody(newId('2005-12-31', yuyao), undefined, 10000))
      .expect(201);
    expect(adult.body.premiumFen).toBe(10000);
    const student = await http
      .post('/plans/yuyao-2024/enrollments')
      .set(as('op-key'))
      .send(yuyaoBody(newId('2001-03-03', yuyao), 'student'))
      .expect(201);
    expect(student.body).toMatchObject({
      premiumFen: 5000,
      premiumRuleId: 'resident-student-tier',
    });
  });

  it('twenty concurrent enrollments of the same person: exactly one succeeds, the others get a conflict', async () => {
    const body = ganzhouEnrollment(newId());
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        http.post('/plans/ganzhou-2024/enrollments').set(as('op-key')).send(body),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });

  it('a retried request with the same Idempotency-Key writes nothing twice', async () => {
    const body = ganzhouEnrollment(newId());
    const first = await http
      .post('/plans/ganzhou-2024/enrollments')
      .set(as('op-key'))
      .set('Idempotency-Key', 'retry-1')
      .send(body)
      .expect(201);
    const before = await head();
    const again = await http
      .post('/plans/ganzhou-2024/enrollments')
      .set(as('op-key'))
      .set('Idempotency-Key', 'retry-1')
      .send(body)
      .expect(201);
    // The first answer again, verbatim, marked as a replay; nothing written.
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await head()).toBe(before);
  });

  it('personal-account deduction: pending, then settled; cancellation before coverage refunds each payer', async () => {
    const insured = newId('2010-02-02');
    const payer = newId('1982-02-02');
    const res = await http
      .post('/plans/ganzhou-2024/enrollments')
      .set(as('op-key'))
      .send(
        ganzhouEnrollment(insured, {
          occurredAt: '2023-12-15T10:00:00+08:00',
          contributions: [
            {
              source: 'personal_account',
              amountFen: 10000,
              relation: 'child',
              payer: { idNumber: payer, scheme: 'employee' },
              deduction: 'pending',
            },
          ],
        }),
      )
      .expect(201);
    expect(res.body.status).toBe('pending_payment');
    const base = `/plans/ganzhou-2024/policies/${res.body.personRef}`;
    const settled = await http
      .post(`${base}/deductions/settled`)
      .set(as('op-key'))
      .send({
        contributionId: `${res.body.enrollmentId}/c1`,
        occurredAt: '2023-12-16T10:00:00+08:00',
      })
      .expect(201);
    expect(settled.body.status).toBe('active');
    const cancelled = await http
      .post(`${base}/cancellation`)
      .set(as('op-key'))
      .send({ reason: 'duplicate purchase', occurredAt: '2023-12-20T10:00:00+08:00' })
      .expect(201);
    expect(cancelled.body.events.map((e: { type: string }) => e.type)).toEqual([
      'EnrollmentCancelled',
      'ContributionRefunded',
    ]);
    expect(cancelled.body.events[1].data).toMatchObject({
      amountFen: 10000,
      source: 'personal_account',
    });
    // A person's history is for the roles that process it (issue 12): not for a viewer.
    await http.get(`${base}/history`).set(reading('view-key')).expect(403);
    const history = await http.get(`${base}/history`).set(reading('audit-key')).expect(200);
    expect(history.body.map((e: { type: string }) => e.type)).toEqual([
      'PolicyEnrolled',
      'PersonalAccountDeductionSettled',
      'EnrollmentCancelled',
      'ContributionRefunded',
    ]);
    expect(history.body[1].metadata.prevHash).toBe(history.body[0].metadata.hash);
  });

  it('identities are sealed for other roles, readable for the privacy officer, and erased for good after erasure', async () => {
    const idNumber = newId('1975-07-07');
    const res = await http
      .post('/plans/ganzhou-2024/enrollments')
      .set(as('op-key'))
      .send(
        ganzhouEnrollment(idNumber, { person: { idNumber, name: '李四', phone: '13900000000' } }),
      )
      .expect(201);
    const url = `/plans/ganzhou-2024/policies/${res.body.personRef}`;
    await http.get(url).set(as('view-key')).expect(403);
    const sealed = await http.get(url).set(as('op-key')).expect(200);
    expect(sealed.body.enrollments[0].insured.sealedIdentity).toEqual({ sealed: true });
    const open = await http.get(url).set(reading('po-key')).expect(200);
    expect(open.body.enrollments[0].insured.sealedIdentity).toMatchObject({
      name: '李四',
      idNumber,
    });
    await http
      .post('/persons/erasure')
      .set(as('po-key'))
      .send({ idNumber, reason: 'PIPL request' })
      .expect(201);
    const erased = await http.get(url).set(reading('po-key')).expect(200);
    expect(erased.body.enrollments[0].insured.sealedIdentity).toMatchObject({
      erased: true,
      name: '[erased]',
      idNumber: '[erased]',
    });
    expect(erased.body.enrollments[0].premiumFen).toBe(10000);
    expect(erased.body.enrollments[0].status).toBe('active');
  });

  it('an operator completes a draft plan by amendment, then it takes enrollments', async () => {
    const amended = await http
      .patch('/plans/jiujiang-huidebao-2024')
      .set(as('op-key'))
      .send({
        changes: {
          planYear: 2024,
          enrollmentWindow: { opensOn: '2024-03-01', closesOn: '2024-04-30' },
          coverage: { startsOn: '2024-05-01', endsOn: '2025-04-30', retroactiveToStart: false },
        },
        reason: 'operator completes the plan',
      })
      .expect(200);
    expect(amended.body).toMatchObject({ draft: false, missing: [] });
    await http
      .post('/plans/jiujiang-huidebao-2024/enrollments')
      .set(as('op-key'))
      .send({
        person: { idNumber: newId('1990-01-01', '360402') },
        basicInsurance: { scheme: 'employee', insuredRegionCode: '360402' },
        contributions: [{ source: 'individual', amountFen: 10000 }],
      })
      .expect(201);
    const plans = await http.get('/plans').set(as('view-key')).expect(200);
    expect(
      plans.body.find((p: { planId: string }) => p.planId === 'jiujiang-huidebao-2024').status,
    ).toBe('ready');
  });

  it('requires an API key when keys are configured, and a role for commands', async () => {
    await http.get('/plans').expect(401);
    const res = await http
      .post('/plans/ganzhou-2024/enrollments')
      .set(as('view-key'))
      .send(ganzhouEnrollment(newId()));
    expect(res.status).toBe(403);
  });

  it('serves OpenAPI at /docs to any valid identity, and to nobody else', async () => {
    await http.get('/docs-json').expect(401);
    await http.get('/docs-json').set(as('view-key')).expect(200);
  });
});
