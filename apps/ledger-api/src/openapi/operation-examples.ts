import { Role } from '@ledger/access';
import { DEMO_COALITION, enrollmentIdOf } from '@ledger/ledger';
import { accessAndAuditExamples, healthAndSessionExamples } from './access-examples';
import { groupPurchaseExamples } from './group-purchase-examples';
import { dashboardExamples, importExamples } from './import-examples';
import { productExamples } from './product-examples';
import { townshipTableExamples } from './township-table-examples';

import { EXAMPLE_PEOPLE, MORE_PEOPLE, NINGDU, YUYAO } from './story-people';

export { STORY_KEYS } from './story-keys';
export { EXAMPLE_PEOPLE } from './story-people';

/**
 * One example request of an operation, as the OpenAPI document shows it: path, query and header
 * parameters by name, and the JSON body. The examples of all operations together are one story
 * on the bundled seed plans (a clerk enrolls 张三, his claim is paid, a roster arrives, …), and
 * test/openapi-examples.e2e-spec.ts sends every one of them, in this order, to a running ledger.
 */
export interface OperationExample {
  /** Unique within the operation (an OpenAPI example key). */
  name: string;
  summary: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  /** A body that is not JSON (a CSV file sent as text/csv): its media type and its text. */
  upload?: { contentType: string; text: string };
  /** Who sends it (docs/access.md); the operator when not said. */
  role?: Role;
}

/** Values that depend on the ledger's own key: personRef is a keyed hash of the ID number. */
export interface ExampleContext {
  personRefOf(idNumber: string): string;
}

const P = EXAMPLE_PEOPLE;
export const GANZHOU = { planId: 'ganzhou-2024' };
/** Why personal data is read (X-Access-Purpose, percent-encoded UTF-8): written to the access log. */
export const PURPOSE = {
  'X-Access-Purpose': encodeURIComponent('理赔审核 claim review'),
};
export const KEYS = {
  zhangSan: 'enroll-zhang-san-2023-12-20',
  zhouBa: 'enroll-zhou-ba-2023-12-18',
  liSi: 'enroll-li-si-2023-12-15',
  wangWu: 'enroll-wang-wu-2023-12-15',
};

const resident = (region: string) => ({ scheme: 'resident', insuredRegionCode: region });

function pendingPersonalAccount(insured: string, payer: string, occurredAt: string) {
  return {
    person: { idNumber: insured },
    basicInsurance: resident(NINGDU),
    townshipId: 't02',
    occurredAt,
    contributions: [
      {
        source: 'personal_account',
        amountFen: 10000,
        relation: 'child',
        payer: { idNumber: payer, scheme: 'employee' },
        deduction: 'pending',
      },
    ],
  };
}

/**
 * Examples by operation id, in the order they are sent. Every operation of the API has at least
 * one (a test fails for an operation without).
 */
