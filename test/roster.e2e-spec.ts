import request from 'supertest';
import { composeResidentId } from '@ledger/domain';
import { LedgerViews } from '@ledger/ledger';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

/** DOMAIN.md "Roster reconciliation" over HTTP, on Yuyao 2024 (003, window 2023-10-10..12-10). */
describe('Full-subsidy rosters (DOMAIN.md: Who pays, roster reconciliation)', () => {
  let ledger: TestLedger;
  let http: ReturnType<typeof request>;
  const selfPayer = composeResidentId('330281', '1960-02-02', 11);
  const newcomer = composeResidentId('330281', '1958-08-08', 13);
  const unmatched = composeResidentId('330281', '1950-05-05', 15);

  beforeAll(async () => {
    ledger = await startTestLedger('2023-11-20T10:00:00+08:00');
    http = request(ledger.app.getHttpServer());
    await http
      .post('/plans/yuyao-2024/enrollments')
      .send({
        person: { idNumber: selfPayer, localHouseholdRegistration: true },
        basicInsurance: { scheme: 'resident', insuredRegionCode: '330281' },
        townshipId: 't01',
        occurredAt: '2023-10-15T10:00:00+08:00',
        contributions: [{ source: 'individual', amountFen: 10000 }],
      })
      .expect(201);
  });
  afterAll(() => ledger.close());

  it('enrolls the unenrolled as subsidized, refunds and re-records a self-payer, reports a line matching nobody in basic insurance', async () => {
    const csv = [
      'idNumber,name,category,scheme,insuredRegionCode,townshipId,localHouseholdRegistration',
      `${selfPayer},甲,di_bao,resident,330281,t01,是`,
      `${newcomer},乙,te_kun,resident,330281,t02,是`,
      `${unmatched},丙,di_bao,,,,是`,
    ].join('\n');
    const res = await http
      .post('/plans/yuyao-2024/subsidy-rosters')
      .send({ rosterId: 'civil-affairs-2023-11', source: '余姚市民政局', csv })
      .expect(201);
    expect(res.body.lines.map((l: { outcome: string }) => l.outcome)).toEqual([
      'reclassified',
      'enrolled_as_subsidized',
      'unmatched_basic_insurance',
    ]);
    expect(JSON.stringify(res.body)).not.toContain(selfPayer);
    const again = await http
      .post('/plans/yuyao-2024/subsidy-rosters')
      .send({ rosterId: 'civil-affairs-2023-11', source: '余姚市民政局', csv })
      .expect(201);
    expect(again.body.lines.map((l: { outcome: string }) => l.outcome)).toEqual([
      'reclassified',
      'enrolled_as_subsidized',
      'unmatched_basic_insurance',
    ]);

    await ledger.app.get(LedgerViews).caughtUp();
    const subsidies = (await http.get('/plans/yuyao-2024/subsidies').expect(200)).body;
    expect(subsidies.totals).toMatchObject({ people: 2, amountFen: 20000 });
    const progress = (await http.get('/plans/yuyao-2024/progress').expect(200)).body;
    expect(progress.county).toMatchObject({
      active: 2,
      premiumCollectedFen: 20000,
      bySource: { government_full_subsidy: 2 },
    });
  });

  it('after coverage starts a roster match refunds nothing', async () => {
    const late = composeResidentId('330281', '1961-01-01', 17);
    await http
      .post('/plans/yuyao-2024/enrollments')
      .send({
        person: { idNumber: late, localHouseholdRegistration: true },
        basicInsurance: { scheme: 'resident', insuredRegionCode: '330281' },
        occurredAt: '2023-11-01T10:00:00+08:00',
        contributions: [{ source: 'individual', amountFen: 10000 }],
      })
      .expect(201);
    ledger.clock.set(Date.parse('2024-02-01T10:00:00+08:00'));
    const csv = `idNumber,category,scheme,insuredRegionCode\n${late},di_bao,resident,330281\n`;
    const res = await http
      .post('/plans/yuyao-2024/subsidy-rosters')
      .send({ rosterId: 'civil-affairs-2024-02', source: '余姚市民政局', csv })
      .expect(201);
    expect(res.body.lines[0].outcome).toBe('no_refund_after_coverage_start');
  });
});
