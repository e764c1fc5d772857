import { encode } from 'iconv-lite';
import request from 'supertest';
import { addDays, composeResidentId, TownshipTable } from '@ledger/domain';
import { NINGDU_TOWNSHIP_TABLE } from '@ledger/plans';
import { EnrollmentFileImport, EnrollmentLineResult, LedgerViews } from '@ledger/ledger';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binary, sheetRows, workbook } from './support/binary';
import { startTestLedger, TestLedger } from './support/ledger-test-app';

const HEADER = [
  '序号',
  '身份证号码',
  '姓名',
  '参保类别',
  '参保地区代码',
  '乡镇',
  '缴费来源',
  '金额',
  '参保时间',
];

/** A valid, distinct ID number for row i (11 birth dates × 1,000 sequence numbers). */
const idOf = (i: number) =>
  composeResidentId('360730', addDays('1950-01-01', Math.floor(i / 1000) * 400), i % 1000);
/** The same number with its last character changed: a typo a check character catches. */
const mistyped = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

describe('Uploads the way operators have their data (issue 15 §4)', () => {
  let ledger: TestLedger;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    ledger = await startTestLedger('2024-01-20T10:00:00+08:00');
    http = request(ledger.app.getHttpServer());
  });
  afterAll(() => ledger.close());

  /** Follows a job to its end, keeping every percentage it reported. */
  async function finished(jobId: string) {
    const percents: number[] = [];
    for (;;) {
      const { body } = await http.get(`/import-jobs/${jobId}`).expect(200);
      percents.push(body.percent);
      if (body.status === 'succeeded' || body.status === 'failed') return { job: body, percents };
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  describe('10,000 enrollments as XLSX over HTTP (Must show)', () => {
    // Excel row numbers: 1 title, 2 header, data from 3. Refused on purpose:
    const badId = (row: number) => row % 97 === 0; // a mistyped ID number
    const badAmount = (row: number) => row % 251 === 0; // 99 yuan where the premium is 100
    const badTownship = (row: number) => row % 1009 === 0; // a township not in the plan
    const rowsOf = () => {
      const rows: unknown[][] = [['宁都县城市社区便民服务中心 2024 年赣州惠民保参保名单'], HEADER];
      for (let i = 0; i < 10_000; i++) {
        const row = i + 3;
        rows.push([
          i + 1,
          badId(row) ? mistyped(idOf(i)) : idOf(i),
          '测试',
          i % 2 ? '城乡居民' : '职工',
          '360730',
          badTownship(row) ? '不存在乡' : i % 3 ? '梅江镇' : '城市社区管委会',
          '个人缴费',
          badAmount(row) ? 99 : 100,
          new Date(Date.UTC(2023, 11, 22, 9, 30)), // an Excel date: Beijing wall time
        ]);
      }
      return rows;
    };
    const refusedRows = Array.from({ length: 10_000 }, (_, i) => i + 3).filter(
      (r) => badId(r) || badAmount(r) || badTownship(r),
    );
    let jobId: string;
    let summary: Record<string, number>;
    let file: Buffer;

    it('runs as a job with status and percentage; the results file lists every refused line with its original line number and a Chinese message', async () => {
      file = await workbook(rowsOf(), '参保名单');
      const accepted = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .attach('file', file, '参保名单.xlsx')
        .expect(202);
      expect(accepted.body).toMatchObject({
        kind: 'enrollments',
        planId: 'ganzhou-2024',
        fileName: '参保名单.xlsx',
        created: true,
        status: expect.stringMatching(/queued|running/),
      });
      jobId = accepted.body.jobId;
      expect(accepted.headers.location).toBe(`/import-jobs/${jobId}`);
      const { job, percents } = await finished(jobId);
      expect(job).toMatchObject({ status: 'succeeded', percent: 100, done: 10_000, total: 10_000 });
      expect(job.file).toEqual({ format: 'xlsx', sheet: '参保名单' });
      expect([...percents].sort((a, b) => a - b)).toEqual(percents); // never goes back
      summary = job.summary;
      expect(summary).toEqual({
        lines: 10_000 - 0,
        enrolled: 10_000 - refusedRows.length,
        replayed: 0,
        refused: refusedRows.length,
        invalid: 0,
        failed: 0,
      });

      const xlsx = await http
        .get(`/import-jobs/${jobId}/results`)
        .query({ format: 'xlsx' })
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      expect(xlsx.headers['content-disposition']).toContain(
        encodeURIComponent('导入结果-参保名单'),
      );
      const rows = await sheetRows(xlsx.body as Buffer);
      expect(rows.get(1)?.slice(0, 4)).toEqual(['行号 Line', '结果 Outcome', '说明', 'Message']);
      const lines = [...rows.values()].slice(1);
      expect(lines.map((r) => r[0])).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 3));
      const refused = lines.filter((r) => r[1] === '未受理');
      expect(refused.map((r) => r[0])).toEqual(refusedRows);
      const byLine = new Map(lines.map((r) => [r[0] as number, r]));
      expect(byLine.get(97 * 2)).toEqual(
        expect.arrayContaining([
          '未受理',
          '身份证号码有误：校验位不符，请对照身份证逐位核对号码',
          '身份证号码',
          'idNumber.checkCharacter',
        ]),
      );
      expect(byLine.get(251)?.[2]).toBe('缴费金额合计 99.00 元，与应缴保费 100.00 元不符');
      expect(byLine.get(1009)).toEqual(
        expect.arrayContaining([
          '乡镇“不存在乡”不在本保险方案的乡镇名单中，请核对乡镇名称或代码',
          '乡镇',
          'enrollment.knownTownship',
        ]),
      );
      expect(byLine.get(3)).toEqual(expect.arrayContaining(['已参保', 'enrolled', '100.00']));
      // No personal data in the results file: line numbers point back into the clerk's own file.
      expect(JSON.stringify(lines)).not.toContain(idOf(0));

      const csv = await http
        .get(`/import-jobs/${jobId}/results`)
        .query({ format: 'csv' })
        .expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const csvLines = csv.text.split('\r\n');
      expect(csvLines[0]).toBe(
        '\uFEFF行号 Line,结果 Outcome,说明,Message,Outcome,列 Column,规则 Rule,参保人编号 personRef,编号 Reference,金额（元） Amount (yuan)',
      );
      expect(csvLines.filter((l) => l.includes(',未受理,'))).toHaveLength(refusedRows.length);

      await ledger.app.get(LedgerViews).caughtUp();
      const progress = (await http.get('/plans/ganzhou-2024/progress').expect(200)).body;
      expect(progress.county.active).toBe(summary.enrolled);
    });

    it('the same file again finds its job and writes nothing twice; under another import id every line is decided again and refused as a duplicate', async () => {
      const again = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .attach('file', file, '参保名单（重发）.xlsx')
        .expect(202);
      expect(again.body).toMatchObject({ jobId, created: false, status: 'succeeded' });
      const rerun = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .field('importId', 'ningdu-2024-01-20')
        .attach('file', file, '参保名单.xlsx')
        .expect(202);
      const { job } = await finished(rerun.body.jobId);
      // A new import id decides every line again: accepted people are now duplicates.
      expect(job.summary).toMatchObject({ enrolled: 0, refused: 10_000 });
      await ledger.app.get(LedgerViews).caughtUp();
      const progress = (await http.get('/plans/ganzhou-2024/progress').expect(200)).body;
      expect(progress.county.active).toBe(summary.enrolled);
    });
  });

  describe('CSV in GBK, JSON Lines, the file as the body', () => {
    const csvRows = (ids: string[]) =>
      [
        '身份证号码,姓名,参保类别,参保地区代码,乡镇,缴费来源,金额（元）,参保时间',
        ...ids.map((id, i) => `${id},张${i},城乡居民,360730,肖田乡,个人缴费,100.00,2024/1/5 10:00`),
      ].join('\r\n');

    it('a GBK CSV (Excel on Chinese Windows) is read as Chinese, never recorded as mojibake', async () => {
      const ids = [
        composeResidentId('360730', '1991-01-01', 1),
        composeResidentId('360730', '1991-01-01', 3),
      ];
      const res = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .attach('file', encode(csvRows(ids), 'gbk'), '名单.csv')
        .expect(202);
      const { job } = await finished(res.body.jobId);
      expect(job).toMatchObject({
        status: 'succeeded',
        file: { format: 'csv', encoding: 'gb18030' },
      });
      expect(job.summary).toMatchObject({ enrolled: 2, refused: 0, invalid: 0 });
      const results = (await http.get(`/import-jobs/${job.jobId}/results`).expect(200)).body;
      const lookup = await http
        .post('/plans/ganzhou-2024/policies/lookup')
        .set('x-access-purpose', 'check-the-upload')
        .send({ idNumber: ids[0] })
        .expect(200);
      expect(results.lines[0]).toMatchObject({
        line: 2,
        outcome: 'enrolled',
        personRef: lookup.body.personRef,
      });
    });

    it('the file may be the whole body (text/csv), fields in the query; JSON Lines as well', async () => {
      const id = composeResidentId('360730', '1991-02-02', 5);
      const res = await http
        .post('/plans/ganzhou-2024/enrollment-imports?importId=raw-csv-1')
        .set('content-type', 'text/csv')
        .send(Buffer.from(csvRows([id]), 'utf8'))
        .expect(202);
      expect(res.body.importId).toBe('raw-csv-1');
      expect((await finished(res.body.jobId)).job.summary).toMatchObject({ enrolled: 1 });
      const jsonl = JSON.stringify({
        person: { idNumber: composeResidentId('360730', '1991-03-03', 7) },
        basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
        occurredAt: '2024-01-05T10:00:00+08:00',
        contributions: [{ source: 'individual', amountFen: 10000 }],
      });
      const lines = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .set('content-type', 'application/x-ndjson')
        .send(Buffer.from(`# one line\n${jsonl}\n`))
        .expect(202);
      expect((await finished(lines.body.jobId)).job).toMatchObject({
        file: { format: 'jsonl' },
        summary: { enrolled: 1 },
      });
    });

    it('consecutive rows of one person are one enrollment paid by two sources; a refusal points at the row and column', async () => {
      const a = composeResidentId('360730', '1970-04-04', 21);
      const b = composeResidentId('360730', '1970-04-04', 23);
      const csv = [
        '身份证号码,参保类别,参保地区代码,缴费来源,金额,缴费人身份证号码,与账户持有人关系',
        `${a},职工,360730,个人账户,60,,`,
        `${a},职工,360730,个人缴费,40,,`,
        `${b},城乡居民,360730,个人缴费,50,,`,
        `${b},城乡居民,360730,现金,50,,`,
      ].join('\n');
      const res = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .attach('file', Buffer.from(csv), 'two-sources.csv')
        .expect(202);
      const { job } = await finished(res.body.jobId);
      expect(job.summary).toMatchObject({ lines: 2, enrolled: 1, invalid: 1 });
      const results = (await http.get(`/import-jobs/${job.jobId}/results`).expect(200)).body;
      expect(results.lines).toEqual([
        expect.objectContaining({ line: 2, outcome: 'enrolled', amountFen: 10000 }),
        expect.objectContaining({ line: 3, outcome: 'enrolled' }),
        expect.objectContaining({
          line: 4,
          outcome: 'invalid',
          zh: '同一参保人的第 5 行有误，整人未受理',
          en: 'another row of the same person (line 5) was refused, so none of their rows was recorded',
        }),
        expect.objectContaining({
          line: 5,
          outcome: 'invalid',
          rule: 'import.source',
          column: '缴费来源',
          zh: '缴费来源应为：个人缴费、个人账户、单位、财政全额资助、部门资助、村集体或慈善',
        }),
      ]);
    });
  });

  describe('refusals of the file as a whole answer at once, in Chinese', () => {
    it('an unknown plan, a file with no file, an old .xls, a header with an unknown column, a JSON body', async () => {
      const csv = Buffer.from('身份证号码,参保类别,参保地区代码,金额\n1,职工,360730,100\n');
      const unknownPlan = await http
        .post('/plans/nowhere-2024/enrollment-imports')
        .attach('file', csv, 'a.csv')
        .expect(404);
      expect(unknownPlan.body.errors[0]).toMatchObject({
        rule: 'plan.notFound',
        message: '没有这个保险方案',
      });
      const noFile = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .field('importId', 'x')
        .expect(400);
      expect(noFile.body.errors[0]).toMatchObject({ rule: 'upload.file' });
      const xls = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .attach(
          'file',
          Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
          'old.xls',
        )
        .expect(422);
      expect(xls.body.errors[0].message).toContain('另存为 Excel 工作簿（.xlsx）');
      const header = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .attach(
          'file',
          Buffer.from('身份证号码,参保类别,参保地区代码,金额,身份证号吗\n'),
          'typo.csv',
        )
        .expect(422);
      expect(header.body.errors[0]).toMatchObject({ rule: 'file.header', field: 'header' });
      expect(header.body.errors[0].message).toContain('不认识的列：身份证号吗');
      const json = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .send({ enrollments: [] })
        .expect(415);
      expect(json.body.errors[0]).toMatchObject({
        rule: 'upload.fileRequired',
        message:
          '此处只接受文件：请以 multipart/form-data（字段 file）上传 CSV、Excel 工作簿（.xlsx）或 JSON Lines 文件',
      });
      const english = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .set('accept-language', 'en')
        .attach('file', Buffer.from('身份证号码,金额\n'), 'typo.csv')
        .expect(422);
      expect(english.body.errors[0].message).toContain('missing column "参保类别" (scheme)');
    });

    it('a file over 20 MB is 413 upload.tooLarge; two files are 400', async () => {
      const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
      const res = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .attach('file', big, 'big.csv')
        .expect(413);
      expect(res.body.errors[0]).toMatchObject({
        rule: 'upload.tooLarge',
        message: '文件过大，请拆分后分批上传',
      });
      const two = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .attach('file', Buffer.from('a'), 'a.csv')
        .attach('file', Buffer.from('b'), 'b.csv')
        .expect(400);
      expect(two.body.errors[0].rule).toBe('upload.tooManyFiles');
    });

    it('an Idempotency-Key is bound to the file: the same key with another file is 422', async () => {
      const file = (n: number) =>
        Buffer.from(
          `身份证号码,参保类别,参保地区代码,金额,参保时间\n${composeResidentId('360730', '1980-09-09', n)},职工,360730,100,2024-01-05\n`,
        );
      const first = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .set('idempotency-key', 'upload-key-1')
        .attach('file', file(31), 'a.csv')
        .expect(202);
      const same = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .set('idempotency-key', 'upload-key-1')
        .attach('file', file(31), 'a.csv')
        .expect(202);
      expect(same.headers['idempotent-replayed']).toBe('true');
      expect(same.body.jobId).toBe(first.body.jobId);
      const other = await http
        .post('/plans/ganzhou-2024/enrollment-imports')
        .set('idempotency-key', 'upload-key-1')
        .attach('file', file(33), 'a.csv')
        .expect(422);
      expect(other.body.errors[0].rule).toBe('idempotency.keyReused');
      await finished(first.body.jobId);
    });
  });

  describe('claims over HTTP (new): a CSV or XLSX file as a job', () => {
    it('adjudicates a claim file uploaded as XLSX with Chinese headers; sent again it finds its job', async () => {
      const id = composeResidentId('360730', '1975-05-05', 41);
      await http
        .post('/plans/ganzhou-2024/enrollments')
        .send({
          person: { idNumber: id },
          basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
          occurredAt: '2024-01-05T10:00:00+08:00',
          contributions: [{ source: 'individual', amountFen: 10000 }],
        })
        .expect(201);
      const file = await workbook([
        [
          '方案编号',
          '身份证号码',
          '理赔编号',
          '就诊日期',
          '就诊医院',
          '总费用（分）',
          '基本医保支付（分）',
          '大病保险支付（分）',
          '医疗救助支付（分）',
          '保障责任',
          '个人负担（分）',
        ],
        [
          'ganzhou-2024',
          id,
          'XL-1',
          new Date(Date.UTC(2024, 0, 10)),
          '宁都县人民医院',
          10_000_000,
          6_000_000,
          2_000_000,
          0,
          'in_catalogue',
          2_000_000,
        ],
        ['ganzhou-2024', id, 'XL-2', '2024-01-11', '宁都县人民医院', 100, 0, 0, 0, 'R9', 100],
      ]);
      const res = await http.post('/claim-imports').attach('file', file, '理赔.xlsx').expect(202);
      const { job } = await finished(res.body.jobId);
      expect(job.summary).toMatchObject({
        rows: 2,
        claims: 2,
        adjudicated: 1,
        refused: 1,
        payoutFen: 275_000,
      });
      const results = (await http.get(`/import-jobs/${job.jobId}/results`).expect(200)).body;
      expect(results.lines).toEqual([
        expect.objectContaining({
          line: 2,
          outcome: 'adjudicated',
          reference: 'XL-1',
          amountFen: 275_000,
        }),
        expect.objectContaining({
          line: 3,
          outcome: 'refused',
          rule: 'benefits.unknownResponsibility',
          zh: '本方案没有这项保障责任，请核对责任代码',
        }),
      ]);
      const again = await http.post('/claim-imports').attach('file', file, '理赔.xlsx').expect(202);
      expect(again.body).toMatchObject({ jobId: job.jobId, created: false });
    });
  });

  describe('township tables and rosters as files (same route, same decision as the JSON body)', () => {
    const table: TownshipTable = NINGDU_TOWNSHIP_TABLE;
    const chinese = [
      ['乡（镇）', '基本医保参保人数（城乡居民）', '2024年1月31日应达到投保人数'],
      ...table.rows.map((r) => [r.name, r.base!, r.targets.required!]),
      ['合计', table.statedTotal!.base!, table.statedTotal!.targets.required!],
    ];
    const english = [
      'township,base,required',
      ...table.rows.map((r) => `${r.name},${r.base},${r.targets.required}`),
      `total,${table.statedTotal!.base},${table.statedTotal!.targets.required}`,
    ].join('\n');

    it('000 as GBK CSV and as XLSX with Chinese headers preview as the UTF-8 JSON body does, and apply with its fingerprint; 合计 is checked, not a township', async () => {
      const viaJson = await http
        .post('/plans/ganzhou-2024/township-tables/preview')
        .send({ source: '宁都县 附件2', csv: english })
        .expect(200);
      const gbk = encode(chinese.map((r) => r.join(',')).join('\r\n'), 'gbk');
      const viaGbk = await http
        .post('/plans/ganzhou-2024/township-tables/preview')
        .field('source', '宁都县 附件2')
        .attach('file', gbk, '附件2.csv')
        .expect(200);
      const xlsx = await workbook([['宁都县“赣州惠民保”参保动员工作任务分配表'], ...chinese]);
      const viaXlsx = await http
        .post('/plans/ganzhou-2024/township-tables/preview')
        .field('source', '宁都县 附件2')
        .attach('file', xlsx, '附件2.xlsx')
        .expect(200);
      const report = (b: Record<string, unknown>) => ({
        diff: b.diff,
        totals: b.totals,
        discrepancies: b.discrepancies,
        fingerprint: b.fingerprint,
      });
      expect(report(viaGbk.body)).toEqual(report(viaJson.body));
      expect(report(viaXlsx.body)).toEqual(report(viaJson.body));
      expect(JSON.stringify(viaGbk.body.discrepancies)).toContain('658157');
      // Applied as the clerk's XLSX again, with the fingerprint the preview showed.
      const applied = await http
        .post('/plans/ganzhou-2024/township-tables')
        .field('source', '宁都县 附件2')
        .field('fingerprint', viaXlsx.body.fingerprint)
        .attach('file', xlsx, '附件2.xlsx')
        .expect(201);
      expect(applied.body.townships).toBe(25);
    });

    it('a roster as XLSX with Chinese headers and categories (低保, 特困), line numbers as Excel shows them', async () => {
      const yuyao = await startTestLedger('2023-11-20T10:00:00+08:00');
      try {
        const rosterHttp = request(yuyao.app.getHttpServer());
        const a = composeResidentId('330281', '1958-08-08', 13);
        const b = composeResidentId('330281', '1950-05-05', 15);
        const file = await workbook([
          ['余姚市民政局 资助参保名单（2023年11月）'],
          ['身份证号码', '姓名', '资助类别', '参保类别', '参保地区代码', '本市户籍'],
          [a, '乙', '特困', '城乡居民', '330281', '是'],
          [b, '丙', '低保', '', '', '是'],
        ]);
        const res = await rosterHttp
          .post('/plans/yuyao-2024/subsidy-rosters')
          .field('rosterId', 'civil-affairs-2023-11')
          .field('source', '余姚市民政局')
          .field('listDate', '2023-11-15')
          .attach('file', file, '名单.xlsx')
          .expect(201);
        expect(res.body.lines).toEqual([
          expect.objectContaining({ line: 3, outcome: 'enrolled_as_subsidized' }),
          expect.objectContaining({ line: 4, outcome: 'unmatched_basic_insurance' }),
        ]);
      } finally {
        await yuyao.close();
      }
    });
  });

  describe('a large JSON Lines file is streamed, each line decoded on its own', () => {
    it('a line that is not UTF-8 is refused as such, never recorded as mojibake; the other lines count', async () => {
      const line = (n: number, name: string) =>
        JSON.stringify({
          person: { idNumber: composeResidentId('360730', '1993-03-03', n), name },
          basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
          occurredAt: '2024-01-05T10:00:00+08:00',
          contributions: [{ source: 'individual', amountFen: 10000 }],
        });
      const path = join(ledger.dir, 'stream.jsonl');
      writeFileSync(
        path,
        Buffer.concat([
          Buffer.from(`\uFEFF${line(1, '张三')}\n`, 'utf8'),
          encode(`${line(3, '李四')}\n`, 'gbk'),
          Buffer.from(`${line(5, '王五')}\n`, 'utf8'),
        ]),
      );
      const results: EnrollmentLineResult[] = [];
      const report = await ledger.app.get(EnrollmentFileImport).importFile('ganzhou-2024', path, {
        actor: 'test',
        streamAboveBytes: 0,
        onLine: (r) => results.push(r),
      });
      expect(report).toMatchObject({ format: 'jsonl', summary: { enrolled: 2, invalid: 1 } });
      expect(results[1]).toMatchObject({
        line: 2,
        outcome: 'invalid',
        errors: [{ field: 'line', rule: 'file.encoding' }],
      });
    });
  });

  describe('chunks are decided two at a time (docs/performance.md, issue 17)', () => {
    it('a person in two consecutive chunks is enrolled by the earlier line; results come in line order', async () => {
      const line = (n: number, name: string) =>
        JSON.stringify({
          person: { idNumber: composeResidentId('360730', '1994-04-04', n), name },
          basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
          occurredAt: '2024-01-05T10:00:00+08:00',
          contributions: [{ source: 'individual', amountFen: 10000 }],
        });
      // Chunks of two: [1, 2] [3, 4] [5, 6] [7]; lines 2 and 3, and 4 and 6, are the same person.
      const people = [11, 13, 13, 15, 17, 15, 19];
      const path = join(ledger.dir, 'chunks.jsonl');
      writeFileSync(path, people.map((n, i) => `${line(n, `人${i + 1}`)}\n`).join(''));
      const results: EnrollmentLineResult[] = [];
      const report = await ledger.app.get(EnrollmentFileImport).importFile('ganzhou-2024', path, {
        actor: 'test',
        batchSize: 2,
        onLine: (r) => results.push(r),
      });
      expect(results.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(results.map((r) => r.outcome)).toEqual([
        'enrolled',
        'enrolled',
        'refused',
        'enrolled',
        'enrolled',
        'refused',
        'enrolled',
      ]);
      expect(report.summary).toMatchObject({ lines: 7, enrolled: 5 });
    });
  });

  it('the OpenAPI document describes the upload routes as multipart/form-data', async () => {
    const doc = (await http.get('/docs-json').expect(200)).body;
    for (const path of [
      '/plans/{planId}/enrollment-imports',
      '/claim-imports',
      '/plans/{planId}/township-tables',
      '/plans/{planId}/subsidy-rosters',
    ]) {
      expect(Object.keys(doc.paths[path].post.requestBody.content)).toContain(
        'multipart/form-data',
      );
    }
  });
});
