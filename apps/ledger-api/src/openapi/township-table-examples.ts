import type { OperationExample } from './operation-examples';

type Story = [string, OperationExample[]][];

const QINGLIU = { planId: 'qingliu-2025' };
const TABLE = {
  source: '清流县 附件 (example)',
  csv: 'township,district,base,required,stretch\n甲镇,一片,1000,200,300\n乙乡,一片,2000,400,600\n小计,一片,,600,900\n合计,,3000,600,900\n',
};

/**
 * What the preview of TABLE on the bundled qingliu-2025 answers as its fingerprint: a hash of
 * the plan's townships before and the diff after (import-township-table.command.ts), so it is
 * the same on every fresh ledger. The examples test fails when the bundled plan changes it.
 */
export const TABLE_FINGERPRINT = '327ff3019bc2109b6099';

/** A county clerk previews a township table, checks the diff, then applies it (docs/township-tables.md). */
export function townshipTableExamples(): Story {
  return [
    [
      'TownshipTablesController_preview',
      [
        {
          name: 'csv',
          summary: 'Preview a township table given as CSV, with district subtotals: writes nothing',
          params: QINGLIU,
          body: TABLE,
        },
        {
          name: 'json',
          summary: 'The same table as JSON rows',
          params: QINGLIU,
          body: {
            source: TABLE.source,
            table: {
              rows: [
                {
                  name: '甲镇',
                  district: '一片',
                  base: 1000,
                  targets: { required: 200, stretch: 300 },
                },
                {
                  name: '乙乡',
                  district: '一片',
                  base: 2000,
                  targets: { required: 400, stretch: 600 },
                },
              ],
              statedTotal: { base: 3000, targets: { required: 600, stretch: 900 } },
            },
          },
        },
        {
          name: 'file',
          summary: 'The table as the CSV file itself (text/csv; source in the query)',
          params: QINGLIU,
          query: { source: TABLE.source },
          upload: { contentType: 'text/csv', text: TABLE.csv },
        },
      ],
    ],
    [
      'TownshipTablesController_importTable',
      [
        {
          name: 'csv',
          summary: 'Apply the previewed table with the fingerprint the preview gave',
          params: QINGLIU,
          body: { ...TABLE, fingerprint: TABLE_FINGERPRINT },
        },
      ],
    ],
  ];
}
