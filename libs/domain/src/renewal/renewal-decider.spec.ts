import { evolveClaims, emptyClaimsState } from '../claims/claims-state';
import { Decision, DomainError } from '../common/domain-error';
import {
  decideEnroll,
  decideFailDeduction,
  decideSettleDeduction,
} from '../enrollment/policy-decider';
import { PolicyEvent } from '../enrollment/policy-events';
import { currentEnrollment, foldPolicy, PolicyState } from '../enrollment/policy-state';
import { at, person, planState, testPlanDefinition } from '../testing/fixtures';
import {
  decideGiveRenewalConsent,
  decideRenewal,
  decideWithdrawRenewalConsent,
  GiveRenewalConsent,
  RenewPerson,
} from './renewal-decider';
import { RenewalEvent } from './renewal-events';
import { consentAt, foldRenewal, RenewalState } from './renewal-state';

const Y2024 = planState(testPlanDefinition({ planId: 'city-2024', productId: 'city' }));
const Y2025 = planState(
  testPlanDefinition({
    planId: 'city-2025',
    productId: 'city',
    planYear: 2025,
    enrollmentWindow: { opensOn: '2024-10-10', closesOn: '2024-12-10' },
    coverage: { startsOn: '2025-01-01', endsOn: '2025-12-31', retroactiveToStart: false },
  }),
);
const PARENT = person('1950-03-04', 21);
const CHILD = person('1980-05-06', 33); // the employee whose personal account pays
const employee = { scheme: 'employee' as const, insuredRegionCode: '330281' };
const resident = { scheme: 'resident' as const, insuredRegionCode: '330281' };
const RUN_AT = at('2024-10-10T09:00:00+08:00');

function thenEvents<E>(decision: Decision<E>): E[] {
  if (!decision.ok)
    throw new Error(`expected events, got ${decision.error.rule}: ${decision.error.message}`);
  return decision.events;
}
function thenError<E>(decision: Decision<E>): DomainError {
  if (decision.ok) throw new Error('expected a refusal');
  return decision.error;
}

const consent = (overrides: Partial<GiveRenewalConsent> = {}): GiveRenewalConsent => ({
  productId: 'city',
  consentId: 'consent-1',
  person: PARENT,
  basicInsurance: resident,
  payment: {
    relation: 'parent',
    payer: { personRef: CHILD.personRef, scheme: 'employee', sealedIdentity: { sealed: 'child' } },
  },
  occurredAt: at('2023-11-01T10:00:00+08:00'),
  ...overrides,
});

const consented = (...extra: RenewalEvent[]): RenewalState =>
  foldRenewal([
    ...thenEvents(decideGiveRenewalConsent(undefined, Y2024.definition, consent())),
    ...extra,
  ])!;

/** Year 2024: enrolled and paid individually (active). */
const ENROLLED_2024: PolicyEvent[] = thenEvents(
  decideEnroll(undefined, Y2024, {
    planId: 'city-2024',
    enrollmentId: 'e2024',
    person: PARENT,
    basicInsurance: resident,
    townshipId: 't01',
    contributions: [{ source: 'individual', amountFen: 10000 }],
    occurredAt: at('2023-11-01T10:00:00+08:00'),
  }),
);

const renew = (overrides: Partial<RenewPerson> = {}): RenewPerson => ({
  productId: 'city',
  runId: '2025-1',
  occurredAt: RUN_AT,
  enrollmentId: 'e2025',
  renewal: consented(),
  previousPolicy: foldPolicy(ENROLLED_2024),
  nextPolicy: undefined,
  nextPlan: Y2025,
  person: PARENT,
  priorCoverage: [{ planId: 'city-2024', planYear: 2024, covered: true }],
  ...overrides,
});

