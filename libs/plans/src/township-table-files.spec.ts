import ExcelJS from 'exceljs';
import { encode } from 'iconv-lite';
import { importTownshipTable, TownshipTable } from '@ledger/domain';
import { readOperatorFile, TabularFile } from '@ledger/tabular';
import { GANZHOU_2024, NINGDU_TOWNSHIP_TABLE } from './seeds/ganzhou-2024';
import { QINGLIU_2025, QINGLIU_TOWNSHIP_TABLE } from './seeds/qingliu-2025';
import { parseTownshipTable, parseTownshipTableCsv } from './township-table-csv';

/** A seed table as operators hold it: the notice's own Chinese headers, a 合计 row at the end. */
interface Layout {
  title: string;
  headers: string[];
  row: (r: TownshipTable['rows'][number]) => (string | number)[];
  total: (t: NonNullable<TownshipTable['statedTotal']>) => (string | number)[];
}

const NINGDU: Layout = {
  title: '宁都县“赣州惠民保”参保动员工作任务分配表',
  headers: ['乡（镇）', '基本医保参保人数（城乡居民）', '2024年1月31日应达到投保人数'],
  row: (r) => [r.name, r.base!, r.targets.required!],
  total: (t) => ['合计', t.base!, t.targets.required!],
};
const QINGLIU: Layout = {
  title: '2025年度清流县“三明普惠医联保”参保任务表',
  // As printed in seed 001, spaces inside the cells included.
  headers: [
    '名 称',
    '2025年基 本医 保参 保人数',
    '普惠医联 保目 标完成单数 (20%)',
    '普惠医联保力 争 达到单数 (30%)',
  ],
  row: (r) => [r.name, r.base!, r.targets.required!, r.targets.stretch!],
  total: (t) => ['合计', t.base!, t.targets.required!, t.targets.stretch!],
};

const ENGLISH_HEADERS = {
  ningdu: 'township,base,required',
  qingliu: 'township,base,required,stretch',
};

const csvCell = (v: string | number) => (/[",]/.test(String(v)) ? `"${v}"` : String(v));
function csvText(layout: Layout, table: TownshipTable, header = layout.headers.join(',')): string {
  return [
    header,
    ...table.rows.map((r) => layout.row(r).map(csvCell).join(',')),
    layout.total(table.statedTotal!).map(csvCell).join(','),
  ].join('\r\n');
}

async function xlsx(layout: Layout, table: TownshipTable): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('附件2');
  sheet.addRow([layout.title]);
  sheet.mergeCells(1, 1, 1, layout.headers.length);
  sheet.addRow(layout.headers);
  for (const r of table.rows) sheet.addRow(layout.row(r)); // numbers stay numeric cells
  sheet.addRow(layout.total(table.statedTotal!));
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** The seed table without its English names (a clerk's file has none). */
const asPrinted = (table: TownshipTable): TownshipTable => ({
  ...table,
  rows: table.rows.map(({ nameEn: _nameEn, ...row }) => row),
});

/** Rows without their line numbers: a title row above the header moves every line down. */
const withoutLines = (table: TownshipTable): TownshipTable => ({
  ...table,
  rows: table.rows.map(({ line: _line, ...row }) => row),
});

describe('Township tables as operators have them (issue 15 Must show: 000 and 001 as GBK CSV and XLSX)', () => {
  const cases = [
    {
      plan: GANZHOU_2024,
      table: NINGDU_TOWNSHIP_TABLE,
      layout: NINGDU,
      english: ENGLISH_HEADERS.ningdu,
    },
    {
      plan: QINGLIU_2025,
      table: QINGLIU_TOWNSHIP_TABLE,
      layout: QINGLIU,
      english: ENGLISH_HEADERS.qingliu,
    },
  ];

  it.each(cases)(
    '$plan.planId: UTF-8 with Chinese headers, GBK CSV and XLSX (title row, numeric cells) all parse to the UTF-8 English table; 合计 is the stated total, not a township',
    async ({ plan, table, layout, english }) => {
      const levels = plan.targets!.levels;
      const reference = withoutLines(
        parseTownshipTableCsv(csvText(layout, table, english), levels),
      );
      expect(reference).toEqual(asPrinted(table));
      expect(reference.rows.map((r) => r.name)).not.toContain('合计');
      expect(reference.statedTotal).toEqual(table.statedTotal);

      const chinese = csvText(layout, table);
      const read = async (bytes: Uint8Array) =>
        withoutLines(
          parseTownshipTable(
            (await readOperatorFile(bytes, { accept: ['csv', 'xlsx'] })) as TabularFile,
            levels,
          ),
        );
      const utf8 = await read(new Uint8Array(Buffer.from(chinese, 'utf8')));
      const utf8Bom = await read(new Uint8Array(Buffer.from('\uFEFF' + chinese, 'utf8')));
      const gbkFile = encode(chinese, 'gbk');
      expect(gbkFile.equals(Buffer.from(chinese, 'utf8'))).toBe(false);
      const gbk = await read(new Uint8Array(gbkFile));
      const workbook = await read(await xlsx(layout, table));
      for (const parsed of [utf8, utf8Bom, gbk, workbook]) expect(parsed).toEqual(reference);

      // The same discrepancy report either way (000's 合计 states 658,157 where rows add to 658,139).
      const report = (t: TownshipTable) =>
        importTownshipTable(plan.targets!, t, { townshipIdPrefix: 't' }).discrepancies;
      expect(report(gbk)).toEqual(report(reference));
      expect(report(workbook)).toEqual(report(reference));
    },
  );

  it('000: the 合计 row is checked against the rows (stated 658,157 / 131,631, rows add to 658,139 / 131,630)', async () => {
    const bytes = encode(csvText(NINGDU, NINGDU_TOWNSHIP_TABLE), 'gbk');
    const parsed = parseTownshipTable(
      (await readOperatorFile(new Uint8Array(bytes))) as TabularFile,
      GANZHOU_2024.targets!.levels,
    );
    expect(parsed.rows).toHaveLength(25);
    const kinds = importTownshipTable(GANZHOU_2024.targets!, parsed, {
      townshipIdPrefix: 't',
    }).discrepancies.map((d) => d.kind);
    expect(kinds).toContain('stated_total_mismatch');
  });
});
