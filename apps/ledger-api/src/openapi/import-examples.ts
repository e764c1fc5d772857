import { ImportJobs } from '@ledger/ledger';
import type { OperationExample } from './operation-examples';
import { EXAMPLE_PEOPLE, MORE_PEOPLE, NINGDU } from './story-people';

type Story = [string, OperationExample[]][];

const ENROLLMENT_IMPORT = 'service-centre-2023-12-22';
const CLAIM_IMPORT = 'insurer-claims-2024-05';

/** An enrollment list as a service centre keeps it in Excel, saved as CSV (docs/imports.md). */
const ENROLLMENT_FILE = [
  '身份证号码,姓名,参保类别,参保地区代码,乡镇,参保时间,缴费来源,金额',
  `${MORE_PEOPLE.fileRowA},甲,城乡居民,${NINGDU},梅江镇,2023-12-22 09:30,个人缴费,100`,
  `${MORE_PEOPLE.fileRowB},乙,城乡居民,${NINGDU},梅江镇,2023-12-22 09:40,个人缴费,100.00`,
].join('\r\n');

/** An insurer's claim file, amounts in fen (docs/claims.md). */
const CLAIM_FILE = [
  '方案编号,身份证号码,理赔编号,就诊日期,就诊医院,总费用（分）,基本医保支付（分）,大病保险支付（分）,医疗救助支付（分）,保障责任,个人负担（分）',
  `ganzhou-2024,${EXAMPLE_PEOPLE.zhangSan},GZ-2024-000200,2024-05-10,宁都县人民医院,2000000,1000000,0,0,in_catalogue,1000000`,
].join('\r\n');

const enrollmentJob = ImportJobs.jobIdOf('enrollments', 'ganzhou-2024', ENROLLMENT_IMPORT);
const claimJob = ImportJobs.jobIdOf('claims', undefined, CLAIM_IMPORT);

/** Files uploaded as jobs, then their status and results files (docs/imports.md). */
export function importExamples(): Story {
  return [
    [
      'EnrollmentImportsController_upload',
      [
        {
          name: 'csv',
          summary: 'A CSV enrollment list with Chinese headers, sent as the body: a job (202)',
          params: { planId: 'ganzhou-2024' },
          query: { importId: ENROLLMENT_IMPORT },
          upload: { contentType: 'text/csv', text: ENROLLMENT_FILE },
        },
      ],
    ],
    [
      'ClaimImportsController_upload',
      [
        {
          name: 'csv',
          summary: "An insurer's claim file (CSV, amounts in fen): a job (202)",
          query: { importId: CLAIM_IMPORT },
          upload: { contentType: 'text/csv', text: CLAIM_FILE },
        },
      ],
    ],
    [
      'ImportJobsController_job',
      [
        {
          name: 'enrollments',
          summary: 'The enrollment job: status, percentage, summary',
          params: { jobId: enrollmentJob },
        },
        { name: 'claims', summary: 'The claim job', params: { jobId: claimJob } },
      ],
    ],
    [
      'ImportJobsController_results',
      [
        {
          name: 'json',
          summary: 'Every line of the file with its outcome, as JSON',
          params: { jobId: enrollmentJob },
          query: { format: 'json' },
        },
        {
          name: 'csv',
          summary: 'The results file as CSV (Excel opens it; xlsx also)',
          params: { jobId: claimJob },
          query: { format: 'csv' },
        },
      ],
    ],
  ];
}

/** The dashboard's page and assets: static, no data, no identity (docs/dashboard.md). */
export function dashboardExamples(): Story {
  return [
    ['DashboardController_plans', [{ name: 'plans', summary: 'The plans page' }]],
    ['DashboardController_login', [{ name: 'login', summary: 'The log-in page' }]],
    [
      'DashboardController_asset',
      [{ name: 'script', summary: "The dashboard's script", params: { asset: 'dashboard.js' } }],
    ],
    [
      'DashboardController_plan',
      [
        {
          name: 'ganzhou',
          summary: 'The county dashboard of 赣州惠民保 2024',
          params: { planId: 'ganzhou-2024' },
        },
      ],
    ],
  ];
}