export function operationExamples(ctx: ExampleContext): [string, OperationExample[]][] {
  const ref = (idNumber: string) => ({ ...GANZHOU, personRef: ctx.personRefOf(idNumber) });
  const claim = { ...ref(P.zhangSan), claimId: 'GZ-2024-000123' };
  return [
    ...healthAndSessionExamples(),
    ['PlansController_list', [{ name: 'all', summary: 'Every plan with its status' }]],
    [
      'PlansController_get',
      [{ name: 'ganzhou', summary: '赣州惠民保 2024 as published', params: GANZHOU }],
    ],
    [
      'PlansController_amend',
      [
        {
          name: 'setCoalition',
          summary: 'Record the coinsurance coalition (共保体) and its shares',
          params: GANZHOU,
          body: {
            changes: { coalition: DEMO_COALITION },
            reason: '共保体份额已商定 coalition shares agreed',
            occurredAt: '2023-12-12T09:00:00+08:00',
          },
        },
      ],
    ],
    ...townshipTableExamples(),
    [
      'EnrollmentsController_enroll',
      [
        {
          name: 'selfPaid',
          summary: '张三 pays his own premium (100 yuan)',
          params: GANZHOU,
          headers: { 'Idempotency-Key': KEYS.zhangSan },
          body: {
            person: { idNumber: P.zhangSan, name: '张三' },
            basicInsurance: resident(NINGDU),
            townshipId: 't01',
            occurredAt: '2023-12-20T10:00:00+08:00',
            contributions: [{ source: 'individual', amountFen: 10000 }],
          },
        },
        {
          name: 'personalAccountPending',
          summary:
            "李四 (a child), paid from his mother's employee personal account, deduction pending",
          params: GANZHOU,
          headers: { 'Idempotency-Key': KEYS.liSi },
          body: pendingPersonalAccount(P.liSi, P.liSiMother, '2023-12-15T10:00:00+08:00'),
        },
        {
          name: 'personalAccountToFail',
          summary: "王五 (a child), paid from his father's personal account, deduction pending",
          params: GANZHOU,
          headers: { 'Idempotency-Key': KEYS.wangWu },
          body: pendingPersonalAccount(P.wangWu, P.wangWuFather, '2023-12-15T11:00:00+08:00'),
        },
        {
          name: 'personalAccountThenCancelled',
          summary: "周八 (a child), paid from his father's personal account, deduction pending",
          params: GANZHOU,
          headers: { 'Idempotency-Key': KEYS.zhouBa },
          body: pendingPersonalAccount(P.zhouBa, P.zhouBaFather, '2023-12-18T10:00:00+08:00'),
        },
        {
          name: 'yuyaoSelfPaid',
          summary: 'A Yuyao resident pays her own premium (later found on a subsidy roster)',
          params: { planId: 'yuyao-2024' },
          body: {
            person: { idNumber: P.yuyaoSelfPayer, localHouseholdRegistration: true },
            basicInsurance: resident(YUYAO),
            townshipId: 't01',
            occurredAt: '2023-10-15T10:00:00+08:00',
            contributions: [{ source: 'individual', amountFen: 10000 }],
          },
        },
      ],
    ],
    [
      'EnrollmentsController_enrollBatch',
      [
        {
          name: 'two',
          summary: 'Two enrollments in one request (up to 1,000)',
          params: GANZHOU,
          headers: { 'Idempotency-Key': 'batch-2023-12-21-desk-3' },
          body: {
            enrollments: [P.zhaoLiu, P.sunQi].map((idNumber) => ({
              person: { idNumber },
              basicInsurance: resident(NINGDU),
              townshipId: 't03',
              occurredAt: '2023-12-21T09:30:00+08:00',
              contributions: [{ source: 'individual', amountFen: 10000 }],
            })),
          },
        },
      ],
    ],
    [
      'EnrollmentsController_lookup',
      [
        {
          name: 'byIdNumber',
          summary: 'The personRef of an ID number (sent in the body, never in a URL)',
          params: GANZHOU,
          headers: PURPOSE,
          body: { idNumber: P.zhangSan },
        },
      ],
    ],
    [
      'EnrollmentsController_policy',
      [{ name: 'zhangSan', summary: '张三', params: ref(P.zhangSan) }],
    ],
    [
      'EnrollmentsController_history',
      [
        {
          name: 'zhangSan',
          summary: "张三's events (claim facts only to roles that may read health data)",
          params: ref(P.zhangSan),
          headers: PURPOSE,
        },
        {
          name: 'asInsurer',
          summary: 'The same history as an insurer reads it: de-identified, no claim facts',
          params: ref(P.zhangSan),
          role: 'insurer',
        },
      ],
    ],
    [
      'EnrollmentsController_settle',
      [
        {
          name: 'settled',
          summary: "李四's pending deduction went through",
          params: ref(P.liSi),
          body: {
            contributionId: `${enrollmentIdOf(KEYS.liSi)}/c1`,
            occurredAt: '2023-12-16T10:00:00+08:00',
          },
        },
      ],
    ],
    [
      'EnrollmentsController_fail',
      [
        {
          name: 'failed',
          summary: "王五's deduction failed: the enrollment lapses",
          params: ref(P.wangWu),
          body: {
            contributionId: `${enrollmentIdOf(KEYS.wangWu)}/c1`,
            reason: '个人账户余额不足 insufficient balance',
            occurredAt: '2023-12-16T11:00:00+08:00',
          },
        },
      ],
    ],
    [
      'EnrollmentsController_cancel',
      [
        {
          name: 'beforeCoverage',
          summary: '赵六 cancels before coverage starts: full refund',
          params: ref(P.zhaoLiu),
          body: { reason: '重复参保 enrolled twice', occurredAt: '2023-12-25T10:00:00+08:00' },
        },
        {
          name: 'pendingDeduction',
          summary: "周八's enrollment is cancelled while the deduction is pending: it is withdrawn",
          params: ref(P.zhouBa),
          body: { reason: '家长申请退保 parent withdrew', occurredAt: '2023-12-26T10:00:00+08:00' },
        },
      ],
    ],
    [
      'ClaimsController_submit',
      [
        {
          name: 'inCatalogue',
          summary:
            "张三's hospital stay: 60,000 yuan, prior layers paid 30,000, 30,000 left to him",
          params: ref(P.zhangSan),
          headers: { 'Idempotency-Key': 'claim-GZ-2024-000123' },
          body: {
            claimId: 'GZ-2024-000123',
            serviceDate: '2024-03-01',
            hospital: '赣州市人民医院',
            totalExpenseFen: 6_000_000,
            priorLayers: {
              basicInsuranceFen: 2_500_000,
              criticalIllnessInsuranceFen: 500_000,
              medicalAidFen: 0,
            },
            lines: [{ responsibilityCode: 'in_catalogue', residualFen: 3_000_000 }],
            occurredAt: '2024-03-10T10:00:00+08:00',
          },
        },
        {
          name: 'specialDrugs',
          summary: 'Special drugs (特药) for 张三, two drugs',
          params: ref(P.zhangSan),
          body: {
            claimId: 'GZ-2024-000124',
            serviceDate: '2024-03-05',
            hospital: '赣州市特药药房',
            totalExpenseFen: 5_000_000,
            priorLayers: { basicInsuranceFen: 0, criticalIllnessInsuranceFen: 0, medicalAidFen: 0 },
            lines: [
              { responsibilityCode: 'special_drugs', residualFen: 3_000_000, drug: '药品A' },
              { responsibilityCode: 'special_drugs', residualFen: 2_000_000, drug: '药品B' },
            ],
            occurredAt: '2024-03-11T10:00:00+08:00',
          },
        },
        {
          name: 'beforeCoverage',
          summary: 'A stay before coverage began: recorded as rejected (201, outcome rejected)',
          params: ref(P.zhangSan),
          body: {
            claimId: 'GZ-2024-000099',
            serviceDate: '2023-12-28',
            hospital: '赣州市人民医院',
            totalExpenseFen: 100_000,
            priorLayers: {
              basicInsuranceFen: 50_000,
              criticalIllnessInsuranceFen: 0,
              medicalAidFen: 0,
            },
            lines: [{ responsibilityCode: 'in_catalogue', residualFen: 50_000 }],
            occurredAt: '2024-03-12T10:00:00+08:00',
          },
        },
      ],
    ],
    [
      'ClaimsController_list',
      [{ name: 'zhangSan', summary: "张三's claims", params: ref(P.zhangSan), headers: PURPOSE }],
    ],
    [
      'ClaimsController_claim',
      [
        {
          name: 'adjudicated',
          summary: 'The adjudication of GZ-2024-000123',
          params: claim,
          headers: PURPOSE,
        },
      ],
    ],
    [
      'ClaimsController_approve',
      [
        {
          name: 'approve',
          summary: 'Approve the payout: split among the coalition',
          params: claim,
          body: { occurredAt: '2024-03-15T10:00:00+08:00' },
        },
      ],
    ],
    [
      'ClaimsController_pay',
      [
        {
          name: 'paid',
          summary: 'The transfer was made',
          params: claim,
          body: { paymentReference: 'ICBC-20240320-0001', occurredAt: '2024-03-20T10:00:00+08:00' },
        },
      ],
    ],
    [
      'ClaimsController_suspend',
      [
        {
          name: 'arrears',
          summary: "张三's basic insurance is suspended (arrears)",
          params: ref(P.zhangSan),
          body: { from: '2024-04-01', reason: '保费欠缴', occurredAt: '2024-04-02T10:00:00+08:00' },
        },
      ],
    ],
    [
      'ClaimsController_restore',
      [
        {
          name: 'backPaid',
          summary: 'Restored with back-payment: the gap is covered again',
          params: ref(P.zhangSan),
          body: {
            suspendedFrom: '2024-04-01',
            restoredOn: '2024-05-01',
            backPaid: true,
            occurredAt: '2024-05-02T10:00:00+08:00',
          },
        },
      ],
    ],
    [
      'ClaimsController_accumulators',
      [
        {
          name: 'zhangSan',
          summary: "张三's year so far",
          params: ref(P.zhangSan),
          headers: PURPOSE,
        },
      ],
    ],
    [
      'ClaimsController_payouts',
      [
        { name: 'current', summary: 'Payouts so far', params: GANZHOU },
        {
          name: 'asOf',
          summary: 'Payouts as of the end of March 2024',
          params: GANZHOU,
          query: { asOf: '2024-03-31' },
        },
      ],
    ],
    ...groupPurchaseExamples(),
    [
      'RostersController_applyRoster',
      [
        {
          name: 'civilAffairs',
          summary:
            'A full-subsidy roster from civil affairs (民政): one newcomer, one unmatched line',
          params: { planId: 'yuyao-2024' },
          body: {
            rosterId: 'civil-affairs-2023-11',
            source: '余姚市民政局',
            listDate: '2023-11-15',
            csv: [
              'idNumber,name,category,scheme,insuredRegionCode,townshipId,localHouseholdRegistration',
              `${P.yuyaoSelfPayer},甲,di_bao,resident,${YUYAO},t01,是`,
              `${P.rosterNewcomer},乙,te_kun,resident,${YUYAO},t02,是`,
              `${P.rosterUnmatched},丙,di_bao,,,,是`,
            ].join('\n'),
          },
        },
        {
          name: 'foundLate',
          summary:
            'A disabled persons’ federation (残联) list dated after coverage began: reported as found late, nothing refunded',
          params: { planId: 'yuyao-2024' },
          body: {
            rosterId: 'disabled-persons-2024-02',
            source: '余姚市残联',
            listDate: '2024-02-20',
            receivedOn: '2024-02-25',
            csv: [
              '身份证号码,姓名,资助类别,参保类别,参保地区代码,本市户籍',
              `${MORE_PEOPLE.unionMemberA},丁,te_kun,职工,${YUYAO},是`,
            ].join('\n'),
          },
        },
      ],
    ],
    ...importExamples(),
    [
      'AssessmentsController_assess',
      [
        {
          name: 'inspection',
          summary: "An inspector's publicity score for a township",
          params: GANZHOU,
          body: {
            kind: 'inspection',
            townshipId: 't01',
            item: 'publicity',
            points: 25,
            note: '宣传到位 posters in every village',
          },
        },
        {
          name: 'staffRelatives',
          summary: 'How many staff relatives are enrolled',
          params: GANZHOU,
          body: { kind: 'staff_relatives', townshipId: 't01', relatives: 40, enrolled: 36 },
        },
      ],
    ],
    [
      'ViewsController_progress',
      [
        { name: 'current', summary: 'Township progress now', params: GANZHOU },
        {
          name: 'atDeadline',
          summary: 'As of the deadline (a date means the end of that day, Asia/Shanghai)',
          params: GANZHOU,
          query: { asOf: '2024-01-31' },
        },
        {
          name: 'csv',
          summary: 'As a CSV file',
          params: GANZHOU,
          query: { asOf: '2024-01-31T23:59:59+08:00', format: 'csv' },
        },
        {
          name: 'countyOfficial',
          summary: "Ningdu's county official: the county's townships and its roll-up",
          params: GANZHOU,
          role: 'county_official',
        },
      ],
    ],
    [
      'ViewsController_townshipProgress',
      [
        {
          name: 'townshipOfficial',
          summary: 'A township official opens their own township: by source, category and day',
          params: { ...GANZHOU, townshipId: 't01' },
          role: 'township_official',
        },
        {
          name: 'atDeadline',
          summary: 'The same township as of the deadline',
          params: { ...GANZHOU, townshipId: 't01' },
          query: { asOf: '2024-01-31' },
        },
      ],
    ],
    [
      'ViewsController_coinsurance',
      [
        { name: 'current', summary: 'Premium income per coalition member', params: GANZHOU },
        {
          name: 'asInsurer',
          summary: 'An insurer of the coalition: its own share',
          params: GANZHOU,
          role: 'insurer',
        },
      ],
    ],
    [
      'ViewsController_subsidies',
      [{ name: 'yuyao', summary: 'Subsidy ledger of Yuyao', params: { planId: 'yuyao-2024' } }],
    ],
    [
      'ViewsController_scorecard',
      [{ name: 'ningdu', summary: "Ningdu's township scorecard", params: GANZHOU }],
    ],
    [
      'ViewsController_stream',
      [{ name: 'ganzhou', summary: 'Follow progress as it changes', params: GANZHOU }],
    ],
    ['ViewsController_status', [{ name: 'status', summary: 'Checkpoints and lag' }]],
    ['ViewsController_rebuild', [{ name: 'rebuild', summary: 'Rebuild every view from the log' }]],
    ...dashboardExamples(),
    ...productExamples(ctx),
    ...accessAndAuditExamples(ctx),
    [
      'PlansController_erase',
      [
        {
          name: 'onRequest',
          role: 'privacy_officer',
          summary: '孙七 asks for his personal data to be erased (PIPL)',
          body: { idNumber: P.sunQi, reason: '本人申请删除个人信息 data subject request' },
        },
      ],
    ],
  ];
}
