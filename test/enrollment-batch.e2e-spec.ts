import request from 'supertest';
import { composeResidentId } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '@ledger/ledger';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

/** POST /plans/{planId}/enrollment-batches: many enrollments, one result each (批量参保). */
describe('Enrollment batches over HTTP', () => {
  let ledger: TestLedger;
  let http: ReturnType<typeof request>;
  let seq = 0;
  const ningdu = '360730';

  beforeAll(async () => {
    ledger = await startTestLedger('2024-03-01T10:00:00+08:00', [
      ['op-key', 'operator'],
      ['view-key', 'viewer'],
    ]);
    http = request(ledger.app.getHttpServer());
  });
  afterAll(() => ledger.close());

  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  // Sequence numbers have three digits: a new birth year every 900 people.
  const newId = () => {
    const n = seq++;
    return composeResidentId(ningdu, `${1950 + Math.floor(n / 900)}-03-04`, 100 + (n % 900));
  };
  const head = async () => (await ledger.app.get<EventStore>(EVENT_STORE).headPosition()).commit;
  const enrollment = (idNumber: string, extra: Record<string, unknown> = {}) => ({
    person: { idNumber, name: '批量测试', phone: '13900000000' },
    basicInsurance: { scheme: 'resident', insuredRegionCode: ningdu },
    townshipId: 't02',
    occurredAt: '2023-12-21T09:00:00+08:00',
    contributions: [{ source: 'individual', amountFen: 10000 }],
    ...extra,
  });
  const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

  it('decides each enrollment on its own: enrolled, duplicate in the same batch refused, bad ID refused', async () => {
    const [a, b, c] = [newId(), newId(), newId()];
    const before = await head();
    const batch = {
      enrollments: [
        enrollment(a),
        enrollment(b),
        enrollment(a),
        enrollment(wrongCheck(c)),
        enrollment(c, { contributions: [{ source: 'individual', amountFen: 9_999 }] }),
      ],
    };
    const res = await http
      .post('/plans/ganzhou-2024/enrollment-batches')
      .set(as('op-key'))
      .set('Idempotency-Key', 'batch-1')
      .send(batch)
      .expect(200);
    const results = res.body.results as {
      line: number;
      outcome: string;
      status: number;
      errors?: { field: string; rule: string }[];
    }[];
    expect(results.map((r) => [r.line, r.outcome, r.status])).toEqual([
      [0, 'enrolled', 201],
      [1, 'enrolled', 201],
      [2, 'refused', 409],
      [3, 'refused', 422],
      [4, 'refused', 422],
    ]);
    expect(results[2].errors).toEqual([
      expect.objectContaining({ rule: 'enrollment.oneActivePerPersonPerPlan' }),
    ]);
    expect(results[3].errors).toEqual([
      expect.objectContaining({
        field: 'person.idNumber',
        rule: 'idNumber.checkCharacter',
        // Chinese first (issue 15), English beside; never the "right" check character.
        message: '身份证号码有误：校验位不符，请对照身份证逐位核对号码',
        messages: {
          zh: '身份证号码有误：校验位不符，请对照身份证逐位核对号码',
          en: expect.stringContaining('check every digit'),
        },
      }),
    ]);
    expect(results[4].errors).toEqual([
      expect.objectContaining({ field: 'contributions', rule: 'contribution.sumEqualsPremium' }),
    ]);
    expect(res.body.summary).toEqual({
      lines: 5,
      enrolled: 2,
      replayed: 0,
      refused: 3,
      invalid: 0,
      failed: 0,
    });
    // Exactly the two enrollments were written, each as a single enrollment would be.
    expect((await head()) - before).toBe(2n);
    expect(JSON.stringify(res.body)).not.toContain(a);
    const policy = await http
      .get(`/plans/ganzhou-2024/policies/${res.body.results[0].personRef}`)
      .set(as('op-key'))
      .expect(200);
    expect(JSON.stringify(policy.body)).toContain(res.body.results[0].enrollmentId);

    // Re-sent with the same Idempotency-Key (a retry after a lost answer): the first answer
    // again, verbatim, and nothing new.
    const retry = await http
      .post('/plans/ganzhou-2024/enrollment-batches')
      .set(as('op-key'))
      .set('Idempotency-Key', 'batch-1')
      .send(batch)
      .expect(200);
    expect(retry.body).toEqual(res.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect((await head()) - before).toBe(2n);
    // The same key with another batch is refused, naming the key.
    const other = await http
      .post('/plans/ganzhou-2024/enrollment-batches')
      .set(as('op-key'))
      .set('Idempotency-Key', 'batch-1')
      .send({ enrollments: [enrollment(a), enrollment(b)] })
      .expect(422);
    expect(other.body.errors).toEqual([
      expect.objectContaining({ field: 'Idempotency-Key', rule: 'idempotency.keyReused' }),
    ]);
    expect((await head()) - before).toBe(2n);
  });

  it('refuses a malformed batch whole (400, naming the item and field) before writing anything', async () => {
    const before = await head();
    const broken = enrollment(newId()) as Record<string, unknown>;
    delete broken.contributions;
    delete broken.basicInsurance;
    const res = await http
      .post('/plans/ganzhou-2024/enrollment-batches')
      .set(as('op-key'))
      .send({ enrollments: [enrollment(newId()), broken] })
      .expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'enrollments[1].contributions' }),
        expect.objectContaining({
          field: 'enrollments[1].basicInsurance',
          rule: 'validation.isDefined',
        }),
      ]),
    );
    expect(await head()).toBe(before);
  });

  it('refuses an empty batch and one over 1,000 enrollments, naming the rule', async () => {
    const empty = await http
      .post('/plans/ganzhou-2024/enrollment-batches')
      .set(as('op-key'))
      .send({ enrollments: [] })
      .expect(400);
    expect(empty.body.errors).toEqual([
      expect.objectContaining({ field: 'enrollments', rule: 'validation.arrayMinSize' }),
    ]);
    const body = enrollment(newId());
    const tooMany = await http
      .post('/plans/ganzhou-2024/enrollment-batches')
      .set(as('op-key'))
      .send({ enrollments: Array.from({ length: 1_001 }, () => body) })
      .expect(400);
    expect(tooMany.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'enrollments', rule: 'validation.arrayMaxSize' }),
      ]),
    );
  });

  it('enrolls 1,000 people in one request (a body over Express’s 100 kB default)', async () => {
    const before = await head();
    const res = await http
      .post('/plans/ganzhou-2024/enrollment-batches')
      .set(as('op-key'))
      .send({ enrollments: Array.from({ length: 1_000 }, () => enrollment(newId())) })
      .expect(200);
    expect(res.body.summary).toMatchObject({ lines: 1_000, enrolled: 1_000 });
    expect((await head()) - before).toBe(1_000n);
  });

  it('is for operators only', async () => {
    await http
      .post('/plans/ganzhou-2024/enrollment-batches')
      .set(as('view-key'))
      .send({ enrollments: [enrollment(newId())] })
      .expect(403);
  });
});