describe('Renewal consent (续保授权, DOMAIN.md Who pays: personal account)', () => {
  it("Consent: records the payer (an employee-insured account holder) and the relation for next years' scheduled deductions", () => {
    const [event] = thenEvents(decideGiveRenewalConsent(undefined, Y2024.definition, consent()));
    expect(event).toMatchObject({
      type: 'RenewalConsentGiven',
      data: {
        personRef: PARENT.personRef,
        payment: {
          source: 'personal_account',
          payerRef: CHILD.personRef,
          payerScheme: 'employee',
          relation: 'parent',
          account: 'personal',
        },
      },
    });
  });

  it('Consent: the personal-account rule applies — a resident-insured payer, a relation outside self/spouse/parent/child, or "self" for someone else is refused', () => {
    const payer = (scheme: 'employee' | 'resident') => ({ personRef: CHILD.personRef, scheme });
    expect(
      thenError(
        decideGiveRenewalConsent(
          undefined,
          Y2024.definition,
          consent({
            payment: { relation: 'parent', payer: payer('resident') },
          }),
        ),
      ),
    ).toMatchObject({
      field: 'payment.payer.scheme',
      rule: 'contribution.personalAccountHolderIsEmployee',
    });
    expect(
      thenError(
        decideGiveRenewalConsent(
          undefined,
          Y2024.definition,
          consent({
            payment: { relation: 'cousin' as never, payer: payer('employee') },
          }),
        ),
      ),
    ).toMatchObject({ field: 'payment.relation', rule: 'contribution.personalAccountRelation' });
    expect(
      thenError(
        decideGiveRenewalConsent(
          undefined,
          Y2024.definition,
          consent({
            payment: { relation: 'self', payer: payer('employee') },
            basicInsurance: employee,
          }),
        ),
      ),
    ).toMatchObject({ field: 'payment.payer', rule: 'contribution.personalAccountSelf' });
  });

  it('Consent: a plan that takes no personal-account payment has no deduction to consent to', () => {
    const noAccounts = { ...Y2024.definition, acceptedSources: ['individual' as const] };
    expect(thenError(decideGiveRenewalConsent(undefined, noAccounts, consent()))).toMatchObject({
      kind: 'conflict',
      rule: 'renewal.personalAccountAccepted',
    });
  });

  it('Consent: can be withdrawn; in force only between giving and withdrawing (business time)', () => {
    const state = consented();
    const [withdrawn] = thenEvents(
      decideWithdrawRenewalConsent(state, {
        productId: 'city',
        personRef: PARENT.personRef,
        reason: '本人申请撤回',
        occurredAt: at('2024-05-01T10:00:00+08:00'),
      }),
    );
    const after = foldRenewal([
      ...thenEvents(decideGiveRenewalConsent(undefined, Y2024.definition, consent())),
      withdrawn,
    ]);
    expect(consentAt(after, at('2024-04-30T10:00:00+08:00'))?.consentId).toBe('consent-1');
    expect(consentAt(after, at('2024-05-02T10:00:00+08:00'))).toBeUndefined();
    expect(after?.consent).toBeUndefined();
    expect(
      thenError(
        decideWithdrawRenewalConsent(after, {
          productId: 'city',
          personRef: PARENT.personRef,
          reason: 'again',
          occurredAt: at('2024-05-03T10:00:00+08:00'),
        }),
      ),
    ).toMatchObject({ kind: 'not_found', rule: 'renewal.consentInForce' });
  });
});

