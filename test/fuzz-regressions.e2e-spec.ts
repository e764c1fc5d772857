import request from 'supertest';
import { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '@ledger/ledger';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

/**
 * Each 5xx the fuzz suite (fuzz.e2e-spec.ts) found, as a named regression test: the request it
 * sent, now refused with a 4xx naming the field and rule, and nothing written.
 */
describe('Fuzz findings (issue 13)', () => {
  let ledger: TestLedger;
  let http: () => ReturnType<typeof request>;
  const head = async () => (await ledger.app.get<EventStore>(EVENT_STORE).headPosition()).commit;

  beforeAll(async () => {
    ledger = await startTestLedger('2024-06-01T10:00:00+08:00');
    http = () => request(ledger.app.getHttpServer());
  });
  afterAll(() => ledger.close());

  async function refused(path: string, status: number, rule: string, field: string) {
    const before = await head();
    const res = await http().get(path);
    expect({ status: res.status, errors: res.body.errors }).toEqual({
      status,
      errors: expect.arrayContaining([expect.objectContaining({ rule, field })]),
    });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await head()).toBe(before);
  }

  describe('a repeated query parameter (seed 880200363: 500 from the date parser on an array)', () => {
    it.each([
      [
        '/plans/ganzhou-2024/progress?asOfPosition=1%2F2&asOfPosition=abc&format=xml',
        'asOfPosition',
      ],
      ['/plans/ganzhou-2024/progress?asOf=2024-01-31&asOf=2024-02-01', 'asOf'],
      ['/plans/ganzhou-2024/coinsurance?asOf=a&asOf=b', 'asOf'],
      ['/plans/ganzhou-2024/subsidies?asOfPosition=1&asOfPosition=2', 'asOfPosition'],
      ['/plans/ganzhou-2024/scorecard?asOf=x&asOf=y', 'asOf'],
      ['/plans/ganzhou-2024/payouts?asOf=x&asOf=y', 'asOf'],
    ])('GET %s is 400 query.single naming %s', async (path, field) => {
      await refused(path, 400, 'query.single', field);
    });
  });

  describe('a JSON township table with a member of the wrong kind (seed 890901541: 500 in the preview)', () => {
    const row = { name: '甲镇', district: '一片', base: 1000, targets: { required: 200 } };
    it.each([
      ['preview', 'table.rows[1].district', { rows: [row, { ...row, district: {} }] }],
      ['preview', 'table.rows[0].base', { rows: [{ ...row, base: { x: 1 } }] }],
      ['apply', 'table.rows[0].targets', { rows: [{ ...row, targets: [] }] }],
    ])('%s is 422 table.shape naming %s', async (step, field, table) => {
      const before = await head();
      const res = await http()
        .post(`/plans/qingliu-2025/township-tables${step === 'preview' ? '/preview' : ''}`)
        .send({
          source: 'fuzz',
          table,
          ...(step === 'apply' ? { fingerprint: '0'.repeat(20) } : {}),
        });
      expect({ status: res.status, errors: res.body.errors }).toEqual({
        status: 422,
        errors: [expect.objectContaining({ rule: 'table.shape', field })],
      });
      expect(await head()).toBe(before);
    });
  });

  describe('a plan amendment whose coalition has a member id of the wrong kind (seed 895985066: recorded, then the year-end report failed with a 500)', () => {
    it('PATCH /plans/{planId} with a numeric insurerId is 422 and writes nothing', async () => {
      const before = await head();
      const res = await http()
        .patch('/plans/ganzhou-2024')
        .send({
          changes: {
            coalition: {
              leadInsurerId: 'picc-pc',
              members: [{ insurerId: 7, name: { zh: '人保财险', en: 'PICC' }, shareBp: 10000 }],
            },
          },
          reason: 'fuzz',
        });
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body.errors)).toContain('coalition.members[0].insurerId');
      expect(await head()).toBe(before);
    });
  });
});
