import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { composeResidentId, importTownshipTable } from '@ledger/domain';
import { GANZHOU_2024, NINGDU_TOWNSHIP_TABLE } from '@ledger/plans';
import { demoEnrollments } from '@ledger/ledger';
import { sheetRows, workbook } from './support/binary';

const runFile = promisify(execFile);
const CLI = join(__dirname, '..', 'dist', 'apps', 'ledger-cli', 'src', 'main.js');

describe('ledger CLI (issue 3 §5): import a table, rebuild, progress as of, verify the log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
  const env = {
    ...process.env,
    LEDGER_DATA_DIR: dir,
    LEDGER_PERSON_REF_KEY: randomBytes(32).toString('base64'),
    LEDGER_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  /** Runs the compiled CLI; English unless the test asks for Chinese (LEDGER_LANG). */
  const run = async (lang: 'en' | 'zh' | undefined, args: string[]) => {
    const withLang = lang ? { ...env, LEDGER_LANG: lang } : env;
    try {
      const { stdout, stderr } = await runFile(process.execPath, [CLI, ...args], { env: withLang });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const cli = (...args: string[]) => run('en', args);
  const zh = (...args: string[]) => run('zh', args);

  it('loads the demo, prints progress (now and as of the deadline), rebuilds, imports a table with its report', async () => {
    expect((await cli('demo', '2')).stdout).toMatch(/demo: \d+ enrollments/);
    const now = await cli('progress', 'ganzhou-2024');
    expect(now.stdout).toContain('肖田乡');
    const asOf = await cli(
      'progress',
      'ganzhou-2024',
      '--as-of',
      '2024-01-31T23:59:59+08:00',
      '--csv',
    );
    expect(asOf.stdout.split('\r\n')[0]).toContain(
      'level,levelName,id,name,nameEn,districtId,base,active',
    );
    const rebuilt = await cli('rebuild');
    expect(rebuilt.stdout).toMatch(
      /rebuilt township-progress, coinsurance, subsidy-ledger, assessments, payouts, products from \d+ events/,
    );
    const table = join(dir, 'table.csv');
    writeFileSync(table, 'township,district,task\n甲街道,一片,100\n乙镇,一片,50\n小计,一片,160\n');
    const report = await cli('import-table', 'yuyao-2024', table, 'test table');
    expect(report.stdout).toContain(
      'DISCREPANCY stated_subtotal_mismatch: district 一片: stated subtotal task 160 but its townships add up to 150',
    );
  });

  it('previews a township table (the diff, the enrollments it would move) and writes nothing; --yes applies it, refused while townships holding enrollments are left out; --keep-unlisted keeps them', async () => {
    const partial = join(dir, 'ningdu-partial.csv');
    writeFileSync(
      partial,
      'township,base,required\n肖田乡,8456,1691\n蔡江乡,11933,2387\n洛口镇,24602,4920\n合计,45000,9000\n',
    );
    const preview = await cli('import-table', 'ganzhou-2024', partial);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('removed: 22');
    expect(preview.stdout).toMatch(/needs a mapping .*城市社区管委会 \(t01, \d+\)/);
    expect(preview.stdout).toContain(
      'DISCREPANCY stated_total_mismatch: stated total base 45000 but the rows add up to 44991',
    );
    expect(preview.stdout).toMatch(/fingerprint: [0-9a-f]{20}/);
    expect(preview.stdout).toContain('nothing written');
    // The same preview as a clerk reads it.
    const chinese = await zh('import-table', 'ganzhou-2024', partial);
    expect(chinese.stdout).toContain('删除：22');
    expect(chinese.stdout).toMatch(/需要指定去向.*城市社区管委会 \(t01, \d+\)/);
    const refused = await cli('import-table', 'ganzhou-2024', partial, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('table.mappingRequired');
    const refusedZh = await zh('import-table', 'ganzhou-2024', partial, '--yes');
    expect(refusedZh.stderr).toContain('以下乡镇已有参保记录');
    const kept = await cli('import-table', 'ganzhou-2024', partial, '--keep-unlisted', '--yes');
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('kept (not in the table): 22');
    expect(kept.stdout).toContain('imported 25 townships');
  });

  it('applies a roster at its own date (--list-date), a line each with its outcome in Chinese and English', async () => {
    const roster = join(dir, 'roster.csv');
    writeFileSync(
      roster,
      [
        'idNumber,name,category,scheme,insuredRegionCode,township,localHouseholdRegistration',
        `${composeResidentId('330281', '1950-03-03', 301)},甲,di_bao,resident,330281,兰江街道,是`,
        `${composeResidentId('330281', '1950-03-03', 303)},乙,di_bao,,,,是`,
      ].join('\n'),
    );
    // A roster carries its own date: without it the command line is wrong (exit 2).
    const undated = await cli('import-roster', 'yuyao-2024', 'civil-affairs-2023-12', roster);
    expect(undated.code).toBe(2);
    expect(undated.stderr).toContain('--list-date');
    const dated = await cli(
      'import-roster',
      'yuyao-2024',
      'civil-affairs-2023-12',
      roster,
      '--list-date',
      '2023-12-10',
    );
    expect(dated.code).toBe(0);
    expect(dated.stdout).toContain('list dated 2023-12-10');
    expect(dated.stdout).toMatch(/line 2 enrolled as subsidized [0-9a-f]+/);
    expect(dated.stdout).toMatch(/line 3 matches nobody in basic insurance [0-9a-f]+/);
    // Sent again (the same list): the same outcomes, as a clerk reads them.
    const again = await zh(
      'import-roster',
      'yuyao-2024',
      'civil-affairs-2023-12',
      roster,
      '--list-date',
      '2023-12-10',
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/第 2 行 已按资助参保 [0-9a-f]+/);
  });

  it('records a group purchase (团体参保) with its remittance: one person short is reported as such', async () => {
    const staff = join(dir, 'staff.csv');
    writeFileSync(
      staff,
      [
        'idNumber,name,scheme,insuredRegionCode,township',
        ...[1, 2, 3].map(
          (n) =>
            `${composeResidentId('330281', '1988-08-08', 400 + n)},职工${n},employee,330281,兰江街道`,
        ),
      ].join('\n'),
    );
    const out = await cli(
      'group-purchase',
      'yuyao-2024',
      '91330281MA2AAAAA1X',
      'staff-2023-11',
      staff,
      '--name',
      '余姚某公司工会',
      '--union',
      '--share-percent',
      '60',
      '--remitted-yuan',
      '120',
      '--received-on',
      '2023-11-02',
      '--occurred-at',
      '2023-11-01T10:00:00+08:00',
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('3 lines: 3 enrolled');
    expect(out.stdout).toContain('remittance due 180.00 yuan');
    expect(out.stdout).toContain('short 60.00 yuan (1 people at 60.00 yuan each)');
  });

  it('imports an enrollment file (批量参保): each line decided or refused with its field and rule; a re-run writes nothing twice', async () => {
    const id = (n: number) => composeResidentId('360730', '1990-07-08', n);
    const line = (idNumber: string, amountFen = 10000) =>
      JSON.stringify({
        person: { idNumber, name: '导入测试' },
        basicInsurance: { scheme: 'resident', insuredRegionCode: '360730' },
        townshipId: 't03',
        occurredAt: '2023-12-22T09:00:00+08:00',
        contributions: [{ source: 'individual', amountFen }],
      });
    const file = join(dir, 'enrollments.jsonl');
    writeFileSync(
      file,
      [
        '# exported by the township service centre',
        line(id(101)),
        '',
        line(id(102)),
        '{not json',
        JSON.stringify({ person: { idNumber: id(103) }, contributions: [] }),
        line(id(101)),
        line(id(104), 9_999),
        line(id(105)),
      ].join('\n') + '\n',
    );
    const first = await cli('import-enrollments', 'ganzhou-2024', file);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('line 5 invalid line: import.json not JSON');
    expect(first.stdout).toContain(
      'line 6 invalid basicInsurance: validation.isDefined basicInsurance is required; contributions: validation.arrayMinSize',
    );
    expect(first.stdout).toContain(
      'line 7 refused person.idNumber: enrollment.oneActivePerPersonPerPlan',
    );
    expect(first.stdout).toContain('line 8 refused contributions: contribution.sumEqualsPremium');
    expect(first.stdout).toMatch(
      /into ganzhou-2024: 7 lines: 3 enrolled \(premiums 300(\.00)? yuan\), 0 already imported, 2 refused, 2 invalid, 0 failed \(jsonl utf-8, validated in a worker thread\)/,
    );
    expect(first.stdout).not.toContain(id(101));

    // A re-run says the file was imported already; it does not list thousands of lines.
    const again = await cli('import-enrollments', 'ganzhou-2024', file);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /7 lines: 0 enrolled .*, 3 already imported, 2 refused, 2 invalid, 0 failed/,
    );
    expect(again.stdout).toMatch(
      /3 lines already imported by an earlier run \(import [0-9a-f]{32}\): nothing written twice/,
    );
    expect(again.stdout).not.toMatch(/line 2 /);
    const chinese = await zh('import-enrollments', 'ganzhou-2024', file);
    expect(chinese.stdout).toContain(
      '第 7 行 未受理 身份证号码：此人已在本方案参保，不能重复参保（enrollment.oneActivePerPersonPerPlan: this person already has an enrollment (active) in plan ganzhou-2024）',
    );
    expect(chinese.stdout).toMatch(/3 行此前已导入（导入编号 [0-9a-f]{32}），本次未重复写入/);
  });

  it('imports claims from CSV for a demo person: 20,000 yuan in-catalogue pays (20,000 − 15,000) × 55% = 2,750 yuan', async () => {
    const townships = importTownshipTable(GANZHOU_2024.targets!, NINGDU_TOWNSHIP_TABLE, {
      townshipIdPrefix: 't',
    }).townships;
    const person = demoEnrollments({ ...GANZHOU_2024, townships }, '360730', 2)[0].request.person;
    const csv = join(dir, 'claims.csv');
    writeFileSync(
      csv,
      'planId,idNumber,claimId,serviceDate,hospital,totalExpenseFen,basicInsuranceFen,criticalIllnessInsuranceFen,medicalAidFen,responsibilityCode,residualFen\n' +
        `ganzhou-2024,${person.idNumber},C-1,2024-03-01,宁都县人民医院,10000000,6000000,2000000,0,in_catalogue,2000000\n`,
    );
    const out = await cli('import-claims', csv);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('C-1 adjudicated payout 2750.00 yuan');
    expect(out.stdout).not.toContain(person.idNumber);
  });

  it('import-claims run twice reports the claims as duplicates (exit 0), even when the file dates them (issue 15)', async () => {
    const townships = importTownshipTable(GANZHOU_2024.targets!, NINGDU_TOWNSHIP_TABLE, {
      townshipIdPrefix: 't',
    }).townships;
    const person = demoEnrollments({ ...GANZHOU_2024, townships }, '360730', 2)[1].request.person;
    const csv = join(dir, 'claims-dated.csv');
    const row = (id: string, at: string) =>
      `ganzhou-2024,${person.idNumber},${id},2024-03-01,宁都县人民医院,10000000,6000000,2000000,0,in_catalogue,2000000,${at}`;
    writeFileSync(
      csv,
      [
        'planId,idNumber,claimId,serviceDate,hospital,totalExpenseFen,basicInsuranceFen,criticalIllnessInsuranceFen,medicalAidFen,responsibilityCode,residualFen,occurredAt',
        row('D-1', '2024-03-05 10:00'),
        row('D-2', '2024-03-10 10:00'),
      ].join('\n'),
    );
    const first = await cli('import-claims', csv);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/2 adjudicated, 0 rejected, 0 duplicate/);
    const again = await cli('import-claims', csv);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 adjudicated, 0 rejected, 2 duplicate, 0 refused/);
    expect(again.stdout).toContain('line 2 duplicate ganzhou-2024 D-1 claimId: claim.acceptedOnce');
    expect(again.stdout).not.toContain('policy.eventOrder');
    const chinese = await zh('import-claims', csv);
    expect(chinese.stdout).toContain(
      '第 2 行 重复提交 ganzhou-2024 D-1 这笔理赔已经受理过（同一理赔编号只受理一次），本次为重复提交',
    );
  });

  describe('exit codes and conventions (issue 15 §6)', () => {
    it("--help exits 0 and prints the commands; a command's --help too", async () => {
      const help = await cli('--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('import-enrollments <planId> <file> [importId]');
      const commandHelp = await cli('progress', '--help');
      expect(commandHelp.code).toBe(0);
      expect(commandHelp.stdout).toContain('--as-of 2024-01-31');
    });

    it('no command, an unknown command, missing arguments, an unknown option: exit 2 with a message', async () => {
      const none = await cli();
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('a command is needed');
      const unknown = await cli('import-everything');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('unknown command "import-everything"');
      const missing = await cli('import-enrollments', 'ganzhou-2024');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('import-enrollments needs <planId> <file> [importId]');
      const extra = await cli('verify', 'now');
      expect(extra.code).toBe(2);
      const option = await cli('progress', 'ganzhou-2024', '--as-off', '2024-01-31');
      expect(option.code).toBe(2);
      expect(option.stderr).toContain("Unknown option '--as-off'");
      const lang = await cli('verify', '--lang', 'fr');
      expect(lang.code).toBe(2);
      const date = await cli('progress', 'ganzhou-2024', '--as-of', '2024-02-30');
      expect(date.code).toBe(2);
      expect(date.stderr).toContain('asOf must be a calendar date');
      const results = await cli(
        'import-enrollments',
        'ganzhou-2024',
        'x.jsonl',
        '--results',
        'out.pdf',
      );
      expect(results.code).toBe(2);
    });

    it('progress --as-of takes a plain date (the end of that Shanghai day) and says so', async () => {
      const date = await cli('progress', 'ganzhou-2024', '--as-of', '2024-01-31');
      expect(date.code).toBe(0);
      expect(date.stdout).toContain(
        'ganzhou-2024 progress as of 2024-01-31 23:59:59 Asia/Shanghai',
      );
      expect(date.stdout).not.toContain('instant');
      const chinese = await zh('progress', 'ganzhou-2024', '--as-of', '2024-01-31');
      expect(chinese.stdout).toContain(
        'ganzhou-2024 参保进度，截至 2024-01-31 23:59:59（北京时间）',
      );
      const instant = await cli(
        'progress',
        'ganzhou-2024',
        '--as-of',
        '2024-01-31T23:59:59.999+08:00',
        '--json',
      );
      const plain = await cli('progress', 'ganzhou-2024', '--as-of', '2024-01-31', '--json');
      expect(JSON.parse(plain.stdout).county).toEqual(JSON.parse(instant.stdout).county);
    });

    it('import-enrollments into an unknown plan fails fast (exit 1), naming the plan rule in Chinese', async () => {
      const file = join(dir, 'any.csv');
      writeFileSync(file, '身份证号码,参保类别,参保地区代码,金额\n');
      const res = await zh('import-enrollments', 'nowhere-2024', file);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(
        '没有这个保险方案（plan.notFound: plan nowhere-2024 does not exist）',
      );
    });

    it('a run where nothing was accepted exits 1; --json gives one machine-readable document', async () => {
      const file = join(dir, 'all-refused.csv');
      const id = composeResidentId('360730', '1985-05-05', 7);
      writeFileSync(
        file,
        [
          '身份证号码,姓名,参保类别,参保地区代码,乡镇,缴费来源,金额,参保时间',
          `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'},李四,城乡居民,360730,梅江镇,个人缴费,100,2024-01-10`,
          `${id},李四,城乡居民,360730,梅江镇,个人缴费,99.50,2024-01-10`,
        ].join('\r\n'),
      );
      const res = await cli('import-enrollments', 'ganzhou-2024', file, '--json');
      expect(res.code).toBe(1);
      const doc = JSON.parse(res.stdout);
      expect(doc).toMatchObject({
        planId: 'ganzhou-2024',
        format: 'csv',
        summary: { enrolled: 0, refused: 2 },
      });
      expect(doc.lines.map((l: { line: number }) => l.line)).toEqual([2, 3]);
      expect(doc.lines[0].errors[0]).toMatchObject({
        rule: 'idNumber.checkCharacter',
        column: '身份证号码',
      });
    });

    it('an XLSX file with Chinese headers imports with a progress bar and writes a results file', async () => {
      const file = join(dir, '名单.xlsx');
      const rows: unknown[][] = [
        ['身份证号码', '姓名', '参保类别', '参保地区代码', '乡镇', '缴费来源', '金额', '参保时间'],
      ];
      for (let i = 0; i < 30; i++) {
        rows.push([
          composeResidentId('360730', '1986-06-06', 100 + i),
          '王五',
          '职工',
          '360730',
          '梅江镇',
          '个人缴费',
          i === 7 ? 50 : 100,
          new Date(Date.UTC(2024, 0, 12)),
        ]);
      }
      writeFileSync(file, await workbook(rows));
      const out = join(dir, 'results.xlsx');
      const res = await zh('import-enrollments', 'ganzhou-2024', file, '--results', out);
      expect(res.code).toBe(0);
      expect(res.stderr).toMatch(/import: 100% \(30\/30\)/);
      expect(res.stdout).toContain('新参保 29 条');
      const results = await sheetRows(readFileSync(out));
      expect(results.size).toBe(31);
      expect(results.get(9)).toEqual(
        expect.arrayContaining([9, '未受理', '缴费金额合计 50.00 元，与应缴保费 100.00 元不符']),
      );
    });
  });

  it('verify passes on an untouched log and fails, naming the event, once a stored event is altered', async () => {
    const ok = await cli('verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/: 0 problems/);
    const db = new Database(join(dir, 'ledger.sqlite'));
    const victim = db
      .prepare("SELECT seq, stream_id, data FROM es_events WHERE type = 'PolicyEnrolled' LIMIT 1")
      .get() as { seq: number; stream_id: string; data: string };
    db.prepare('UPDATE es_events SET data = ? WHERE seq = ?').run(
      victim.data.replace('"premiumFen":10000', '"premiumFen":1000'),
      victim.seq,
    );
    db.close();
    const bad = await cli('verify');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`hash_mismatch ${victim.stream_id}@0`);
  });

  it("demo-huidebao 0.01 (README): a synthetic 惠得保 campaign at 1% of 004's size and its cumulative figures", async () => {
    const own = mkdtempSync(join(tmpdir(), 'ledger-cli-huidebao-'));
    const { stdout } = await runFile(process.execPath, [CLI, 'demo-huidebao', '0.01'], {
      env: { ...env, LEDGER_DATA_DIR: own, LEDGER_LANG: 'en' },
    });
    // 1% of 830,000 people and of 62.55 million yuan.
    expect(stdout).toContain(
      '惠得保 cumulative (synthetic data): 8300 distinct people, 10625 enrollments, 625500.00 yuan paid',
    );
  }, 300_000);
});
