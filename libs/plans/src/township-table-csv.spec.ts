import { importTownshipTable } from '@ledger/domain';
import { parseTownshipTableCsv } from './township-table-csv';
import { QINGLIU_2025 } from './seeds/qingliu-2025';

describe('Township table CSV import (issue 3)', () => {
  it('Targets: parses rows, stated totals and subtotals; the import reports a wrong subtotal and a blank name', () => {
    const csv =
      '\uFEFFtownship,district,base,required,stretch\n,一片,20642,4129,6193\n温郊乡,一片,3432,687,1030\n小计,一片,,4800,\n合计,,24074,4816,7223\n';
    const table = parseTownshipTableCsv(csv, ['required', 'stretch']);
    expect(table.rows).toHaveLength(2);
    expect(table.statedTotal).toEqual({ base: 24074, targets: { required: 4816, stretch: 7223 } });
    const report = importTownshipTable(QINGLIU_2025.targets!, table, { townshipIdPrefix: 't' });
    expect(report.discrepancies.map((d) => d.kind)).toEqual([
      'blank_township_name',
      'stated_subtotal_mismatch',
    ]);
  });

  it("refuses a table without the plan's target columns, naming them", () => {
    expect(() => parseTownshipTableCsv('township,base\n甲,1\n', ['required'])).toThrow('required');
    expect(() => parseTownshipTableCsv('township,required\n甲,1.5\n', ['required'])).toThrow(
      'rows[0].required',
    );
  });
});
