import request from 'supertest';
import { composeResidentId } from '@ledger/domain';
import { LedgerViews } from '@ledger/ledger';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

type Line = {
  line: number;
  outcome: string;
  refunds?: { source: string; amountFen: number; kind: string; funder?: { name: string } }[];
  occurredAt?: string;
  rule?: string;
  messages?: { zh: string; en: string };
};

const EMPLOYER = { funderId: 'employer:91330281MA2AAAAA1X', name: '余姚某制造公司' };

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
        township: '兰江街道',
        occurredAt: '2023-10-15T10:00:00+08:00',
        contributions: [{ source: 'individual', amountFen: 10000 }],
      })
      .expect(201);
  });
  afterAll(() => ledger.close());

  it('enrolls the unenrolled as subsidized, refunds and re-records a self-payer, reports a line matching nobody in basic insurance', async () => {
    const csv = [
      'idNumber,name,category,scheme,insuredRegionCode,township,localHouseholdRegistration',
      `${selfPayer},甲,di_bao,resident,330281,兰江街道,是`,
      `${newcomer},乙,te_kun,resident,330281,低塘街道,是`,
      `${unmatched},丙,di_bao,,,,是`,
    ].join('\n');
    const body = {
      rosterId: 'civil-affairs-2023-11',
      source: '余姚市民政局',
      listDate: '2023-11-20',
      csv,
    };
    const res = await http.post('/plans/yuyao-2024/subsidy-rosters').send(body).expect(201);
    expect(res.body.lines.map((l: Line) => [l.line, l.outcome])).toEqual([
      [2, 'reclassified'],
      [3, 'enrolled_as_subsidized'],
      [4, 'unmatched_basic_insurance'],
    ]);
    expect(res.body.lines[0].refunds).toEqual([
      expect.objectContaining({ source: 'individual', amountFen: 10000, kind: 'refunded' }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain(selfPayer);
    const again = await http.post('/plans/yuyao-2024/subsidy-rosters').send(body).expect(201);
    expect(again.body.lines.map((l: Line) => l.outcome)).toEqual([
      'reclassified',
      'enrolled_as_subsidized',
      'unmatched_basic_insurance',
    ]);
    expect(again.body.summary).toEqual(res.body.summary);

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

  it('the same roster id with other lines or another list date is refused (409), never half-applied', async () => {
    const csv = `idNumber,category,scheme,insuredRegionCode\n${newcomer},te_kun,resident,330281\n`;
    const res = await http
      .post('/plans/yuyao-2024/subsidy-rosters')
      .send({
        rosterId: 'civil-affairs-2023-11',
        source: '余姚市民政局',
        listDate: '2023-11-19',
        csv,
      })
      .expect(409);
    expect(res.body.errors[0]).toMatchObject({ field: 'rosterId', rule: 'roster.sameIdSameList' });
  });

  it('a roster without its date is refused (400, field listDate); a list date in the future is 422 with a Chinese message in Shanghai dates', async () => {
    const res = await http
      .post('/plans/yuyao-2024/subsidy-rosters')
      .send({ rosterId: 'undated', source: '余姚市民政局', csv: 'idNumber,category\n1,di_bao\n' })
      .expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'listDate' });
    const future = await http
      .post('/plans/yuyao-2024/subsidy-rosters')
      .send({
        rosterId: 'undated',
        source: '余姚市民政局',
        listDate: '2023-11-21',
        csv: 'idNumber,category\n1,di_bao\n',
      })
      .expect(422);
    expect(future.body.errors[0]).toMatchObject({
      field: 'listDate',
      rule: 'roster.listDateNotFuture',
      messages: { zh: expect.stringContaining('2023年11月21日') },
    });
  });
});

/**
 * Issue 15: one roster, applied after the window closed and after coverage started (2024-02-01),
 * dated inside the window → reclassified and refunded; dated after coverage started → found late.
 */
describe('A roster is applied at its own date, not the date it reaches the ledger (DOMAIN.md: Interpretations 003 ③ and ④)', () => {
  const payer = composeResidentId('330281', '1962-03-04', 21);
  const employed = composeResidentId('330281', '1971-06-07', 23);
  const newcomer = composeResidentId('330281', '1955-01-02', 25);
  const csv = [
    'idNumber,name,category,scheme,insuredRegionCode,township,localHouseholdRegistration',
    `${payer},丁,di_bao,resident,330281,兰江街道,是`,
    `${employed},戊,di_bian,employee,330281,低塘街道,是`,
    `${newcomer},己,te_kun,resident,330281,陆埠镇,是`,
    `330281196203040000,庚,di_bao,resident,330281,兰江街道,是`,
  ].join('\n');

  async function applyDated(listDate: string) {
    const ledger = await startTestLedger('2023-10-20T10:00:00+08:00');
    const http = request(ledger.app.getHttpServer());
    try {
      await http
        .post('/plans/yuyao-2024/enrollments')
        .send({
          person: { idNumber: payer, localHouseholdRegistration: true },
          basicInsurance: { scheme: 'resident', insuredRegionCode: '330281' },
          township: '兰江街道',
          contributions: [{ source: 'individual', amountFen: 10000 }],
        })
        .expect(201);
      await http
        .post('/plans/yuyao-2024/enrollments')
        .send({
          person: { idNumber: employed, localHouseholdRegistration: true },
          basicInsurance: { scheme: 'employee', insuredRegionCode: '330281' },
          township: '低塘街道',
          contributions: [
            { source: 'employer', amountFen: 6000, funder: EMPLOYER, fund: 'union' },
            { source: 'individual', amountFen: 4000 },
          ],
        })
        .expect(201);
      ledger.clock.set(Date.parse('2024-02-01T09:00:00+08:00'));
      const res = await http
        .post('/plans/yuyao-2024/subsidy-rosters')
        .send({
          rosterId: `civil-affairs-${listDate}`,
          source: '余姚市民政局',
          listDate,
          receivedOn: '2024-02-01',
          csv,
        })
        .expect(201);
      await ledger.app.get(LedgerViews).caughtUp();
      const progress = (await http.get('/plans/yuyao-2024/progress').expect(200)).body;
      return { report: res.body, progress };
    } finally {
      await ledger.close();
    }
  }

  it('Roster reconciliation (003 ③): dated inside the window (2023-12-10), applied on 2024-02-01: every payer refunded, re-recorded as subsidized; the unenrolled enrolled as of the list date', async () => {
    const { report, progress } = await applyDated('2023-12-10');
    expect(report.lines.map((l: Line) => [l.line, l.outcome])).toEqual([
      [2, 'reclassified'],
      [3, 'reclassified'],
      [4, 'enrolled_as_subsidized'],
      [5, 'refused'],
    ]);
    expect(report.lines[0].refunds).toEqual([
      expect.objectContaining({ source: 'individual', amountFen: 10000, kind: 'refunded' }),
    ]);
    expect(report.lines[1].refunds).toEqual([
      expect.objectContaining({ source: 'employer', amountFen: 6000, funder: EMPLOYER }),
      expect.objectContaining({ source: 'individual', amountFen: 4000 }),
    ]);
    expect(report.lines[2].occurredAt).toBe('2023-12-10T15:59:59.999Z');
    expect(report.lines[3]).toMatchObject({
      rule: 'idNumber.checkCharacter',
      field: 'lines[3].idNumber',
      messages: { zh: expect.any(String), en: expect.any(String) },
    });
    expect(report.summary).toEqual({
      enrolled_as_subsidized: 1,
      reclassified: 2,
      already_subsidized: 0,
      found_late: 0,
      too_late_to_enroll: 0,
      unmatched_basic_insurance: 0,
      refused: 1,
      lines: 4,
      refundedFen: 20000,
    });
    expect(progress.county).toMatchObject({
      active: 3,
      bySource: { government_full_subsidy: 3 },
      premiumCollectedFen: 30000,
      // Dated inside the window, the subsidized enrollment counts at the deadline too.
      atDeadline: { active: 3 },
    });
  });

  it('Roster reconciliation (003 ④): the same roster dated after coverage started (2024-01-05) refunds nothing, enrolls nobody: each line reported as found late', async () => {
    const { report, progress } = await applyDated('2024-01-05');
    expect(report.lines.map((l: Line) => [l.line, l.outcome, l.refunds])).toEqual([
      [2, 'found_late', undefined],
      [3, 'found_late', undefined],
      [4, 'found_late', undefined],
      [5, 'refused', undefined],
    ]);
    expect(report.summary).toMatchObject({ found_late: 3, refused: 1, lines: 4, refundedFen: 0 });
    expect(progress.county).toMatchObject({
      active: 2,
      bySource: { individual: 2, employer: 1 },
      premiumCollectedFen: 20000,
    });
  });
});
