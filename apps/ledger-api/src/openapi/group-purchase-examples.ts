import type { OperationExample } from './operation-examples';
import { MORE_PEOPLE, YUYAO } from './story-people';

type Story = [string, OperationExample[]][];

const YUYAO_PLAN = { planId: 'yuyao-2024' };
const UNION = '91330281MA2AAAAA1X';
const BATCH = { ...YUYAO_PLAN, employerId: UNION, batchId: 'staff-2023-11' };
const employee = { scheme: 'employee', insuredRegionCode: YUYAO };

/** A trade union buys cover for its members, pays 60%, then remits (docs/group-purchase.md). */
export function groupPurchaseExamples(): Story {
  return [
    [
      'GroupPurchasesController_submit',
      [
        {
          name: 'union',
          summary: 'A union enrolls two members and pays 60% of each premium; they pay the rest',
          params: YUYAO_PLAN,
          headers: { 'Idempotency-Key': 'union-staff-2023-11' },
          body: {
            employer: { employerId: UNION, name: '余姚某制造有限公司工会', kind: 'union' },
            batchId: BATCH.batchId,
            employerShare: { percent: 60 },
            restPaidBy: 'individual',
            staff: [
              {
                idNumber: MORE_PEOPLE.unionMemberA,
                name: '职工甲',
                basicInsurance: employee,
                township: '兰江街道',
              },
              {
                idNumber: MORE_PEOPLE.unionMemberB,
                name: '职工乙',
                basicInsurance: employee,
                township: '低塘街道',
              },
            ],
            occurredAt: '2023-11-01T09:00:00+08:00',
          },
        },
      ],
    ],
    [
      'GroupPurchasesController_remit',
      [
        {
          name: 'bankTransfer',
          summary: "The union's transfer arrives: reconciled against the two enrollments",
          params: BATCH,
          body: { amountFen: 12000, receivedOn: '2023-11-03', reference: 'BANK-2023-11-03-001' },
        },
      ],
    ],
    [
      'GroupPurchasesController_batch',
      [{ name: 'batch', summary: 'The batch: terms, enrollments, remittance', params: BATCH }],
    ],
  ];
}
