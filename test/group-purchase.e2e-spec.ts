import request from 'supertest';
import { composeResidentId } from '@ledger/domain';
import { LedgerViews } from '@ledger/ledger';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

const UNION = { employerId: '91330281MA2AAAAA1X', name: '余姚某制造有限公司工会', kind: 'union' };
const staff = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => ({
    idNumber: composeResidentId('330281', '1985-01-01', from + i),
    name: `职工${from + i}`,
    basicInsurance: { scheme: 'employee', insuredRegionCode: '330281' },
    township: i % 2 ? '兰江街道' : '低塘街道',
  }));

/** Issue 15 §3 over HTTP, on Yuyao 2024 (003: 集体购买, union funds). */
describe('Employer and union group purchase (团体参保; DOMAIN.md: Who pays — employer / union)', () => {
  let ledger: TestLedger;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    ledger = await startTestLedger('2023-11-01T10:00:00+08:00');
    http = request(ledger.app.getHttpServer());
  });
  afterAll(() => ledger.close());

  it('500 staff with a 60% union share and a remittance one person short: reported as 60 yuan and 1 person short', async () => {
    const res = await http
      .post('/plans/yuyao-2024/group-purchases')
      .send({
        employer: UNION,
        batchId: 'staff-2023-11',
        employerShare: { percent: 60 },
        restPaidBy: 'individual',
        staff: staff(500),
        remittance: { amountFen: 2_994_000, receivedOn: '2023-11-01', reference: 'BANK-001' },
      })
      .expect(201);
    expect(res.body.summary).toEqual({
      lines: 500,
      enrolled: 500,
      already_enrolled: 0,
      refused: 0,
      expectedRemittanceFen: 3_000_000,
    });
    expect(res.body.lines[0]).toMatchObject({ line: 1, outcome: 'enrolled', partFen: 6000 });
    expect(res.body.remittance.reconciliation).toEqual({
      expectedFen: 3_000_000,
      receivedFen: 2_994_000,
      differenceFen: -6000,
      status: 'short',
      enrolledPeople: 500,
      people: 1,
      partFen: 6000,
      remainderFen: 0,
      refundDueFen: 0,
      owedFen: 6000,
      alreadyEnrolled: { people: 0, nominalFen: 0 },
    });

    await ledger.app.get(LedgerViews).caughtUp();
    const subsidies = (await http.get('/plans/yuyao-2024/subsidies').expect(200)).body;
    expect(subsidies.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: 'employer',
          funderId: 'union:91330281MA2AAAAA1X',
          people: 500,
          amountFen: 3_000_000,
        }),
      ]),
    );
    const progress = (await http.get('/plans/yuyao-2024/progress').expect(200)).body;
    expect(progress.county).toMatchObject({
      active: 500,
      bySource: { employer: 500, individual: 500 },
      premiumCollectedFen: 5_000_000,
    });

    // The batch again (a retry): nothing enrolled twice, the same remittance, the same answer.
    const again = await http
      .post('/plans/yuyao-2024/group-purchases')
      .send({
        employer: UNION,
        batchId: 'staff-2023-11',
        employerShare: { percent: 60 },
        restPaidBy: 'individual',
        staff: staff(500),
        remittance: { amountFen: 2_994_000, receivedOn: '2023-11-01', reference: 'BANK-001' },
      })
      .expect(201);
    expect(again.body.summary).toEqual(res.body.summary);
    expect(again.body.remittance).toEqual(res.body.remittance);
    // One remittance per batch: the shortfall is owed, not topped up by a second remittance.
    const second = await http
      .post(`/plans/yuyao-2024/group-purchases/${UNION.employerId}/staff-2023-11/remittance`)
      .send({ amountFen: 6000 })
      .expect(409);
    expect(second.body.errors[0]).toMatchObject({
      rule: 'groupPurchase.oneRemittancePerBatch',
      messages: { zh: expect.stringContaining('29940.00 元，2023年11月1日收到') },
    });
    const batch = await http
      .get(`/plans/yuyao-2024/group-purchases/${UNION.employerId}/staff-2023-11`)
      .expect(200);
    expect(batch.body).toMatchObject({
      submitted: { employerShare: { percent: 60 }, restPaidBy: 'individual', lines: 500 },
      applied: { enrolled: 500, expectedRemittanceFen: 3_000_000 },
      remittance: { amountFen: 2_994_000, reconciliation: { status: 'short', people: 1 } },
    });
  });

  it('staff already enrolled stay as they are and the employer owes nothing for them: a remittance for the whole list is over by their part, due back', async () => {
    const [already, ...others] = staff(3, 601);
    await http
      .post('/plans/yuyao-2024/enrollments')
      .send({
        person: { idNumber: already.idNumber },
        basicInsurance: already.basicInsurance,
        contributions: [{ source: 'individual', amountFen: 10000 }],
      })
      .expect(201);
    const res = await http
      .post('/plans/yuyao-2024/group-purchases')
      .send({
        employer: { employerId: '91330281MA2BBBBB2Y', name: '余姚某医院', kind: 'employer' },
        batchId: 'b1',
        employerShare: { percent: 60 },
        restPaidBy: 'personal_account',
        staff: [already, ...others, { ...others[0], idNumber: '330281198501016010' }],
      })
      .expect(201);
    expect(res.body.lines.map((l: { outcome: string }) => l.outcome)).toEqual([
      'already_enrolled',
      'enrolled',
      'enrolled',
      'refused',
    ]);
    expect(res.body.lines[0]).toMatchObject({ partFen: 6000, byThisPurchaser: false });
    expect(res.body.lines[3]).toMatchObject({
      field: 'staff[3].idNumber',
      messages: { zh: expect.any(String) },
    });
    const remit = await http
      .post('/plans/yuyao-2024/group-purchases/91330281MA2BBBBB2Y/b1/remittance')
      .send({ amountFen: 18_000 })
      .expect(201);
    expect(remit.body.reconciliation).toMatchObject({
      expectedFen: 12_000,
      status: 'over',
      refundDueFen: 6000,
      people: 1,
      alreadyEnrolled: { people: 1, nominalFen: 6000 },
    });
  });

  it('a plan that takes no employer purchase, an unknown batch, a bad share: refused with the rule, nothing written', async () => {
    const refused = await http
      .post('/plans/ganzhou-2024/group-purchases')
      .send({ employer: UNION, batchId: 'x', employerShare: { percent: 60 }, staff: staff(1, 900) })
      .expect(422);
    expect(refused.body.errors[0]).toMatchObject({ rule: 'groupPurchase.planAcceptsEmployer' });
    await http
      .post(`/plans/yuyao-2024/group-purchases/${UNION.employerId}/nope/remittance`)
      .send({ amountFen: 1 })
      .expect(404);
    const share = await http
      .post('/plans/yuyao-2024/group-purchases')
      .send({
        employer: UNION,
        batchId: 'y',
        employerShare: { percent: 60, amountFen: 100 },
        staff: staff(1, 901),
      })
      .expect(422);
    expect(share.body.errors[0]).toMatchObject({
      field: 'employerShare',
      rule: 'groupPurchase.employerShare',
    });
  });
});
