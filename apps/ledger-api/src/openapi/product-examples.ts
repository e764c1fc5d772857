import { DEMO_COALITION } from '@ledger/ledger';
import type { ExampleContext, OperationExample } from './operation-examples';
import { EXAMPLE_PEOPLE, NINGDU } from './story-people';

type Story = [string, OperationExample[]][];

const PRODUCT = { productId: 'ganzhou-huiminbao' };
const TERM = { ...PRODUCT, termId: '2025-2027' };

/**
 * 赣州惠民保 across years (docs/products.md): 2025 derived from 2024 with a higher deductible, a
 * coalition selected for 2025–2027, an insurer's operating cost, 李四's renewal by his mother's
 * personal account, a share change from July 2025, the year-end report and the cumulative view.
 */
export function productExamples(ctx: ExampleContext): Story {
  const liSi = { ...PRODUCT, personRef: ctx.personRefOf(EXAMPLE_PEOPLE.liSi) };
  return [
    [
      'ProductsController_list',
      [{ name: 'all', summary: 'Products and their yearly plans', role: 'viewer' }],
    ],
    [
      'ProductsController_derive',
      [
        {
          name: 'higherDeductible',
          summary: 'Derive 2025 from 2024: the deductible of 目录内 rises to 20,000 yuan',
          params: PRODUCT,
          headers: { 'Idempotency-Key': 'derive-ganzhou-2025' },
          body: {
            fromPlanId: 'ganzhou-2024',
            changes: { responsibilities: [{ code: 'in_catalogue', deductibleFen: 2_000_000 }] },
            reason: '2024年度赔付率偏高，起付线提高至2万元',
            occurredAt: '2024-10-01T10:00:00+08:00',
          },
        },
      ],
    ],
    [
      'ProductsController_selectTerm',
      [
        {
          name: 'threeYears',
          summary: 'The coalition selected for 2025–2027 (承办期每期3年)',
          params: PRODUCT,
          body: {
            fromYear: 2025,
            coalition: DEMO_COALITION,
            reason: '2024年公开遴选 selected by public tender',
            occurredAt: '2024-10-02T10:00:00+08:00',
          },
        },
      ],
    ],
    [
      'ProductsController_operatingCost',
      [
        {
          name: 'lead',
          summary: "The lead insurer's operating cost of 2024 (综合运营成本)",
          params: { ...PRODUCT, planYear: '2024' },
          body: { insurerId: 'picc-pc', amountFen: 3_000_000, note: '宣传推广、理赔服务' },
        },
      ],
    ],
    [
      'ProductsController_get',
      [
        {
          name: 'ganzhou',
          summary: '赣州惠民保: years, terms, costs',
          params: PRODUCT,
          role: 'viewer',
        },
      ],
    ],
    [
      'ProductsController_consent',
      [
        {
          name: 'byMothersAccount',
          summary: "李四 is to be renewed each year from his mother's personal account (续保授权)",
          params: PRODUCT,
          body: {
            person: { idNumber: EXAMPLE_PEOPLE.liSi },
            basicInsurance: { scheme: 'resident', insuredRegionCode: NINGDU },
            townshipId: 't02',
            payer: { idNumber: EXAMPLE_PEOPLE.liSiMother, scheme: 'employee' },
            relation: 'child',
          },
        },
      ],
    ],
    [
      'ProductsController_renew',
      [
        {
          name: 'into2025',
          summary:
            "The renewal run into 2025, once its window is open: 李四's deduction is pending",
          params: PRODUCT,
          body: { planYear: 2025 },
        },
      ],
    ],
    [
      'ProductsController_renewal',
      [
        {
          name: 'liSi',
          summary: "李四's renewal record (no identities)",
          params: liSi,
          role: 'auditor',
        },
      ],
    ],
    [
      'ProductsController_withdraw',
      [
        {
          name: 'onRequest',
          summary: 'His mother withdraws the consent: no renewal from 2026 on',
          params: liSi,
          body: { reason: '本人申请撤回 withdrawn on request' },
        },
      ],
    ],
    [
      'ProductsController_amendTerm',
      [
        {
          name: 'fromJuly',
          summary: 'New shares from 2025-07-01 (never retroactive)',
          params: TERM,
          body: {
            effectiveOn: '2025-07-01',
            coalition: {
              ...DEMO_COALITION,
              members: DEMO_COALITION.members.map((m, i) => ({
                ...m,
                shareBp: [5000, 3000, 2000][i],
              })),
            },
            reason: '共保协议补充约定 supplementary agreement',
          },
        },
      ],
    ],
    [
      'ProductsController_yearEnd',
      [
        {
          name: 'year2024',
          summary: '2024 year-end report: premiums, payouts, loss ratios, per insurer',
          params: { ...PRODUCT, planYear: '2024' },
          role: 'viewer',
        },
        {
          name: 'csv',
          summary: 'Its per-insurer table as CSV',
          params: { ...PRODUCT, planYear: '2024' },
          query: { format: 'csv' },
        },
      ],
    ],
    [
      'ProductsController_cumulative',
      [
        {
          name: 'now',
          summary: 'People ever covered, renewal rate, payouts, by year and county',
          params: PRODUCT,
          role: 'viewer',
        },
        {
          name: 'endOf2024',
          summary: 'The same as of the end of 2024',
          params: PRODUCT,
          query: { asOf: '2024-12-31' },
        },
      ],
    ],
  ];
}