describe('Renewal run, one person (续保: issue 16)', () => {
  it('Renewal: enrolls a consenting person covered last year as a pending personal-account deduction, continuing their cohort', () => {
    const decision = decideRenewal(renew());
    if (decision.kind !== 'renew') throw new Error(decision.detail);
    const [enrolled] = decision.events;
    expect(enrolled).toMatchObject({
      type: 'PolicyEnrolled',
      data: {
        planId: 'city-2025',
        enrollmentId: 'e2025',
        townshipId: 't01',
        basicInsurance: resident,
        premiumFen: 10000,
        contributions: [
          {
            contributionId: 'e2025/c1',
            source: 'personal_account',
            status: 'pending',
            payerRef: CHILD.personRef,
            relation: 'parent',
          },
        ],
        cohort: {
          productId: 'city',
          planYear: 2025,
          regionCode: '330281',
          firstInProduct: false,
          coveredPreviousYear: true,
          renewalRunId: '2025-1',
        },
      },
    });
    expect(currentEnrollment(foldPolicy(decision.events))?.status).toBe('pending_payment');
  });

  it('Renewal: the pending deduction settles (active) or fails (lapsed) like any other', () => {
    const decision = decideRenewal(renew());
    if (decision.kind !== 'renew') throw new Error(decision.detail);
    const settle = {
      planId: 'city-2025',
      personRef: PARENT.personRef,
      contributionId: 'e2025/c1',
      occurredAt: at('2024-10-20T10:00:00+08:00'),
    };
    const settled = thenEvents(decideSettleDeduction(foldPolicy(decision.events), settle));
    expect(settled[0]).toMatchObject({
      type: 'PersonalAccountDeductionSettled',
      data: { statusAfter: 'active', cohort: { planYear: 2025, coveredPreviousYear: true } },
    });
    const failed = thenEvents(
      decideFailDeduction(foldPolicy(decision.events), { ...settle, reason: '个人账户余额不足' }),
    );
    expect(failed.map((e) => e.type)).toEqual([
      'PersonalAccountDeductionFailed',
      'EnrollmentLapsed',
    ]);
  });

  it('Renewal: someone whose basic insurance is suspended or ended is not renewed, and the reason is recorded', () => {
    const suspended: PolicyState = {
      ...foldPolicy(ENROLLED_2024)!,
      claims: evolveClaims(emptyClaimsState(), {
        type: 'BasicInsuranceSuspended',
        data: {
          planId: 'city-2024',
          personRef: PARENT.personRef,
          from: '2024-07-01',
          reason: '迁出本市，参保关系中断',
          occurredAt: '2024-07-02T02:00:00.000Z',
        },
      }),
    };
    const decision = decideRenewal(renew({ previousPolicy: suspended }));
    expect(decision).toMatchObject({
      kind: 'skip',
      reason: 'basic_insurance_ended',
      events: [
        {
          type: 'RenewalSkipped',
          data: {
            runId: '2025-1',
            planId: 'city-2025',
            planYear: 2025,
            reason: 'basic_insurance_ended',
          },
        },
      ],
    });
    expect(decision.kind === 'skip' && decision.detail).toContain('2024-07-01');
  });

  it('Renewal: a withdrawn consent, no cover last year, erased data or an own enrollment this year means no renewal', () => {
    const withdrawn = consented({
      type: 'RenewalConsentWithdrawn',
      data: {
        productId: 'city',
        personRef: PARENT.personRef,
        consentId: 'consent-1',
        reason: '撤回',
        occurredAt: '2024-06-01T02:00:00.000Z',
      },
    });
    expect(decideRenewal(renew({ renewal: withdrawn }))).toMatchObject({
      reason: 'consent_withdrawn',
    });
    expect(decideRenewal(renew({ previousPolicy: undefined }))).toMatchObject({
      reason: 'not_covered_previous_year',
    });
    expect(decideRenewal(renew({ person: undefined }))).toMatchObject({
      reason: 'personal_data_erased',
    });
    const own = thenEvents(
      decideEnroll(undefined, Y2025, {
        planId: 'city-2025',
        enrollmentId: 'own',
        person: PARENT,
        basicInsurance: resident,
        contributions: [{ source: 'individual', amountFen: 10000 }],
        occurredAt: at('2024-10-10T08:00:00+08:00'),
      }),
    );
    expect(decideRenewal(renew({ nextPolicy: foldPolicy(own) }))).toMatchObject({
      reason: 'already_enrolled',
    });
  });

  it('Cohort: a first enrollment in the product is first; a second year after a covered first year continues it', () => {
    const [first] = ENROLLED_2024;
    expect(first.type === 'PolicyEnrolled' && first.data.cohort).toMatchObject({
      productId: 'city',
      planYear: 2024,
      firstInProduct: true,
      coveredPreviousYear: false,
    });
    const [again] = thenEvents(
      decideEnroll(undefined, Y2025, {
        planId: 'city-2025',
        enrollmentId: 'x',
        person: PARENT,
        basicInsurance: resident,
        contributions: [{ source: 'individual', amountFen: 10000 }],
        occurredAt: at('2024-10-11T08:00:00+08:00'),
        priorCoverage: [{ planId: 'city-2024', planYear: 2024, covered: false }],
      }),
    );
    // Enrolled last year but never covered (e.g. lapsed): first in the product now.
    expect(again.type === 'PolicyEnrolled' && again.data.cohort).toMatchObject({
      firstInProduct: true,
      coveredPreviousYear: false,
    });
  });
});
