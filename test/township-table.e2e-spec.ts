import request from 'supertest';
import { composeResidentId } from '@ledger/domain';
import { LedgerViews } from '@ledger/ledger';
import { NINGDU_TOWNSHIP_TABLE } from '@ledger/plans';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

const ROWS = NINGDU_TOWNSHIP_TABLE.rows;
const csvOf = (rows: typeof ROWS, total = '') =>
  ['township,base,required', ...rows.map((r) => `${r.name},${r.base},${r.targets.required}`), total]
    .filter(Boolean)
    .join('\n');

/** Issue 15 §1 "Must show", over HTTP on Ganzhou 2024 (000, the Ningdu table). */
describe('Township tables: stable identities, a diff before applying (issue 15; DOMAIN.md: Targets and township progress)', () => {
  let ledger: TestLedger;
  let http: ReturnType<typeof request>;
  let seq = 1;
  const caughtUp = () => ledger.app.get(LedgerViews).caughtUp();
  const enroll = (where: Record<string, string>) =>
    http.post('/plans/ganzhou-2024/enrollments').send({
      person: { idNumber: composeResidentId('360730', '1975-04-04', seq++) },
      basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
      contributions: [{ source: 'individual', amountFen: 10000 }],
      ...where,
    });
  const county = async () => {
    await caughtUp();
    const p = (await http.get('/plans/ganzhou-2024/progress').expect(200)).body;
    return {
      active: p.county.active,
      base: p.county.baseParticipants,
      required: p.county.targets.required.target,
      unassigned: p.unassigned?.active ?? 0,
      t01: p.townships.find((t: { id: string }) => t.id === 't01'),
    };
  };

  beforeAll(async () => {
    ledger = await startTestLedger('2024-01-10T10:00:00+08:00');
    http = request(ledger.app.getHttpServer());
    for (let i = 0; i < 4; i++) await enroll({ township: '城市社区管委会' }).expect(201);
    for (let i = 0; i < 2; i++) await enroll({ townshipId: '梅江镇' }).expect(201);
    await enroll({ townshipId: 't02' }).expect(201);
  });
  afterAll(() => ledger.close());

  it('enrollments name a township by id or exact Chinese name; an unknown one is refused naming it as written', async () => {
    const res = await enroll({ township: '梅江' }).expect(422);
    expect(res.body.errors[0]).toMatchObject({
      field: 'township',
      rule: 'enrollment.knownTownship',
      messages: { zh: '乡镇“梅江”不在本保险方案的乡镇名单中，请核对乡镇名称或代码' },
    });
    expect(await county()).toMatchObject({ active: 7, unassigned: 0 });
  });

  it('a partial copy (3 rows): the diff names the 22 missing townships and the enrollments they hold; the apply is refused naming them; with an explicit mapping it applies and the county totals are unchanged', async () => {
    const before = await county();
    const partial = { source: '宁都县 附件2（部分）', csv: csvOf([ROWS[1], ROWS[2], ROWS[4]]) };
    const preview = (
      await http.post('/plans/ganzhou-2024/township-tables/preview').send(partial).expect(200)
    ).body;
    expect(preview.applicable).toBe(false);
    expect(preview.diff.removed).toHaveLength(22);
    expect(
      preview.diff.needsMapping.map((t: { name: string; enrollments: { active: number } }) => [
        t.name,
        t.enrollments.active,
      ]),
    ).toEqual([
      ['城市社区管委会', 4],
      ['梅江镇', 2],
    ]);
    expect(preview.diff.unchanged.map((t: { name: string }) => t.name)).toEqual([
      '肖田乡',
      '蔡江乡',
      '洛口镇',
    ]);

    const refused = await http
      .post('/plans/ganzhou-2024/township-tables')
      .send({ ...partial, fingerprint: preview.fingerprint })
      .expect(409);
    expect(refused.body.errors[0]).toMatchObject({
      field: 'mapping',
      rule: 'table.mappingRequired',
      params: {
        townships: [
          expect.objectContaining({ townshipId: 't01', name: '城市社区管委会', enrollments: 4 }),
          expect.objectContaining({ townshipId: 't04', name: '梅江镇', enrollments: 2 }),
        ],
      },
    });
    expect(refused.body.errors[0].messages.zh).toContain(
      '城市社区管委会（表中没有，已有参保记录 4 条）、梅江镇（表中没有，已有参保记录 2 条）',
    );
    const unconfirmed = await http
      .post('/plans/ganzhou-2024/township-tables')
      .send(partial)
      .expect(422);
    expect(unconfirmed.body.errors[0]).toMatchObject({
      field: 'fingerprint',
      rule: 'table.confirmationRequired',
    });
    expect(await county()).toEqual(before);

    const mapping = Object.fromEntries(
      ROWS.filter((_, i) => ![1, 2, 4].includes(i)).map((r) => [r.name, '保留']),
    );
    const stale = await http
      .post('/plans/ganzhou-2024/township-tables')
      .send({ ...partial, mapping, fingerprint: preview.fingerprint })
      .expect(409);
    expect(stale.body.errors[0].rule).toBe('table.previewChanged');
    const mapped = (
      await http
        .post('/plans/ganzhou-2024/township-tables/preview')
        .send({ ...partial, mapping })
        .expect(200)
    ).body;
    expect(mapped.applicable).toBe(true);
    expect(mapped.diff.kept).toHaveLength(22);
    expect(mapped.diff.totals.before).toEqual(mapped.diff.totals.after);
    const applied = await http
      .post('/plans/ganzhou-2024/township-tables')
      .send({ ...partial, mapping, fingerprint: mapped.fingerprint })
      .expect(201);
    expect(applied.body.changes).toMatchObject({ added: [], removed: [] });
    expect(await county()).toEqual(before);
  });

  it('a reordered copy with its 合计 row: matched by name, nothing moves; 合计 is checked, not imported (658,157 / 131,631 stated, 658,139 / 131,630 in the rows)', async () => {
    const before = await county();
    const body = {
      source: '宁都县 附件2（重排）',
      csv: csvOf([...ROWS].reverse(), '合计,658157,131631'),
    };
    const preview = (
      await http.post('/plans/ganzhou-2024/township-tables/preview').send(body).expect(200)
    ).body;
    expect(preview.diff).toMatchObject({ added: [], removed: [], renamed: [], needsMapping: [] });
    expect(preview.diff.unchanged).toHaveLength(25);
    expect(preview.townships).toBe(25);
    expect(preview.discrepancies.map((d: { message: string }) => d.message)).toEqual([
      'stated total base 658157 but the rows add up to 658139',
      'stated total required 131631 but the rows add up to 131630',
    ]);
    await http
      .post('/plans/ganzhou-2024/township-tables')
      .send({ ...body, fingerprint: preview.fingerprint })
      .expect(201);
    expect(await county()).toEqual(before);
  });

  it('a township renamed in the table keeps its id (and its enrollments) only when the mapping says so', async () => {
    const renamed = ROWS.map((r) => (r.name === '城市社区管委会' ? { ...r, name: '城市社区' } : r));
    const body = { source: '宁都县 附件2（更名）', csv: csvOf(renamed) };
    const preview = (
      await http.post('/plans/ganzhou-2024/township-tables/preview').send(body).expect(200)
    ).body;
    expect(preview.diff.removed).toEqual([
      expect.objectContaining({ townshipId: 't01', name: '城市社区管委会' }),
    ]);
    expect(preview.diff.added).toEqual([
      expect.objectContaining({ name: '城市社区', townshipId: 't26' }),
    ]);
    const withMapping = { ...body, mapping: { 城市社区管委会: '城市社区' } };
    const mapped = (
      await http.post('/plans/ganzhou-2024/township-tables/preview').send(withMapping).expect(200)
    ).body;
    expect(mapped.diff.renamed).toEqual([
      expect.objectContaining({
        townshipId: 't01',
        from: '城市社区管委会',
        to: '城市社区',
        by: 'mapping',
        enrollments: { active: 4, pending: 0, enrolled: 4 },
      }),
    ]);
    await http
      .post('/plans/ganzhou-2024/township-tables')
      .send({ ...withMapping, fingerprint: mapped.fingerprint })
      .expect(201);
    const after = await county();
    expect(after).toMatchObject({
      active: 7,
      unassigned: 0,
      t01: { name: { zh: '城市社区' }, active: 4 },
    });
    await enroll({ township: '城市社区' }).expect(201);
    expect((await county()).t01.active).toBe(5);
  });
});
