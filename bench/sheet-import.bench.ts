import ExcelJS from 'exceljs';
import { encode } from 'iconv-lite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlanDefinition } from '@ledger/domain';
import {
  ENROLLMENT_COLUMNS,
  EnrollmentFileImport,
  enrollmentsFromRows,
  FixedClock,
  openLedgerContext,
  PlanRepository,
} from '@ledger/ledger';
import { readColumns, readOperatorFile, TabularFile } from '@ledger/tabular';
import { benchArgs } from './args';
import { ledgerConfig } from './ledger-builder';
import { cpuSeconds, peakRssMiB, printHeader } from './machine';
import { SyntheticCampaign } from './synthetic-campaign';

const HEADER = [
  '身份证号码',
  '姓名',
  '参保类别',
  '参保地区代码',
  '乡镇',
  '缴费来源',
  '金额',
  '参保时间',
];

/**
 * Operators' sheets (issue 15): how fast a sheet of N enrollments is read — UTF-8 CSV, GBK CSV
 * and XLSX, through decoding, header matching and the Chinese words into request bodies — and
 * then imported end to end (DTO validation in the worker thread, decisions, appends) from XLSX.
 *
 * Usage: node dist/bench/sheet-import.bench.js [rows=100000] [--import 20000]
 */
async function main() {
  const args = benchArgs({ import: { type: 'string' } });
  const total = args.positional(0, 100_000);
  const imported = args.num('import', Math.min(total, 20_000));
  printHeader();
  const campaign = new SyntheticCampaign();
  const rows = Array.from({ length: total }, (_, n) => {
    const e = campaign.enrollment(n);
    return [
      e.person.idNumber,
      '测试',
      e.basicInsurance.scheme === 'employee' ? '职工' : '城乡居民',
      '360730',
      e.townshipId ?? '',
      '个人缴费',
      '100.00',
      '2023-12-22 09:30',
    ];
  });
  const csv = [HEADER, ...rows].map((r) => r.join(',')).join('\r\n');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('参保名单');
  sheet.addRow(HEADER);
  for (const r of rows) sheet.addRow(r);
  const files: [string, Uint8Array][] = [
    ['CSV UTF-8', new Uint8Array(Buffer.from(csv, 'utf8'))],
    ['CSV GBK', new Uint8Array(encode(csv, 'gbk'))],
    ['XLSX', new Uint8Array(await book.xlsx.writeBuffer())],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'bench-sheet-'));
  const app = await openLedgerContext({
    config: ledgerConfig(dir),
    clock: new FixedClock(Date.parse('2024-01-20T10:00:00+08:00')),
    logger: false,
  });
  try {
    const plan = (await app.get(PlanRepository).get('ganzhou-2024'))!.definition as PlanDefinition;
    for (const [name, bytes] of files) {
      const wall = Date.now();
      const cpu = cpuSeconds();
      const file = (await readOperatorFile(bytes)) as TabularFile;
      const { layout, records } = readColumns(file, ENROLLMENT_COLUMNS);
      const bodies = enrollmentsFromRows(records, layout, plan);
      const seconds = (Date.now() - wall) / 1000;
      console.log(
        `read ${name}: ${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB, ${bodies.length} enrollments in ${seconds.toFixed(2)} s ` +
          `(${Math.round(bodies.length / seconds)} rows/s, ${(cpuSeconds() - cpu).toFixed(2)} s CPU)`,
      );
    }
    const book2 = new ExcelJS.Workbook();
    const part = book2.addWorksheet('参保名单');
    part.addRow(HEADER);
    for (const r of rows.slice(0, imported)) part.addRow(r);
    const xlsx = new Uint8Array(await book2.xlsx.writeBuffer());
    const wall = Date.now();
    const cpu = cpuSeconds();
    const report = await app.get(EnrollmentFileImport).importBytes('ganzhou-2024', xlsx, {
      actor: 'bench',
      fileName: 'bench.xlsx',
    });
    const seconds = (Date.now() - wall) / 1000;
    console.log(
      `import XLSX end to end: ${imported} rows in ${seconds.toFixed(2)} s (${Math.round(imported / seconds)} rows/s, ` +
        `${(cpuSeconds() - cpu).toFixed(2)} s CPU on the main thread, validated in a ${report.validatedIn}): ${JSON.stringify(report.summary)}`,
    );
    console.log(`peak RSS ${peakRssMiB().toFixed(0)} MiB`);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
