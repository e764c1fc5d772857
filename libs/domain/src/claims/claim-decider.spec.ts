import { yuan } from '../common/money';
import { decideCancel, decideEnroll, decideFailDeduction } from '../enrollment/policy-decider';
import { PolicyEvent } from '../enrollment/policy-events';
import { at, person } from '../testing/fixtures';
import { ClaimSubmission } from './claim';
import { decideApprovePayout, decidePayPayout } from './claim-decider';
import { claimsOf } from './claims-state';
import {
  claim,
  COALITION,
  enrolled,
  GANZHOU,
  given,
  INSURED,
  plan,
  submit,
  thenError,
  thenEvents,
  withCoalition,
  YONGNINGBAO,
} from './testing/claim-fixtures';

const GZ_ENROLLED = enrolled(GANZHOU, '2023-12-20T10:00:00+08:00');
const inCatalogue = (residualFen: number) => [{ responsibilityCode: 'in_catalogue', residualFen }];

describe('Claims: refusals that write nothing (DOMAIN.md Benefits)', () => {
  it('Benefits: a plan without a benefit schedule cannot take claims (409 claim.planHasBenefits)', () => {
    const noBenefits = plan({ planId: 'no-benefits' });
    const history = enrolled(noBenefits, '2023-11-01T10:00:00+08:00');
    const error = thenError(
      submit(noBenefits, history, claim('C1', '2024-02-01', inCatalogue(yuan(20_000)))),
    );
    expect(error).toMatchObject({
      kind: 'conflict',
      field: 'planId',
      rule: 'claim.planHasBenefits',
    });
    expect(error.message).toContain('no benefit schedule');
  });

  it('Benefits: a claim for someone without an enrollment in the plan is not found', () => {
    const error = thenError(submit(GANZHOU, [], claim('C1', '2024-02-01', inCatalogue(1))));
    expect(error).toMatchObject({
      kind: 'not_found',
      field: 'personRef',
      rule: 'enrollment.exists',
    });
  });

  const refusal = (c: ClaimSubmission) => thenError(submit(GANZHOU, GZ_ENROLLED, c));
  const base = claim('C1', '2024-02-01', inCatalogue(yuan(20_000)));

  it.each<[string, ClaimSubmission, string, string]>([
    [
      'a negative residual',
      { ...base, lines: inCatalogue(-1) },
      'lines[0].residualFen',
      'money.minimum',
    ],
    [
      'a fractional amount',
      { ...base, totalExpenseFen: 100.5 },
      'totalExpenseFen',
      'money.integerFen',
    ],
    [
      'a negative prior layer',
      { ...base, priorLayers: { ...base.priorLayers, medicalAidFen: -100 } },
      'priorLayers.medicalAidFen',
      'money.minimum',
    ],
    [
      'prior layers paying more than the total expense',
      { ...base, priorLayers: { ...base.priorLayers, basicInsuranceFen: yuan(20_001) } },
      'priorLayers',
      'claim.priorLayersWithinTotal',
    ],
    [
      'residuals exceeding what is left after the prior layers',
      {
        ...base,
        totalExpenseFen: yuan(50_000),
        priorLayers: {
          basicInsuranceFen: yuan(25_000),
          criticalIllnessInsuranceFen: yuan(5_000),
          medicalAidFen: 1,
        },
      },
      'lines',
      'claim.residualWithinSelfBorne',
    ],
    [
      'an unknown responsibility',
      { ...base, lines: [...inCatalogue(1), { responsibilityCode: 'R1', residualFen: 1 }] },
      'lines[1].responsibilityCode',
      'benefits.unknownResponsibility',
    ],
    [
      'two lines for one responsibility',
      { ...base, lines: [...inCatalogue(1), ...inCatalogue(2)] },
      'lines[1].responsibilityCode',
      'benefits.duplicateLine',
    ],
    [
      'the same drug twice',
      {
        ...base,
        lines: [
          { responsibilityCode: 'special_drugs', residualFen: 1, drug: '药品A' },
          { responsibilityCode: 'special_drugs', residualFen: 2, drug: '药品A' },
        ],
      },
      'lines[1].responsibilityCode',
      'benefits.duplicateLine',
    ],
    [
      'a drug line and a line without a drug for one responsibility',
      {
        ...base,
        lines: [
          { responsibilityCode: 'special_drugs', residualFen: 1, drug: '药品A' },
          { responsibilityCode: 'special_drugs', residualFen: 2 },
        ],
      },
      'lines[1].responsibilityCode',
      'benefits.duplicateLine',
    ],
    ['no lines', { ...base, lines: [] }, 'lines', 'claim.linesNonEmpty'],
    [
      'a malformed service date',
      { ...base, serviceDate: '2024-02-30' },
      'serviceDate',
      'date.format',
    ],
    [
      'a service date after the claim date',
      { ...base, serviceDate: '2024-06-02' },
      'serviceDate',
      'claim.serviceDateNotInFuture',
    ],
    [
      'an out-of-area claim where the plan sets no out-of-area share (000 gives none)',
      { ...base, outOfArea: true },
      'outOfArea',
      'benefits.outOfAreaShareNotSet',
    ],
    ['an empty claim id', { ...base, claimId: ' ' }, 'claimId', 'claim.claimId'],
    ['no hospital', { ...base, hospital: '' }, 'hospital', 'claim.hospital'],
  ])('Benefits: refuses %s (422, nothing written)', (_what, c, field, rule) => {
    expect(refusal(c)).toMatchObject({ kind: 'invalid', field, rule });
  });

  it('Benefits: residuals equal to what is left after the prior layers are accepted (the boundary)', () => {
    const c = {
      ...base,
      totalExpenseFen: yuan(50_000),
      priorLayers: {
        basicInsuranceFen: yuan(25_000),
        criticalIllnessInsuranceFen: yuan(4_000),
        medicalAidFen: yuan(1_000),
      },
    };
    const [e] = thenEvents(submit(GANZHOU, GZ_ENROLLED, c));
    expect(e.type).toBe('ClaimAdjudicated');
  });

  it("Benefits: a claim may not be dated before the policy's last event (policy.eventOrder)", () => {
    const error = thenError(submit(GANZHOU, GZ_ENROLLED, base, '2023-12-19T10:00:00+08:00'));
    expect(error).toMatchObject({ field: 'occurredAt', rule: 'policy.eventOrder' });
  });
});

