import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { composeResidentId, importTownshipTable } from '@ledger/domain';
import { GANZHOU_2024, NINGDU_TOWNSHIP_TABLE } from '@ledger/plans';
import { demoEnrollments } from '@ledger/ledger';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'dist', 'apps', 'ledger-cli', 'src', 'main.js');

describe('ledger CLI (issue 3 §5): import a table, rebuild, progress as of, verify the log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
  const env = {
    ...process.env,
    LEDGER_DATA_DIR: dir,
    LEDGER_PERSON_REF_KEY: randomBytes(32).toString('base64'),
    LEDGER_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  const cli = async (...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, [CLI, ...args], { env });
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout + e.stderr };
    }
  };

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
    expect(asOf.stdout.split('\r\n')[0]).toContain('level,id,name,base,active');
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
    expect(preview.stdout).toContain('删除 removed: 22');
    expect(preview.stdout).toMatch(/需要指定去向 needs a mapping .*城市社区管委会 \(t01, \d+\)/);
    expect(preview.stdout).toContain(
      'DISCREPANCY stated_total_mismatch: stated total base 45000 but the rows add up to 44991',
    );
    expect(preview.stdout).toMatch(/确认码 fingerprint: [0-9a-f]{20}/);
    expect(preview.stdout).toContain('未写入 nothing written');
    const refused = await cli('import-table', 'ganzhou-2024', partial, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('拒绝 refused (table.mappingRequired): 以下乡镇已有参保记录');
    const kept = await cli('import-table', 'ganzhou-2024', partial, '--keep-unlisted', '--yes');
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('保留（表中未列） kept (not in the table): 22');
    expect(kept.stdout).toContain('已导入 imported 25 townships');
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
    const undated = await cli('import-roster', 'yuyao-2024', 'civil-affairs-2023-12', roster);
    expect(undated.code).toBe(1);
    expect(undated.stdout).toContain('roster.listDateRequired');
    const dated = await cli(
      'import-roster',
      'yuyao-2024',
      'civil-affairs-2023-12',
      roster,
      '--list-date',
      '2023-12-10',
    );
    expect(dated.code).toBe(0);
    expect(dated.stdout).toContain('名单日期 list dated 2023-12-10');
    expect(dated.stdout).toMatch(/line 2 [0-9a-f]+ enrolled_as_subsidized 已资助参保/);
    expect(dated.stdout).toMatch(/line 3 [0-9a-f]+ unmatched_basic_insurance/);
    expect(dated.stdout).toContain('"lines":2');
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
    expect(out.stdout).toContain('3 参保 enrolled');
    expect(out.stdout).toContain('应汇款 remittance due 180.00 元');
    expect(out.stdout).toContain('少 short 60.00 元（1 人 people，按每人 60.00 元');
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
      /into ganzhou-2024: 7 lines: 3 enrolled \(premiums 300(\.00)? yuan\), 0 replayed, 2 refused, 2 invalid, 0 failed \(validated in a worker thread\)/,
    );
    expect(first.stdout).not.toContain(id(101));

    const again = await cli('import-enrollments', 'ganzhou-2024', file);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /7 lines: 0 enrolled .*, 3 replayed, 2 refused, 2 invalid, 0 failed/,
    );
    expect(again.stdout).toMatch(/line 2 replayed [0-9a-f]{32}/);
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
    const { stdout } = await run(process.execPath, [CLI, 'demo-huidebao', '0.01'], {
      env: { ...env, LEDGER_DATA_DIR: own },
    });
    // 1% of 830,000 people and of 62.55 million yuan.
    expect(stdout).toContain(
      '惠得保 cumulative (synthetic data): 8300 distinct people, 10625 enrollments, 625500.00 yuan paid',
    );
  }, 300_000);
});
