import request from 'supertest';
import { composeResidentId, yuan } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import { EVENT_STORE, LedgerViews } from '@ledger/ledger';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

const COALITION = {
  leadInsurerId: 'picc-pc',
  members: [
    { insurerId: 'picc-pc', name: { zh: '人保财险', en: 'PICC P&C' }, shareBp: 4000 },
    { insurerId: 'cpic-pc', name: { zh: '太保财险', en: 'CPIC P&C' }, shareBp: 3500 },
    { insurerId: 'pingan-pc', name: { zh: '平安产险', en: 'Ping An P&C' }, shareBp: 2500 },
  ],
};
const NEW_SHARES = {
  ...COALITION,
  members: COALITION.members.map((m, i) => ({ ...m, shareBp: [5000, 3000, 2000][i] })),
};

/** Issue 16 "Must show" over HTTP: next year's plan, coalition terms, cumulative views. */
describe('Products across years (issue 16)', () => {
  let ledger: TestLedger;
  let http: ReturnType<typeof request>;
  let seq = 500;
  const ningdu = '360730';

  beforeAll(async () => {
    ledger = await startTestLedger('2026-03-01T10:00:00+08:00', [
      ['op-key', 'operator'],
      ['view-key', 'viewer'],
      ['po-key', 'privacy_officer'],
    ]);
    http = request(ledger.app.getHttpServer());
  });
  afterAll(() => ledger.close());

  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const op = as('op-key');
  const caughtUp = () => ledger.app.get(LedgerViews).caughtUp();
  const head = async () => (await ledger.app.get<EventStore>(EVENT_STORE).headPosition()).commit;

  async function enroll(planId: string, idNumber: string, occurredAt: string) {
    const res = await http
      .post(`/plans/${planId}/enrollments`)
      .set(op)
      .send({
        person: { idNumber },
        basicInsurance: { scheme: 'resident', insuredRegionCode: ningdu },
        occurredAt,
        contributions: [{ source: 'individual', amountFen: 10000 }],
      })
      .expect(201);
    return res.body.personRef as string;
  }

  const people = Array.from({ length: 9 }, () => composeResidentId(ningdu, '1975-03-04', seq++));

  it('derives 2025 from 2024 with the OpenAPI example (a higher deductible) and a reason: recorded, validated, ready', async () => {
    const res = await http
      .post('/products/ganzhou-huiminbao/plans')
      .set(op)
      .send({
        fromPlanId: 'ganzhou-2024',
        changes: { responsibilities: [{ code: 'in_catalogue', deductibleFen: 2_000_000 }] },
        reason: '2024年度赔付率偏高，起付线提高至2万元',
        occurredAt: '2024-10-01T10:00:00+08:00',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      planId: 'ganzhou-2025',
      planYear: 2025,
      fromPlanId: 'ganzhou-2024',
      status: 'ready',
      missing: [],
      shifted: expect.arrayContaining(['enrollmentWindow', 'coverage', 'targets.deadline']),
    });
    const plan = (await http.get('/plans/ganzhou-2025').set(as('view-key')).expect(200)).body;
    expect(plan.definition.enrollmentWindow).toEqual({
      opensOn: '2024-12-12',
      closesOn: '2025-01-31',
    });
    expect(plan.definition.benefits.responsibilities[0]).toMatchObject({
      deductibleFen: 2_000_000,
      segments: [
        { fromFen: 2_000_000, ratioBp: 5500 },
        { fromFen: 20_000_000, ratioBp: 8000 },
      ],
    });
    expect(plan.definition.townships).toHaveLength(25);
    expect(plan.derivation).toMatchObject({
      fromPlanId: 'ganzhou-2024',
      reason: expect.stringContaining('起付线'),
    });
    const list = (await http.get('/plans').set(as('view-key')).expect(200)).body.map(
      (p: { planId: string }) => p.planId,
    );
    expect(list).toContain('ganzhou-2025');
    // Deriving 2025 again is refused (one plan per year), naming the rule; nothing written.
    const before = await head();
    const again = await http
      .post('/products/ganzhou-huiminbao/plans')
      .set(op)
      .send({ fromPlanId: 'ganzhou-2024', changes: {}, reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'derivation.fromLatestYear' })]),
    );
    expect(await head()).toBe(before);
  });

  it('a viewer cannot derive a plan; bad input is a 4xx naming the field and the rule', async () => {
    await http
      .post('/products/ganzhou-huiminbao/plans')
      .set(as('view-key'))
      .send({ fromPlanId: 'ganzhou-2025', changes: {}, reason: 'x' })
      .expect(403);
    const bad = await http
      .post('/products/ganzhou-huiminbao/plans')
      .set(op)
      .send({
        fromPlanId: 'ganzhou-2025',
        changes: { premium: { rules: [], defaultFen: -5 } },
        reason: 'x',
        occurredAt: '2025-10-01T10:00:00+08:00',
      });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'changes', rule: 'plan.definition' }),
      ]),
    );
    await http
      .post('/products/nope/plans')
      .set(op)
      .send({ fromPlanId: 'x', changes: {}, reason: 'x' })
      .expect(404);
  });

  it('a coalition share change effective on a date splits a payout for a service date before it by the old shares and after it by the new ones', async () => {
    await http
      .post('/products/ganzhou-huiminbao/coalition-terms')
      .set(op)
      .send({
        fromYear: 2025,
        coalition: COALITION,
        reason: '2024年公开遴选',
        occurredAt: '2024-10-02T10:00:00+08:00',
      })
      .expect(201)
      .expect((res) =>
        expect(res.body).toMatchObject({
          termId: '2025-2027',
          plans: [{ planId: 'ganzhou-2025' }],
        }),
      );
    await http
      .post('/products/ganzhou-huiminbao/coalition-terms/2025-2027/amendments')
      .set(op)
      .send({
        effectiveOn: '2025-07-01',
        coalition: NEW_SHARES,
        reason: '共保协议补充约定',
        occurredAt: '2025-05-20T10:00:00+08:00',
      })
      .expect(201);
    // A plan amendment cannot set the coalition of a year inside the term.
    const refused = await http
      .patch('/plans/ganzhou-2025')
      .set(op)
      .send({
        changes: { coalition: COALITION },
        reason: 'x',
        occurredAt: '2025-05-21T10:00:00+08:00',
      });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0]).toMatchObject({ rule: 'term.coalitionOfTerm' });

    const personRef = await enroll('ganzhou-2025', people[0], '2024-12-20T10:00:00+08:00');
    const claim = (claimId: string, serviceDate: string) => ({
      claimId,
      serviceDate,
      hospital: '宁都县人民医院',
      totalExpenseFen: yuan(40_000),
      priorLayers: { basicInsuranceFen: 0, criticalIllnessInsuranceFen: 0, medicalAidFen: 0 },
      lines: [{ responsibilityCode: 'special_drugs', residualFen: yuan(40_000), drug: '特药A' }],
    });
    const policy = `/plans/ganzhou-2025/policies/${personRef}`;
    for (const [id, date] of [
      ['JUNE', '2025-06-10'],
      ['JULY', '2025-07-15'],
    ] as const) {
      await http
        .post(`${policy}/claims`)
        .set(op)
        .send({ ...claim(id, date), occurredAt: '2025-07-20T10:00:00+08:00' })
        .expect(201);
    }
    const approve = (id: string) =>
      http
        .post(`${policy}/claims/${id}/approval`)
        .set(op)
        .send({ occurredAt: '2025-08-01T10:00:00+08:00' })
        .expect(201);
    const june = (await approve('JUNE')).body;
    const july = (await approve('JULY')).body;
    // 40,000 yuan × 80% = 32,000 yuan, split 40/35/25 before 2025-07-01 and 50/30/20 from it.
    const parts = (b: { parts: { insurerId: string; amountFen: number }[] }) =>
      b.parts.map((p) => [p.insurerId, p.amountFen]);
    expect(parts(june)).toEqual([
      ['picc-pc', yuan(12_800)],
      ['cpic-pc', yuan(11_200)],
      ['pingan-pc', yuan(8_000)],
    ]);
    expect(parts(july)).toEqual([
      ['picc-pc', yuan(16_000)],
      ['cpic-pc', yuan(9_600)],
      ['pingan-pc', yuan(6_400)],
    ]);
  });

  it('distinct enrollees across two years equal the distinct people, not the sum of enrollments; unchanged after erasing one', async () => {
    // 2024: people 1..6. 2025: people 1..3 again (continuing) and 7..9 (new). people[0] is in 2025 already.
    for (const id of people.slice(1, 7))
      await enroll('ganzhou-2024', id, '2023-12-20T10:00:00+08:00');
    for (const id of [...people.slice(1, 3), ...people.slice(7, 9)])
      await enroll('ganzhou-2025', id, '2024-12-22T10:00:00+08:00');
    await caughtUp();
    const view = async (query = '') =>
      (
        await http
          .get(`/products/ganzhou-huiminbao/cumulative${query}`)
          .set(as('view-key'))
          .expect(200)
      ).body;
    const before = await view();
    // 2024: people[1..6] = 6; 2025: people[0] (new), [1], [2] (continuing), [7], [8] (new) = 5.
    expect(before.overall).toMatchObject({ distinctPeople: 9, enrollments: 11 });
    expect(
      before.years.map(
        (y: {
          planYear: number;
          enrollments: number;
          newPeople: number;
          continuing: number;
          renewalRateBp: number | null;
        }) => [y.planYear, y.enrollments, y.newPeople, y.continuing, y.renewalRateBp],
      ),
    ).toEqual([
      [2024, 6, 6, 0, null],
      [2025, 5, 3, 2, 3333],
    ]);
    expect(before.byCounty).toEqual([
      expect.objectContaining({ regionCode: ningdu, distinctPeople: 9 }),
    ]);
    // As a file: one row per county and year, Chinese headers and the county's Chinese name.
    const csv = await http
      .get('/products/ganzhou-huiminbao/cumulative?format=csv')
      .set(as('view-key'))
      .expect(200);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(
      /^区划代码,县（市、区）,年度,参保人数,新参保人数,连续参保人数,续保率（基点）,续保率,/,
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 8))).toEqual([
      [ningdu, '宁都县', '2024', '6', '6', '0', '', ''],
      [ningdu, '宁都县', '2025', '5', '3', '2', '3333', '33.33%'],
    ]);
    // 2024 premiums split among no coalition (none set for 2024); 2025's ranked by the term.
    expect(before.insurerRanking.byTerm[0]).toMatchObject({ termId: '2025-2027' });
    expect(
      before.insurerRanking.byTerm[0].insurers.map((i: { insurerId: string; rank: number }) => [
        i.insurerId,
        i.rank,
      ]),
    ).toEqual([
      ['picc-pc', 1],
      ['cpic-pc', 2],
      ['pingan-pc', 3],
    ]);

    await http
      .post('/persons/erasure')
      .set(as('po-key'))
      .send({ idNumber: people[1], reason: 'PIPL request' })
      .expect(201);
    await caughtUp();
    const after = await view();
    expect(after.overall).toEqual(before.overall);
    await http.post('/projections/rebuild').set(op).expect(201);
    expect((await view()).overall).toEqual(before.overall);

    // asOf across years: at the end of the 2024 window only the first year is there.
    const asOf = await view('?asOf=2024-01-31T23:59:59%2B08:00');
    expect(asOf.overall).toMatchObject({ distinctPeople: 6, enrollments: 6 });
    expect(asOf.years.map((y: { planYear: number }) => y.planYear)).toEqual([2024]);
  });

  it('the year-end report shows premiums, payouts and loss ratio per responsibility and insurer, and the operating costs insurers state', async () => {
    await http
      .post('/products/ganzhou-huiminbao/years/2025/operating-costs')
      .set(op)
      .send({
        insurerId: 'picc-pc',
        amountFen: yuan(300),
        note: '宣传推广、理赔服务',
        occurredAt: '2026-01-15T10:00:00+08:00',
      })
      .expect(201);
    await caughtUp();
    const report = (
      await http
        .get('/products/ganzhou-huiminbao/years/2025/report')
        .set(as('view-key'))
        .expect(200)
    ).body;
    expect(report).toMatchObject({
      planId: 'ganzhou-2025',
      premiumFen: yuan(500),
      approvedPayoutFen: yuan(64_000),
      operatingCostFen: yuan(300),
      shortfall: true,
      operatingCostMissing: ['cpic-pc', 'pingan-pc'],
    });
    expect(report.byResponsibility).toEqual([
      expect.objectContaining({
        responsibilityCode: 'special_drugs',
        approvedFen: yuan(64_000),
        lossRatioBp: 1_280_000,
      }),
    ]);
    expect(
      report.byInsurer.map(
        (r: {
          insurerId: string;
          premiumFen: number;
          approvedPayoutFen: number;
          operatingCostFen: number | null;
        }) => [r.insurerId, r.premiumFen, r.approvedPayoutFen, r.operatingCostFen],
      ),
    ).toEqual([
      ['picc-pc', 20000, yuan(28_800), yuan(300)],
      ['cpic-pc', 17500, yuan(20_800), null],
      ['pingan-pc', 12500, yuan(14_400), null],
    ]);
    // The same as a file for the county's officials: Chinese headers, yuan and percentages beside.
    const csv = await http
      .get('/products/ganzhou-huiminbao/years/2025/report?format=csv')
      .set(as('view-key'))
      .expect(200)
      .expect('content-type', /^text\/csv/);
    const [header, lead] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toMatch(
      /^保费收入排名,保险公司编号,保险公司,主承保,保费收入（分）,保费收入（元）/,
    );
    expect(lead).toMatch(/^1,picc-pc,人保财险,是,20000,200\.00,/);
    const english = await http
      .get('/products/ganzhou-huiminbao/years/2025/report?format=csv')
      .set({ ...as('view-key'), 'Accept-Language': 'en' })
      .expect(200);
    expect(english.text.replace(/^\uFEFF/, '')).toMatch(/^rank,insurerId,name,lead,premiumFen/);
    // An insurer outside the year's coalition cannot state a cost.
    const wrong = await http
      .post('/products/ganzhou-huiminbao/years/2025/operating-costs')
      .set(op)
      .send({ insurerId: 'other', amountFen: 1, occurredAt: '2026-01-16T10:00:00+08:00' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0]).toMatchObject({
      field: 'insurerId',
      rule: 'product.insurerOfCoalition',
    });
  });

  it('renewal (续保) over HTTP: consent with payer and relation, withdrawal, and who is not renewed is reported with why (basic insurance ended, withdrawn, not covered)', async () => {
    const yuyao = '330281';
    await http
      .post('/products/ningbo-tianyi-yongningbao/plans')
      .set(op)
      .send({
        fromPlanId: 'yuyao-2024',
        changes: {},
        reason: '2025年度方案不变',
        occurredAt: '2024-09-01T10:00:00+08:00',
      })
      .expect(201)
      .expect((res) => expect(res.body).toMatchObject({ planId: 'yuyao-2025', status: 'ready' }));
    const id = (n: number) => composeResidentId(yuyao, '1955-05-05', 700 + n);
    const child = composeResidentId(yuyao, '1985-08-08', 701);
    const refs: string[] = [];
    for (const n of [0, 1, 2]) {
      const res = await http
        .post('/plans/yuyao-2024/enrollments')
        .set(op)
        .send({
          person: { idNumber: id(n) },
          basicInsurance: { scheme: 'resident', insuredRegionCode: yuyao },
          occurredAt: '2023-11-01T10:00:00+08:00',
          contributions: [{ source: 'individual', amountFen: 10000 }],
        })
        .expect(201);
      refs.push(res.body.personRef);
    }
    const consent = (n: number, payer: object = { idNumber: child, scheme: 'employee' }) =>
      http
        .post('/products/ningbo-tianyi-yongningbao/renewal-consents')
        .set(op)
        .send({
          person: { idNumber: id(n) },
          basicInsurance: { scheme: 'resident', insuredRegionCode: yuyao },
          payer,
          relation: 'parent',
          occurredAt: '2023-12-01T10:00:00+08:00',
        });
    // A resident-insured payer has no personal account: refused, naming the rule.
    const refused = await consent(0, { idNumber: child, scheme: 'resident' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({
      field: 'payment.payer.scheme',
      rule: 'contribution.personalAccountHolderIsEmployee',
    });
    for (const n of [0, 1, 2, 3]) {
      const res = await consent(n).expect(201);
      expect(res.body).toMatchObject({ relation: 'parent', account: 'personal' });
    }
    await http
      .post(`/products/ningbo-tianyi-yongningbao/renewal-consents/${refs[1]}/withdrawal`)
      .set(op)
      .send({ reason: '本人申请撤回', occurredAt: '2024-03-01T10:00:00+08:00' })
      .expect(201);
    await http
      .post(`/plans/yuyao-2024/policies/${refs[2]}/basic-insurance/suspension`)
      .set(op)
      .send({ from: '2024-06-01', reason: '参保关系中断', occurredAt: '2024-06-02T10:00:00+08:00' })
      .expect(201);
    const run = (
      await http
        .post('/products/ningbo-tianyi-yongningbao/renewal-runs')
        .set(op)
        .send({ planYear: 2025, occurredAt: '2024-10-10T09:00:00+08:00' })
        .expect(201)
    ).body;
    expect(run).toMatchObject({
      runId: '2025-1',
      planId: 'yuyao-2025',
      consents: 4,
      renewed: 1,
      skipped: { consent_withdrawn: 1, basic_insurance_ended: 1, not_covered_previous_year: 1 },
    });
    expect(run.deductions).toEqual([
      expect.objectContaining({ personRef: refs[0], amountFen: 10000, relation: 'parent' }),
    ]);
    const ended = run.notRenewed.find((r: { personRef: string }) => r.personRef === refs[2]);
    expect(ended).toMatchObject({
      reason: 'basic_insurance_ended',
      label: { zh: '基本医疗保险已暂停或中止', en: 'basic medical insurance suspended or ended' },
    });
    expect(ended.detail).toContain('2024-06-01');
    // Run again: nothing new, the same answer.
    const before = await head();
    const again = (
      await http
        .post('/products/ningbo-tianyi-yongningbao/renewal-runs')
        .set(op)
        .send({ planYear: 2025, occurredAt: '2024-10-11T09:00:00+08:00' })
        .expect(201)
    ).body;
    expect(again).toMatchObject({ runId: '2025-2', consents: 4, renewed: 1 });
    expect(again.deductions[0]).toMatchObject({ personRef: refs[0], replayed: true });
    const record = (
      await http
        .get(`/products/ningbo-tianyi-yongningbao/renewal-consents/${refs[2]}`)
        // A person's consent is a person's record: the roles that process them (docs/access.md).
        .set(op)
        .expect(200)
    ).body;
    expect(
      record.skipped.map((s: { runId: string; reason: string }) => [s.runId, s.reason]),
    ).toEqual([
      ['2025-1', 'basic_insurance_ended'],
      ['2025-2', 'basic_insurance_ended'],
    ]);
    expect(JSON.stringify(record)).not.toContain('sealed');
    expect(await head()).toBeGreaterThan(before);
  });

  it('004 惠得保 is one product with two yearly plans (drafts until completed)', async () => {
    const product = (await http.get('/products/jiujiang-huidebao').set(as('view-key')).expect(200))
      .body;
    expect(
      product.plans.map((p: { planId: string; planYear: number; status: string }) => [
        p.planId,
        p.planYear,
        p.status,
      ]),
    ).toEqual([
      ['jiujiang-huidebao-2023', 2023, 'draft'],
      ['jiujiang-huidebao-2024', 2024, 'draft'],
    ]);
  });
});