describe('Claims: a claim id is accepted once (DOMAIN.md Benefits)', () => {
  it('Benefits: resubmitting an adjudicated claim id is a conflict and pays nothing twice', () => {
    const first = thenEvents(submit(GANZHOU, GZ_ENROLLED, base()));
    const again = thenError(submit(GANZHOU, [...GZ_ENROLLED, ...first], base()));
    expect(again).toMatchObject({ kind: 'conflict', field: 'claimId', rule: 'claim.acceptedOnce' });
    expect(again.details).toMatchObject({ status: 'adjudicated', payoutFen: yuan(2_750) });
    // Even with different amounts, the id is taken.
    const changed = thenError(
      submit(
        GANZHOU,
        [...GZ_ENROLLED, ...first],
        claim('C1', '2024-02-01', inCatalogue(yuan(90_000))),
      ),
    );
    expect(changed.rule).toBe('claim.acceptedOnce');
    const state = claimsOf(given(...GZ_ENROLLED, ...first));
    expect(state.accumulators.planPaidFen).toBe(yuan(2_750)); // (20,000 − 15,000) × 55%
  });

  it('Benefits: an accepted claim id sent again with its first date (an import run twice) is a duplicate, not an out-of-order event', () => {
    const first = thenEvents(submit(GANZHOU, GZ_ENROLLED, base(), '2024-03-05T10:00:00+08:00'));
    const again = thenError(
      submit(GANZHOU, [...GZ_ENROLLED, ...first], base(), '2024-03-01T10:00:00+08:00'),
    );
    expect(again).toMatchObject({ field: 'claimId', rule: 'claim.acceptedOnce' });
  });

  it('Benefits: a rejected claim id is not consumed: it can be submitted again', () => {
    const rejected = thenEvents(
      submit(GANZHOU, GZ_ENROLLED, claim('C1', '2023-12-31', inCatalogue(yuan(20_000)))),
    );
    expect(rejected[0].type).toBe('ClaimRejected');
    const [again] = thenEvents(submit(GANZHOU, [...GZ_ENROLLED, ...rejected], base()));
    expect(again.type).toBe('ClaimAdjudicated');
  });

  function base() {
    return claim('C1', '2024-02-01', inCatalogue(yuan(20_000)));
  }
});

