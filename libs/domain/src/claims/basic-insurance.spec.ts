import { yuan } from '../common/money';
import { PolicyEvent } from '../enrollment/policy-events';
import { at } from '../testing/fixtures';
import {
  decideRestoreBasicInsurance,
  decideSuspendBasicInsurance,
} from './basic-insurance-decider';
import { claimsOf } from './claims-state';
import {
  claim,
  enrolled,
  given,
  INSURED,
  submit,
  thenError,
  thenEvents,
  YONGNINGBAO,
} from './testing/claim-fixtures';

// 002 三(三) 赔付顺序: 因基本医疗保险的保费欠缴、参保关系中断等原因导致暂停或中止基本医疗保险的，不享受
// "宜春惠民保"报销待遇，待按规定补缴相关费用，续保按规定享受基本医疗保险…待遇后，同步享受报销待遇。

const ENROLLED = enrolled(YONGNINGBAO, '2023-11-15T10:00:00+08:00');
const P = { planId: YONGNINGBAO.planId, personRef: INSURED.personRef };

const suspend = (history: PolicyEvent[], from: string, when = '2024-03-05T10:00:00+08:00') =>
  decideSuspendBasicInsurance(given(...history), {
    ...P,
    from,
    reason: '保费欠缴 (contributions in arrears)',
    occurredAt: at(when),
  });

const restore = (
  history: PolicyEvent[],
  suspendedFrom: string,
  restoredOn: string,
  backPaid: boolean,
  when = '2024-05-05T10:00:00+08:00',
) =>
  decideRestoreBasicInsurance(given(...history), {
    ...P,
    suspendedFrom,
    restoredOn,
    backPaid,
    occurredAt: at(when),
  });

// R1 30,000 yuan: 14,000 × 30% + 10,000 × 60% = 10,200 yuan.
const hospitalStay = (serviceDate: string) =>
  claim('NB-7', serviceDate, [{ responsibilityCode: 'R1', residualFen: yuan(30_000) }]);

const SUSPENDED = [...ENROLLED, ...thenEvents(suspend(ENROLLED, '2024-03-01'))];

describe('Basic insurance suspended and restored (002 三(三))', () => {
  it('Benefits: a claim whose service date falls in a suspension is rejected and recorded; after a back-paid restoration the same claim id is paid', () => {
    const rejected = thenEvents(
      submit(YONGNINGBAO, SUSPENDED, hospitalStay('2024-03-10'), '2024-04-01T10:00:00+08:00'),
    );
    expect(rejected).toEqual([
      expect.objectContaining({
        type: 'ClaimRejected',
        data: expect.objectContaining({
          claimId: 'NB-7',
          field: 'serviceDate',
          rule: 'claim.basicInsuranceNotSuspended',
        }),
      }),
    ]);
    const afterRejection = [...SUSPENDED, ...rejected];
    expect(claimsOf(given(...afterRejection)).accumulators.planPaidFen).toBe(0);
    const restored = [
      ...afterRejection,
      ...thenEvents(restore(afterRejection, '2024-03-01', '2024-05-01', true)),
    ];
    const [paid] = thenEvents(
      submit(YONGNINGBAO, restored, hospitalStay('2024-03-10'), '2024-05-06T10:00:00+08:00'),
    );
    expect(paid.type).toBe('ClaimAdjudicated');
    if (paid.type !== 'ClaimAdjudicated') return;
    expect(paid.data.payoutFen).toBe(yuan(4_200) + yuan(6_000));
  });

  it('Benefits: without back-payment the suspended period stays uncovered; cover resumes on the restoration date', () => {
    const restored = [
      ...SUSPENDED,
      ...thenEvents(restore(SUSPENDED, '2024-03-01', '2024-05-01', false)),
    ];
    const inGap = thenEvents(
      submit(YONGNINGBAO, restored, hospitalStay('2024-04-30'), '2024-05-06T10:00:00+08:00'),
    );
    expect(inGap[0]).toMatchObject({
      type: 'ClaimRejected',
      data: { rule: 'claim.basicInsuranceNotSuspended' },
    });
    expect(JSON.stringify(inGap[0].data)).toContain('without back-payment');
    const [onRestoration] = thenEvents(
      submit(YONGNINGBAO, restored, hospitalStay('2024-05-01'), '2024-05-06T10:00:00+08:00'),
    );
    expect(onRestoration.type).toBe('ClaimAdjudicated');
  });

  it('Benefits: service dates before the suspension are covered while it is open', () => {
    const [before] = thenEvents(
      submit(YONGNINGBAO, SUSPENDED, hospitalStay('2024-02-29'), '2024-04-01T10:00:00+08:00'),
    );
    expect(before.type).toBe('ClaimAdjudicated');
  });

  it('Benefits: one open suspension at a time; a restoration must name the open one and not precede it', () => {
    expect(thenError(suspend(SUSPENDED, '2024-03-20', '2024-03-21T10:00:00+08:00'))).toMatchObject({
      kind: 'conflict',
      rule: 'basicInsurance.oneOpenSuspension',
    });
    expect(thenError(restore(SUSPENDED, '2024-02-01', '2024-05-01', true))).toMatchObject({
      field: 'suspendedFrom',
      rule: 'basicInsurance.openSuspensionMatches',
    });
    expect(thenError(restore(ENROLLED, '2024-03-01', '2024-05-01', true)).rule).toBe(
      'basicInsurance.openSuspensionMatches',
    );
    expect(thenError(restore(SUSPENDED, '2024-03-01', '2024-02-28', true))).toMatchObject({
      field: 'restoredOn',
      rule: 'basicInsurance.restoredAfterSuspension',
    });
  });

  it('Benefits: a later suspension may not start inside an earlier restored one', () => {
    const restored = [
      ...SUSPENDED,
      ...thenEvents(restore(SUSPENDED, '2024-03-01', '2024-05-01', false)),
    ];
    expect(thenError(suspend(restored, '2024-04-15', '2024-06-01T10:00:00+08:00'))).toMatchObject({
      field: 'from',
      rule: 'basicInsurance.suspensionsInOrder',
    });
    const [again] = thenEvents(suspend(restored, '2024-07-01', '2024-06-01T10:00:00+08:00'));
    expect(again).toMatchObject({ type: 'BasicInsuranceSuspended', data: { from: '2024-07-01' } });
  });

  it('Benefits: suspensions are recorded on an existing policy only, with a reason', () => {
    expect(thenError(suspend([], '2024-03-01'))).toMatchObject({
      kind: 'not_found',
      rule: 'enrollment.exists',
    });
    const noReason = decideSuspendBasicInsurance(given(...ENROLLED), {
      ...P,
      from: '2024-03-01',
      reason: ' ',
      occurredAt: at('2024-03-05T10:00:00+08:00'),
    });
    expect(thenError(noReason).rule).toBe('basicInsurance.suspensionReason');
  });
});
