import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { composeResidentId, yuan } from '@ledger/domain';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  SqliteEventStore,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { ClaimCsvImport, DEMO_COALITION, FixedClock, EVENT_STORE } from '@ledger/ledger';
import { createLedgerApp } from '../apps/ledger-api/src/create-ledger-app';
import { startTestLedger, TestLedger, testAccess, testConfig } from './support/ledger-test-app';

/**
 * The embedded store answers synchronously, so concurrent requests never interleave in-process.
 * This one lets a policy stream's reads yield to the event loop, as a networked store does: the
 * requests then read the same revision and race on the append.
 */
class RacySqliteEventStore extends SqliteEventStore {
  revisionConflicts = 0;

  override async readStream(
    streamId: string,
    options?: ReadStreamOptions,
  ): Promise<RecordedEvent[]> {
    const events = await super.readStream(streamId, options);
    if (streamId.startsWith('policy-')) await new Promise((resolve) => setTimeout(resolve, 2));
    return events;
  }

  override async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    try {
      return await super.append(streamId, events, expected);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) this.revisionConflicts++;
      throw error;
    }
  }
}

/** Issue 4 "Must show", over HTTP on the embedded store with the bundled seed plans. */
describe('Claims and payouts API (issue 4)', () => {
  let ledger: TestLedger;
  let http: ReturnType<typeof request>;
  let seq = 300;
  const ningdu = '360730';
  const yuyao = '330281';

  beforeAll(async () => {
    ledger = await startTestLedger('2024-06-01T10:00:00+08:00', [
      ['op-key', 'operator'],
      ['audit-key', 'auditor'],
      ['view-key', 'viewer'],
    ]);
    http = request(ledger.app.getHttpServer());
  });
  afterAll(() => ledger.close());

  // Claim details are health data: each read states its purpose and is recorded (issue 12).
  const as = (key: string) => ({
    Authorization: `Bearer ${key}`,
    'X-Access-Purpose': 'claims-e2e',
  });
  const op = as('op-key');
  const head = async () => (await ledger.app.get<EventStore>(EVENT_STORE).headPosition()).commit;

  type Line = { responsibilityCode: string; residualFen: number; drug?: string };
  const NO_PRIOR = { basicInsuranceFen: 0, criticalIllnessInsuranceFen: 0, medicalAidFen: 0 };
  /** Total expense = prior layers + residual lines unless given. */
  function claimBody(claimId: string, serviceDate: string, lines: Line[], extra: object = {}) {
    const e = extra as { priorLayers?: typeof NO_PRIOR };
    const prior = e.priorLayers ?? NO_PRIOR;
    return {
      claimId,
      serviceDate,
      hospital: '市人民医院',
      totalExpenseFen:
        prior.basicInsuranceFen +
        prior.criticalIllnessInsuranceFen +
        prior.medicalAidFen +
        lines.reduce((s, l) => s + l.residualFen, 0),
      priorLayers: prior,
      lines,
      ...extra,
    };
  }

  async function enroll(planId: 'ganzhou-2024' | 'yuyao-2024', idNumber?: string) {
    const region = planId === 'ganzhou-2024' ? ningdu : yuyao;
    const id = idNumber ?? composeResidentId(region, '1980-05-06', seq++);
    const res = await http
      .post(`/plans/${planId}/enrollments`)
      .set(op)
      .send({
        person: { idNumber: id },
        basicInsurance: { scheme: 'resident', insuredRegionCode: region },
        occurredAt:
          planId === 'ganzhou-2024' ? '2023-12-20T10:00:00+08:00' : '2023-11-15T10:00:00+08:00',
        contributions: [{ source: 'individual', amountFen: 10000 }],
      })
      .expect(201);
    return { personRef: res.body.personRef as string, idNumber: id };
  }

  const policy = (planId: string, personRef: string) => `/plans/${planId}/policies/${personRef}`;
  const submit = (planId: string, personRef: string, body: object, key?: string) => {
    const req = http.post(`${policy(planId, personRef)}/claims`).set(op);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const adjudicated = async (planId: string, personRef: string, body: object) => {
    const res = await submit(planId, personRef, body).expect(201);
    expect(res.body.outcome).toBe('adjudicated');
    return res.body;
  };

  /** A refusal: 4xx naming the field and rule, and nothing written. */
  async function expectRefusal(
    planId: string,
    personRef: string,
    body: object,
    status: number,
    field: string,
    rule: string,
  ) {
    const before = await head();
    const res = await submit(planId, personRef, body);
    expect(res.status).toBe(status);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, rule })]),
    );
    expect(await head()).toBe(before);
    return res;
  }

  describe('worked examples on the seed schedules (000 赣州惠民保, 003 天一甬宁保)', () => {
    it('000: deductible boundary after the prior layers, then a claim crossing the 200,000-yuan boundary', async () => {
      const { personRef } = await enroll('ganzhou-2024');
      // 60,000 yuan: basic insurance 30,000, critical illness 10,000, medical aid 5,000 → 15,000
      // left, exactly the deductible: [0, 15,000] pays nothing.
      const first = await adjudicated(
        'ganzhou-2024',
        personRef,
        claimBody(
          'GZ-A1',
          '2024-02-01',
          [{ responsibilityCode: 'in_catalogue', residualFen: yuan(15_000) }],
          {
            totalExpenseFen: yuan(60_000),
            priorLayers: {
              basicInsuranceFen: yuan(30_000),
              criticalIllnessInsuranceFen: yuan(10_000),
              medicalAidFen: yuan(5_000),
            },
          },
        ),
      );
      expect(first.payoutFen).toBe(0);
      expect(first.breakdown[0]).toMatchObject({ accumulatorAfterFen: yuan(15_000), portions: [] });
      // 235,000 yuan more: c0 = 15,000 → c1 = 250,000:
      // [15,000, 200,000] × 55% = 101,750; [200,000, 250,000] × 80% = 40,000 → 141,750 yuan.
      const second = await adjudicated(
        'ganzhou-2024',
        personRef,
        claimBody('GZ-A2', '2024-03-01', [
          { responsibilityCode: 'in_catalogue', residualFen: yuan(235_000) },
        ]),
      );
      expect(
        second.breakdown[0].portions.map((p: { lengthFen: number; ratioBp: number }) => [
          p.lengthFen,
          p.ratioBp,
        ]),
      ).toEqual([
        [yuan(185_000), 5500],
        [yuan(50_000), 8000],
      ]);
      expect(second.payoutFen).toBe(yuan(101_750) + yuan(40_000));
      const acc = await http
        .get(`${policy('ganzhou-2024', personRef)}/accumulators`)
        .set(as('audit-key'))
        .expect(200);
      expect(acc.body).toMatchObject({
        planYear: 2024,
        claims: { adjudicated: 2, rejected: 0 },
        planPaidFen: yuan(141_750),
        planCapFen: yuan(3_000_000),
        planCapRemainingFen: yuan(3_000_000 - 141_750),
      });
      expect(acc.body.responsibilities[0]).toMatchObject({
        responsibilityCode: 'in_catalogue',
        countedFen: yuan(250_000),
        deductibleRemainingFen: 0,
        paidFen: yuan(141_750),
        capFen: null,
      });
    });

    it('000: a pre-existing claim pays 20% above the deductible; the 3,000,000-yuan plan cap is reached across responsibilities', async () => {
      const { personRef } = await enroll('ganzhou-2024');
      // Pre-existing 115,000 yuan: (115,000 − 15,000) × 20% = 20,000 yuan.
      const pre = await adjudicated(
        'ganzhou-2024',
        personRef,
        claimBody(
          'GZ-B1',
          '2024-02-01',
          [{ responsibilityCode: 'in_catalogue', residualFen: yuan(115_000) }],
          {
            preExisting: true,
          },
        ),
      );
      expect(pre.payoutFen).toBe(yuan(20_000));
      expect(pre.breakdown[0].portions[0]).toMatchObject({ ratioBp: 2000, basis: 'pre_existing' });
      // In-catalogue 2,000,000 more (not pre-existing): c0 = 115,000 → c1 = 2,115,000:
      // [115,000, 200,000] × 55% = 46,750; [200,000, 2,115,000] × 80% = 1,532,000 → 1,578,750.
      const big = await adjudicated(
        'ganzhou-2024',
        personRef,
        claimBody('GZ-B2', '2024-03-01', [
          { responsibilityCode: 'in_catalogue', residualFen: yuan(2_000_000) },
        ]),
      );
      expect(big.payoutFen).toBe(yuan(46_750) + yuan(1_532_000));
      // Out-of-catalogue 2,000,000: raw 185,000 × 55% + 1,800,000 × 80% = 1,541,750, but the plan
      // cap has 3,000,000 − 20,000 − 1,578,750 = 1,401,250 left.
      const capped = await adjudicated(
        'ganzhou-2024',
        personRef,
        claimBody('GZ-B3', '2024-04-01', [
          { responsibilityCode: 'out_of_catalogue', residualFen: yuan(2_000_000) },
        ]),
      );
      expect(capped.breakdown[0]).toMatchObject({
        rawPayoutFen: yuan(1_541_750),
        planCapRemainingFen: yuan(1_401_250),
        payoutFen: yuan(1_401_250),
        cappedBy: 'plan_cap',
      });
      expect(capped.accumulatorsAfter.planPaidFen).toBe(yuan(3_000_000));
    });

    it('000: special drugs by drug — two drugs summed into one line; the 1,000,000-yuan cap is reached inside the claim', async () => {
      const { personRef } = await enroll('ganzhou-2024');
      // 800,000 + 500,000 = 1,300,000 × 80% = 1,040,000 raw → 1,000,000 (cap).
      const res = await adjudicated(
        'ganzhou-2024',
        personRef,
        claimBody('GZ-C1', '2024-02-01', [
          { responsibilityCode: 'special_drugs', residualFen: yuan(800_000), drug: '药品A' },
          { responsibilityCode: 'special_drugs', residualFen: yuan(500_000), drug: '药品B' },
        ]),
      );
      expect(res.breakdown).toHaveLength(1);
      expect(res.breakdown[0]).toMatchObject({
        residualFen: yuan(1_300_000),
        rawPayoutFen: yuan(1_040_000),
        payoutFen: yuan(1_000_000),
        cappedBy: 'responsibility_cap',
      });
      const view = await http
        .get(`${policy('ganzhou-2024', personRef)}/claims/GZ-C1`)
        .set(as('audit-key'))
        .expect(200);
      expect(view.body.adjudication.claim.lines.map((l: Line) => l.drug)).toEqual([
        '药品A',
        '药品B',
      ]);
    });

    it('003: R2 30,000 yuan as one claim or as 10,000 + 20,000 pays 10,200 yuan; R3-2 reaches its 300,000-yuan cap inside a claim', async () => {
      const one = await enroll('yuyao-2024');
      const two = await enroll('yuyao-2024');
      const r2 = (residualFen: number) => [{ responsibilityCode: 'R2', residualFen }];
      // One claim: [6,000, 20,000] × 30% + [20,000, 30,000] × 60% = 4,200 + 6,000 = 10,200.
      const single = await adjudicated(
        'yuyao-2024',
        one.personRef,
        claimBody('NB-1', '2024-02-01', r2(yuan(30_000))),
      );
      // Two: [6,000, 10,000] × 30% = 1,200; then [10,000, 20,000] × 30% + [20,000, 30,000] × 60% = 9,000.
      const a = await adjudicated(
        'yuyao-2024',
        two.personRef,
        claimBody('NB-2a', '2024-02-01', r2(yuan(10_000))),
      );
      const b = await adjudicated(
        'yuyao-2024',
        two.personRef,
        claimBody('NB-2b', '2024-02-15', r2(yuan(20_000))),
      );
      expect([single.payoutFen, a.payoutFen, b.payoutFen]).toEqual([
        yuan(10_200),
        yuan(1_200),
        yuan(9_000),
      ]);
      expect(a.payoutFen + b.payoutFen).toBe(single.payoutFen);
      // R3-2, 600,000 yuan: 4,200 + 580,000 × 60% = 352,200 raw → 300,000 (cap).
      const rare = await adjudicated(
        'yuyao-2024',
        one.personRef,
        claimBody('NB-3', '2024-03-01', [
          { responsibilityCode: 'R3-2', residualFen: yuan(600_000) },
        ]),
      );
      expect(rare.breakdown[0]).toMatchObject({
        rawPayoutFen: yuan(352_200),
        payoutFen: yuan(300_000),
        cappedBy: 'responsibility_cap',
      });
    });
  });

  describe('refusals that write nothing', () => {
    let personRef: string;
    beforeAll(async () => {
      personRef = (await enroll('ganzhou-2024')).personRef;
    });
    const line = (residualFen: number, responsibilityCode = 'in_catalogue') => ({
      responsibilityCode,
      residualFen,
    });

    it('400 for a negative amount or a malformed request (class-validator, nested fields named)', async () => {
      await expectRefusal(
        'ganzhou-2024',
        personRef,
        claimBody('V1', '2024-02-01', [line(-1)]),
        400,
        'lines[0].residualFen',
        'validation.min',
      );
      const res = await submit('ganzhou-2024', personRef, {
        claimId: '',
        serviceDate: '1.2.2024',
        lines: [],
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining([
          'claimId',
          'serviceDate',
          'hospital',
          'totalExpenseFen',
          'priorLayers',
          'lines',
        ]),
      );
    });

    it('422 for residuals exceeding what is left after the prior layers, an unknown responsibility, a duplicate line', async () => {
      await expectRefusal(
        'ganzhou-2024',
        personRef,
        claimBody('V2', '2024-02-01', [line(yuan(20_000))], {
          totalExpenseFen: yuan(50_000),
          priorLayers: {
            basicInsuranceFen: yuan(31_000),
            criticalIllnessInsuranceFen: 0,
            medicalAidFen: 0,
          },
        }),
        422,
        'lines',
        'claim.residualWithinSelfBorne',
      );
      await expectRefusal(
        'ganzhou-2024',
        personRef,
        claimBody('V3', '2024-02-01', [line(1, 'R1')]),
        422,
        'lines[0].responsibilityCode',
        'benefits.unknownResponsibility',
      );
      await expectRefusal(
        'ganzhou-2024',
        personRef,
        claimBody('V4', '2024-02-01', [line(1), line(2)]),
        422,
        'lines[1].responsibilityCode',
        'benefits.duplicateLine',
      );
    });

    it('404 for a person without an enrollment; 409 for a plan without a benefit schedule', async () => {
      await expectRefusal(
        'ganzhou-2024',
        'nobody',
        claimBody('V5', '2024-02-01', [line(1)]),
        404,
        'personRef',
        'enrollment.exists',
      );
      await http
        .patch('/plans/jiujiang-huidebao-2024')
        .set(op)
        .send({
          changes: {
            planYear: 2024,
            enrollmentWindow: { opensOn: '2024-03-01', closesOn: '2024-04-30' },
            coverage: { startsOn: '2024-05-01', endsOn: '2025-04-30', retroactiveToStart: false },
          },
          reason: 'operator completes the plan',
        })
        .expect(200);
      const enrolled = await http
        .post('/plans/jiujiang-huidebao-2024/enrollments')
        .set(op)
        .send({
          person: { idNumber: composeResidentId('360402', '1990-01-01', seq++) },
          basicInsurance: { scheme: 'employee', insuredRegionCode: '360402' },
          occurredAt: '2024-03-15T10:00:00+08:00',
          contributions: [{ source: 'individual', amountFen: 10000 }],
        })
        .expect(201);
      const res = await expectRefusal(
        'jiujiang-huidebao-2024',
        enrolled.body.personRef,
        claimBody('V6', '2024-05-20', [line(1, 'any')]),
        409,
        'planId',
        'claim.planHasBenefits',
      );
      expect(res.body.errors[0].messages.en).toContain('no benefit schedule');
    });
  });

  describe('a claim id is accepted once; concurrent claims cannot exceed a cap', () => {
    it('resubmitting an adjudicated claim id pays nothing twice: 409 with another key, a replay with the same key', async () => {
      const { personRef } = await enroll('yuyao-2024');
      const body = claimBody('ONCE-1', '2024-02-01', [
        { responsibilityCode: 'R4', residualFen: yuan(10_000) },
      ]);
      const first = await submit('yuyao-2024', personRef, body, 'once-key-1').expect(201);
      expect(first.body).toMatchObject({
        outcome: 'adjudicated',
        payoutFen: yuan(6_000),
        replayed: false,
      });
      const before = await head();
      const replay = await submit('yuyao-2024', personRef, body, 'once-key-1').expect(201);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      const again = await submit('yuyao-2024', personRef, body, 'once-key-2').expect(409);
      expect(again.body.errors[0]).toMatchObject({ field: 'claimId', rule: 'claim.acceptedOnce' });
      expect(await head()).toBe(before);
      const acc = await http
        .get(`${policy('yuyao-2024', personRef)}/accumulators`)
        .set(op)
        .expect(200);
      expect(acc.body.planPaidFen).toBe(yuan(6_000));
    });

    it('twelve concurrent R4 claims of 100,000 yuan for one person pay exactly the 200,000-yuan cap in total', async () => {
      // The requests really interleave (RacySqliteEventStore): they read the same revision, all
      // but one append fail the expected revision and re-decide on the new accumulators.
      const dir = mkdtempSync(join(tmpdir(), 'ledger-claims-race-'));
      const config = testConfig(dir);
      const racy = new RacySqliteEventStore({ path: config.sqlitePath, synchronous: 'FULL' });
      const app = await createLedgerApp({
        config,
        access: testAccess([['op-key', 'operator']]),
        clock: new FixedClock(Date.parse('2024-06-01T10:00:00+08:00')),
        logger: false,
        eventStore: racy,
      });
      try {
        const raceHttp = request(app.getHttpServer());
        const enrolled = await raceHttp
          .post('/plans/yuyao-2024/enrollments')
          .set(op)
          .send({
            person: { idNumber: composeResidentId(yuyao, '1980-05-06', seq++) },
            basicInsurance: { scheme: 'resident', insuredRegionCode: yuyao },
            occurredAt: '2023-11-15T10:00:00+08:00',
            contributions: [{ source: 'individual', amountFen: 10000 }],
          })
          .expect(201);
        const personRef = enrolled.body.personRef as string;
        // Each pays 60% × 100,000 = 60,000 yuan on its own; together 720,000 against a 200,000 cap.
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            raceHttp
              .post(`${policy('yuyao-2024', personRef)}/claims`)
              .set(op)
              .send(
                claimBody(`R4-${i}`, '2024-03-01', [
                  { responsibilityCode: 'R4', residualFen: yuan(100_000) },
                ]),
              ),
          ),
        );
        expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
        expect(racy.revisionConflicts).toBeGreaterThan(0);
        const payouts = results.map((r) => r.body.payoutFen as number);
        expect(payouts.reduce((s, p) => s + p, 0)).toBe(yuan(200_000));
        // In whatever order they landed: three full, one topped up to the cap, the rest nothing.
        expect([...payouts].sort((x, y) => y - x).slice(0, 5)).toEqual([
          yuan(60_000),
          yuan(60_000),
          yuan(60_000),
          yuan(20_000),
          0,
        ]);
        const acc = await raceHttp
          .get(`${policy('yuyao-2024', personRef)}/accumulators`)
          .set(op)
          .expect(200);
        const r4 = acc.body.responsibilities.find(
          (r: { responsibilityCode: string }) => r.responsibilityCode === 'R4',
        );
        expect(r4).toMatchObject({
          countedFen: yuan(1_200_000),
          paidFen: yuan(200_000),
          capRemainingFen: 0,
        });
      } finally {
        await app.close();
      }
    });
  });

  describe('basic insurance suspended and restored (002 三(三))', () => {
    it('a claim during a suspension is rejected (201, recorded) and paid when resubmitted after a back-paid restoration', async () => {
      const { personRef } = await enroll('yuyao-2024');
      const base = policy('yuyao-2024', personRef);
      await http
        .post(`${base}/basic-insurance/suspension`)
        .set(op)
        .send({ from: '2024-03-01', reason: '保费欠缴' })
        .expect(201);
      // R1 30,000 yuan: 14,000 × 30% + 10,000 × 60% = 10,200 yuan once covered.
      const body = claimBody('SUSP-1', '2024-03-10', [
        { responsibilityCode: 'R1', residualFen: yuan(30_000) },
      ]);
      const rejected = await submit('yuyao-2024', personRef, body).expect(201);
      expect(rejected.body).toMatchObject({
        outcome: 'rejected',
        payoutFen: 0,
        rejection: { field: 'serviceDate', rule: 'claim.basicInsuranceNotSuspended' },
      });
      // Restored without back-payment: the period stays uncovered.
      await http
        .post(`${base}/basic-insurance/restoration`)
        .set(op)
        .send({ suspendedFrom: '2024-03-01', restoredOn: '2024-04-01', backPaid: false })
        .expect(201);
      const still = await submit('yuyao-2024', personRef, body).expect(201);
      expect(still.body.outcome).toBe('rejected');
      // A second suspension, then restored with back-payment: covered again.
      await http
        .post(`${base}/basic-insurance/suspension`)
        .set(op)
        .send({ from: '2024-04-10', reason: '参保关系中断' })
        .expect(201);
      const body2 = claimBody('SUSP-2', '2024-04-20', [
        { responsibilityCode: 'R1', residualFen: yuan(30_000) },
      ]);
      expect((await submit('yuyao-2024', personRef, body2).expect(201)).body.outcome).toBe(
        'rejected',
      );
      await http
        .post(`${base}/basic-insurance/restoration`)
        .set(op)
        .send({ suspendedFrom: '2024-04-10', restoredOn: '2024-05-15', backPaid: true })
        .expect(201);
      const paid = await submit('yuyao-2024', personRef, body2).expect(201);
      expect(paid.body).toMatchObject({
        outcome: 'adjudicated',
        claimId: 'SUSP-2',
        payoutFen: yuan(10_200),
      });
      const view = await http.get(`${base}/claims/SUSP-2`).set(as('audit-key')).expect(200);
      expect(view.body).toMatchObject({ status: 'adjudicated', payoutFen: yuan(10_200) });
      expect(view.body.rejections.map((r: { rule: string }) => r.rule)).toEqual([
        'claim.basicInsuranceNotSuspended',
      ]);
      // Claims are health data: a viewer may not read them, nor submit one.
      await http.get(`${base}/claims/SUSP-2`).set(as('view-key')).expect(403);
      await http.post(`${base}/claims`).set(as('view-key')).send(body2).expect(403);
      const list = await http.get(`${base}/claims`).set(as('audit-key')).expect(200);
      expect(list.body.rejections).toHaveLength(3);
      expect(list.body.accepted.map((c: { claimId: string }) => c.claimId)).toEqual(['SUSP-2']);
    });

    it('refuses a restoration that names no open suspension (409, nothing written)', async () => {
      const { personRef } = await enroll('yuyao-2024');
      const res = await http
        .post(`${policy('yuyao-2024', personRef)}/basic-insurance/restoration`)
        .set(op)
        .send({ suspendedFrom: '2024-03-01', restoredOn: '2024-04-01', backPaid: true })
        .expect(409);
      expect(res.body.errors[0]).toMatchObject({ rule: 'basicInsurance.openSuspensionMatches' });
    });
  });

  describe('payouts: approval split among the coalition, paid, and the payouts view', () => {
    let personRef: string;
    beforeAll(async () => {
      personRef = (await enroll('ganzhou-2024')).personRef;
      // (35,000 − 15,000) × 55% = 11,000 yuan, + 0.01 yuan × 55% → 1 fen: 1_100_001 fen.
      await adjudicated(
        'ganzhou-2024',
        personRef,
        claimBody('PAY-1', '2024-02-01', [
          { responsibilityCode: 'in_catalogue', residualFen: yuan(35_000) + 1 },
        ]),
      );
    });

    it('without a coalition the payout approval is refused clearly (409 payout.coalitionSet, nothing written)', async () => {
      const before = await head();
      const res = await http
        .post(`${policy('ganzhou-2024', personRef)}/claims/PAY-1/approval`)
        .set(op)
        .send({})
        .expect(409);
      expect(res.body.errors[0]).toMatchObject({ field: 'coalition', rule: 'payout.coalitionSet' });
      expect(res.body.errors[0].messages.en).toContain('no coinsurance coalition');
      expect(await head()).toBe(before);
    });

    it('with the coalition set, parts in coalition order (lead first) add up to the payout to the fen; then paid', async () => {
      for (const planId of ['ganzhou-2024', 'yuyao-2024']) {
        await http
          .patch(`/plans/${planId}`)
          .set(op)
          .send({
            changes: { coalition: DEMO_COALITION },
            reason: 'coalition shares agreed (illustrative)',
          })
          .expect(200);
      }
      const approved = await http
        .post(`${policy('ganzhou-2024', personRef)}/claims/PAY-1/approval`)
        .set(op)
        .send({})
        .expect(201);
      // 1_100_001 × 40% = 440_000.4, × 35% = 385_000.35, × 25% = 275_000.25: the leftover fen
      // goes to the largest remainder (the lead's 0.4).
      expect(approved.body).toMatchObject({ status: 'approved', payoutFen: 1_100_001 });
      expect(
        approved.body.parts.map((p: { insurerId: string; amountFen: number }) => [
          p.insurerId,
          p.amountFen,
        ]),
      ).toEqual([
        ['picc-pc', 440_001],
        ['cpic-pc', 385_000],
        ['pingan-pc', 275_000],
      ]);
      await http
        .post(`${policy('ganzhou-2024', personRef)}/claims/PAY-1/approval`)
        .set(op)
        .send({})
        .expect(409);
      const paid = await http
        .post(`${policy('ganzhou-2024', personRef)}/claims/PAY-1/payment`)
        .set(op)
        .send({ paymentReference: 'BANK-2024-0001' })
        .expect(201);
      expect(paid.body).toMatchObject({
        status: 'paid',
        payoutFen: 1_100_001,
        paymentReference: 'BANK-2024-0001',
      });
      const claim = await http
        .get(`${policy('ganzhou-2024', personRef)}/claims/PAY-1`)
        .set(as('audit-key'))
        .expect(200);
      expect(claim.body.status).toBe('paid');
    });

    it('every payout approved in a plan: per-insurer parts add up to each payout and to the totals, per responsibility and per insurer', async () => {
      // Approve every other payable claim of the yuyao plan written so far in this suite.
      const view0 = await http.get('/plans/yuyao-2024/payouts').set(as('view-key')).expect(200);
      expect(view0.body.totals.approvedFen).toBe(0);
      const { personRef: p } = await enroll('yuyao-2024');
      const amounts = [yuan(10_000) + 1, yuan(25_000) + 7, yuan(3_333) + 33];
      let expected = 0;
      for (const [i, residualFen] of amounts.entries()) {
        const adj = await adjudicated(
          'yuyao-2024',
          p,
          claimBody(`Y-${i}`, '2024-02-0' + (i + 1), [{ responsibilityCode: 'R4', residualFen }]),
        );
        const approved = await http
          .post(`${policy('yuyao-2024', p)}/claims/Y-${i}/approval`)
          .set(op)
          .send({})
          .expect(201);
        const parts = approved.body.parts as { amountFen: number }[];
        expect(parts.reduce((s, x) => s + x.amountFen, 0)).toBe(adj.payoutFen);
        expected += adj.payoutFen;
      }
      const view = await http.get('/plans/yuyao-2024/payouts').set(as('view-key')).expect(200);
      expect(view.body.totals.approvedFen).toBe(expected);
      expect(view.body.partsAddUp).toBe(true);
      expect(view.body.byInsurer.map((i: { insurerId: string }) => i.insurerId)).toEqual([
        'picc-pc',
        'cpic-pc',
        'pingan-pc',
      ]);
      expect(
        view.body.byInsurer.reduce((s: number, i: { approvedFen: number }) => s + i.approvedFen, 0),
      ).toBe(expected);
      const r4 = view.body.byResponsibility.find(
        (r: { responsibilityCode: string }) => r.responsibilityCode === 'R4',
      );
      expect(r4.approvedFen).toBe(expected);
      expect(view.body.claims.rejected).toBeGreaterThanOrEqual(3); // the suspension rejections
      const gz = await http.get('/plans/ganzhou-2024/payouts').set(as('view-key')).expect(200);
      expect(gz.body.totals).toMatchObject({ approvedFen: 1_100_001, paidFen: 1_100_001 });
      expect(gz.body.byInsurer.map((i: { paidFen: number }) => i.paidFen)).toEqual([
        440_001, 385_000, 275_000,
      ]);
    });
  });

  describe('batch claim import from CSV', () => {
    it('imports a file with a per-row report; running it again reports duplicates and pays nothing twice', async () => {
      const person = await enroll('yuyao-2024');
      const gz = await enroll('ganzhou-2024');
      const header =
        'planId,personRef,idNumber,claimId,serviceDate,hospital,totalExpenseFen,basicInsuranceFen,criticalIllnessInsuranceFen,medicalAidFen,preExisting,outOfArea,responsibilityCode,drug,residualFen,occurredAt';
      const lines = [
        header,
        // R1 30,000 + R2 10,000 yuan after prior layers (total 100,000: 50,000 + 8,000 + 2,000 paid).
        `yuyao-2024,,${person.idNumber},CSV-1,2024-03-01,"余姚市人民医院, 住院部",10000000,5000000,800000,200000,false,false,R1,,3000000,`,
        `yuyao-2024,,${person.idNumber},CSV-1,2024-03-01,"余姚市人民医院, 住院部",10000000,5000000,800000,200000,false,false,R2,,1000000,`,
        `ganzhou-2024,${gz.personRef},,CSV-2,2023-12-31,赣州市人民医院,2000000,0,0,0,,,in_catalogue,,2000000,`,
        `ganzhou-2024,${gz.personRef},,CSV-3,2024-02-01,赣州市人民医院,100,0,0,0,,,R9,,100,`,
        `ganzhou-2024,${gz.personRef},,CSV-4,2024-02-01,赣州市人民医院,abc,0,0,0,,,in_catalogue,,100,`,
      ];
      const path = join(ledger.dir, 'claims.csv');
      writeFileSync(path, lines.join('\r\n') + '\r\n');
      const importer = ledger.app.get(ClaimCsvImport);
      const report = await importer.importFile(path);
      // R1: 14,000 × 30% + 10,000 × 60% = 10,200; R2: [6,000, 10,000] × 30% = 1,200 → 11,400 yuan.
      expect(report.rows.map((r) => [r.row, r.claimId ?? null, r.outcome, r.rule ?? null])).toEqual(
        [
          [2, 'CSV-1', 'adjudicated', null],
          [3, 'CSV-1', 'adjudicated', null],
          [4, 'CSV-2', 'rejected', 'claim.serviceDateWithinCoverage'],
          [5, 'CSV-3', 'refused', 'benefits.unknownResponsibility'],
          [6, null, 'invalid', 'csv.integerFen'],
        ],
      );
      expect(report.rows[0]).toMatchObject({
        personRef: person.personRef,
        claimPayoutFen: yuan(11_400),
      });
      expect(JSON.stringify(report)).not.toContain(person.idNumber);
      expect(report.summary).toMatchObject({
        rows: 5,
        claims: 3,
        payoutFen: yuan(11_400),
        adjudicated: 2,
        rejected: 1,
        refused: 1,
        invalid: 1,
      });
      const again = await importer.importFile(path);
      expect(again.rows.slice(0, 2).map((r) => r.outcome)).toEqual(['duplicate', 'duplicate']);
      expect(again.summary.payoutFen).toBe(0);
      const acc = await http
        .get(`${policy('yuyao-2024', person.personRef)}/accumulators`)
        .set(op)
        .expect(200);
      expect(acc.body.planPaidFen).toBe(yuan(11_400));
    });
  });
});