describe('Claims: coverage on the service date (DOMAIN.md Enrollment window and coverage)', () => {
  const rejection = (events: PolicyEvent[]) => {
    expect(events).toHaveLength(1);
    const [e] = events;
    if (e.type !== 'ClaimRejected') throw new Error(`expected ClaimRejected, got ${e.type}`);
    return e.data;
  };

  it('Benefits: a service date outside coverage (2024-01-01 to 2024-12-31 24:00) is rejected and recorded', () => {
    for (const serviceDate of ['2023-12-31', '2025-01-01']) {
      const events = thenEvents(
        submit(
          GANZHOU,
          GZ_ENROLLED,
          claim('OUT', serviceDate, inCatalogue(yuan(20_000))),
          '2025-01-05T10:00:00+08:00',
        ),
      );
      expect(rejection(events)).toMatchObject({
        claimId: 'OUT',
        field: 'serviceDate',
        rule: 'claim.serviceDateWithinCoverage',
        claim: { serviceDate },
      });
    }
    for (const serviceDate of ['2024-01-01', '2024-12-31']) {
      const [e] = thenEvents(
        submit(
          GANZHOU,
          GZ_ENROLLED,
          claim('IN', serviceDate, inCatalogue(1)),
          '2025-01-05T10:00:00+08:00',
        ),
      );
      expect(e.type).toBe('ClaimAdjudicated');
    }
  });

  it('Benefits: 000 待遇可追溯 — an enrollment taken on 2024-01-20 covers a service date of 2024-01-05', () => {
    const late = enrolled(GANZHOU, '2024-01-20T10:00:00+08:00');
    const [e] = thenEvents(
      submit(GANZHOU, late, claim('RETRO', '2024-01-05', inCatalogue(yuan(20_000)))),
    );
    expect(e.type).toBe('ClaimAdjudicated');
  });

  it('Benefits: without retroactivity an enrollment on 2024-01-20 covers from that date only', () => {
    const notRetro = plan({
      planId: 'not-retro',
      enrollmentWindow: { opensOn: '2023-12-12', closesOn: '2024-01-31' },
      benefits: GANZHOU.definition.benefits,
    });
    const late = enrolled(notRetro, '2024-01-20T10:00:00+08:00');
    const before = thenEvents(submit(notRetro, late, claim('B', '2024-01-19', inCatalogue(1))));
    expect(rejection(before)).toMatchObject({ rule: 'claim.policyActiveOnServiceDate' });
    expect(rejection(before).reason).toContain('not retroactive');
    const [on] = thenEvents(submit(notRetro, late, claim('ON', '2024-01-20', inCatalogue(1))));
    expect(on.type).toBe('ClaimAdjudicated');
  });

  it('Benefits: a waiting period runs from the enrollment date when the plan sets one', () => {
    const waiting = plan({
      planId: 'waiting',
      coverage: {
        startsOn: '2024-01-01',
        endsOn: '2024-12-31',
        retroactiveToStart: false,
        waitingPeriodDays: 90,
      },
      benefits: YONGNINGBAO.definition.benefits,
    });
    const history = enrolled(waiting, '2023-12-01T10:00:00+08:00'); // covered from 2024-02-29
    const inWaiting = thenEvents(
      submit(
        waiting,
        history,
        claim('W', '2024-02-28', [{ responsibilityCode: 'R1', residualFen: 1 }]),
      ),
    );
    expect(rejection(inWaiting)).toMatchObject({ rule: 'claim.waitingPeriod' });
    const [after] = thenEvents(
      submit(
        waiting,
        history,
        claim('W2', '2024-02-29', [{ responsibilityCode: 'R1', residualFen: 1 }]),
      ),
    );
    expect(after.type).toBe('ClaimAdjudicated');
  });

  it('Benefits: a pending-payment enrollment is not active for claims, and a lapsed one never was', () => {
    const payer = person('1982-02-02', 13);
    const pending = thenEvents(
      decideEnroll(undefined, GANZHOU, {
        planId: GANZHOU.planId,
        enrollmentId: 'e1',
        person: INSURED,
        basicInsurance: { scheme: 'resident', insuredRegionCode: '330281' },
        contributions: [
          {
            source: 'personal_account',
            amountFen: 10000,
            relation: 'child',
            payer: {
              personRef: payer.personRef,
              scheme: 'employee',
              sealedIdentity: { sealed: true },
            },
            deduction: 'pending',
          },
        ],
        occurredAt: at('2023-12-20T10:00:00+08:00'),
      }),
    );
    const whilePending = thenEvents(
      submit(GANZHOU, pending, claim('P', '2024-02-01', inCatalogue(1))),
    );
    expect(rejection(whilePending)).toMatchObject({ rule: 'claim.policyActiveOnServiceDate' });
    expect(rejection(whilePending).reason).toContain('pending payment');
    const lapsed = [
      ...pending,
      ...thenEvents(
        decideFailDeduction(given(...pending), {
          planId: GANZHOU.planId,
          personRef: INSURED.personRef,
          contributionId: 'e1/c1',
          reason: 'insufficient balance',
          occurredAt: at('2023-12-25T10:00:00+08:00'),
        }),
      ),
    ];
    const afterLapse = thenEvents(
      submit(GANZHOU, lapsed, claim('L', '2024-02-01', inCatalogue(1))),
    );
    expect(rejection(afterLapse)).toMatchObject({ rule: 'claim.policyActiveOnServiceDate' });
  });

  it('Benefits: a cancelled enrollment covers service dates up to its cancellation date, not after', () => {
    const cancelled = [
      ...GZ_ENROLLED,
      ...thenEvents(
        decideCancel(given(...GZ_ENROLLED), GANZHOU, {
          planId: GANZHOU.planId,
          personRef: INSURED.personRef,
          reason: 'moved away',
          occurredAt: at('2024-03-10T10:00:00+08:00'),
        }),
      ),
    ];
    const [on] = thenEvents(submit(GANZHOU, cancelled, claim('ON', '2024-03-10', inCatalogue(1))));
    expect(on.type).toBe('ClaimAdjudicated');
    const after = thenEvents(
      submit(GANZHOU, cancelled, claim('AFTER', '2024-03-11', inCatalogue(1))),
    );
    expect(rejection(after)).toMatchObject({ rule: 'claim.policyActiveOnServiceDate' });
    expect(rejection(after).reason).toContain('cancelled on 2024-03-10');
  });
});

describe('Claims: payout approval and payment (DOMAIN.md Coinsurance)', () => {
  const adjudicatedClaim = () => [
    ...GZ_ENROLLED,
    // (35,000 − 15,000) × 55% = 11,000 yuan = 1_100_000 fen; plus 1 fen × 55% → 1 fen: 1_100_001 fen.
    ...thenEvents(
      submit(GANZHOU, GZ_ENROLLED, claim('C1', '2024-02-01', inCatalogue(yuan(35_000) + 1))),
    ),
  ];
  const approve = (
    history: PolicyEvent[],
    planState = withCoalition(GANZHOU, COALITION),
    when = '2024-06-02T10:00:00+08:00',
  ) =>
    decideApprovePayout(given(...history), planState, {
      planId: GANZHOU.planId,
      personRef: INSURED.personRef,
      claimId: 'C1',
      occurredAt: at(when),
    });
  const pay = (history: PolicyEvent[]) =>
    decidePayPayout(given(...history), {
      planId: GANZHOU.planId,
      personRef: INSURED.personRef,
      claimId: 'C1',
      paymentReference: 'BANK-001',
      occurredAt: at('2024-06-03T10:00:00+08:00'),
    });

  it('Coinsurance: without a coalition the payout cannot be approved (409 payout.coalitionSet, nothing written)', () => {
    const error = thenError(approve(adjudicatedClaim(), GANZHOU));
    expect(error).toMatchObject({
      kind: 'conflict',
      field: 'coalition',
      rule: 'payout.coalitionSet',
    });
    expect(error.message).toContain('no coinsurance coalition');
  });

  it('Coinsurance: the payout is split by largest remainder, parts in coalition order (lead first), adding up to the fen', () => {
    const [approved] = thenEvents(approve(adjudicatedClaim()));
    if (approved.type !== 'PayoutApproved') throw new Error(approved.type);
    // 1_100_001 fen × 40% = 440_000.4; × 35% = 385_000.35; × 25% = 275_000.25.
    // Floors 440_000 + 385_000 + 275_000 = 1_100_000; the leftover fen goes to the largest
    // remainder (0.4, the lead).
    expect(approved.data.parts.map((p) => [p.insurerId, p.shareBp, p.amountFen])).toEqual([
      ['picc-pc', 4000, 440_001],
      ['cpic-pc', 3500, 385_000],
      ['pingan-pc', 2500, 275_000],
    ]);
    expect(approved.data.parts.reduce((s, p) => s + p.amountFen, 0)).toBe(approved.data.payoutFen);
    expect(approved.data).toMatchObject({
      payoutFen: 1_100_001,
      byResponsibility: [{ responsibilityCode: 'in_catalogue', payoutFen: 1_100_001 }],
      coalition: { leadInsurerId: 'picc-pc', effectiveAt: '2024-01-01T00:00:00.000Z' },
    });
  });

  it('Coinsurance: a payout is split by the coalition in force on its service date, whenever it is approved', () => {
    const second = {
      ...COALITION,
      members: COALITION.members.map((m, i) => ({ ...m, shareBp: [5000, 2500, 2500][i] })),
    };
    const changed = withCoalition(
      withCoalition(GANZHOU, COALITION),
      second,
      '2024-07-01T00:00:00.000Z',
    );
    // C1 was for care on 2024-02-01: the old shares, approved before or after the change.
    const [before] = thenEvents(approve(adjudicatedClaim(), changed, '2024-06-30T10:00:00+08:00'));
    const [after] = thenEvents(approve(adjudicatedClaim(), changed, '2024-07-02T10:00:00+08:00'));
    if (before.type !== 'PayoutApproved' || after.type !== 'PayoutApproved') throw new Error();
    expect(before.data.parts.map((p) => p.shareBp)).toEqual([4000, 3500, 2500]);
    expect(after.data.parts.map((p) => p.shareBp)).toEqual([4000, 3500, 2500]);
    // Care on 2024-07-15, after the change: the new shares.
    const july = [
      ...GZ_ENROLLED,
      ...thenEvents(
        submit(
          GANZHOU,
          GZ_ENROLLED,
          claim('C1', '2024-07-15', inCatalogue(yuan(35_000) + 1)),
          '2024-07-16T10:00:00+08:00',
        ),
      ),
    ];
    const [late] = thenEvents(approve(july, changed, '2024-07-20T10:00:00+08:00'));
    if (late.type !== 'PayoutApproved') throw new Error(late.type);
    expect(late.data.parts.map((p) => p.shareBp)).toEqual([5000, 2500, 2500]);
    expect(late.data.coalition).toMatchObject({
      effectiveAt: '2024-07-01T00:00:00.000Z',
      effectiveOn: '2024-07-01',
    });
  });

  it('Coinsurance: approved once, paid once, and paid only after approval; PayoutPaid carries the approved parts', () => {
    const history = adjudicatedClaim();
    expect(thenError(pay(history)).rule).toBe('payout.approvedBeforePaid');
    const approved = [...history, ...thenEvents(approve(history))];
    expect(thenError(approve(approved)).rule).toBe('payout.approvedOnce');
    const paid = [...approved, ...thenEvents(pay(approved))];
    const last = paid[paid.length - 1];
    if (last.type !== 'PayoutPaid') throw new Error(last.type);
    expect(last.data).toMatchObject({ payoutFen: 1_100_001, paymentReference: 'BANK-001' });
    expect(last.data.parts.reduce((s, p) => s + p.amountFen, 0)).toBe(1_100_001);
    expect(thenError(pay(paid)).rule).toBe('payout.paidOnce');
    expect(claimsOf(given(...paid)).accepted[0].status).toBe('paid');
  });

  it('Coinsurance: a claim that pays 0 has nothing to approve; an unknown claim is not found', () => {
    const zero = [
      ...GZ_ENROLLED,
      ...thenEvents(
        submit(GANZHOU, GZ_ENROLLED, claim('C1', '2024-02-01', inCatalogue(yuan(15_000)))),
      ),
    ];
    expect(thenError(approve(zero)).rule).toBe('payout.nothingToPay');
    expect(thenError(approve(GZ_ENROLLED))).toMatchObject({
      kind: 'not_found',
      rule: 'claim.exists',
    });
  });
});
