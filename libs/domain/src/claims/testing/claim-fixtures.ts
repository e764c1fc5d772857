import {
  GANZHOU_2024_BENEFITS,
  TIANYI_YONGNINGBAO_2024_BENEFITS,
} from '../../benefits/seed-schedules';
import { Decision, DomainError } from '../../common/domain-error';
import { InsuredPerson } from '../../enrollment/insured-person';
import { decideEnroll } from '../../enrollment/policy-decider';
import { PolicyEvent } from '../../enrollment/policy-events';
import { foldPolicy, PolicyState } from '../../enrollment/policy-state';
import { Coalition, PlanDefinition } from '../../plan/plan-definition';
import { evolvePlan, PlanState } from '../../plan/plan-state';
import { at, person, planState, testPlanDefinition } from '../../testing/fixtures';
import { ClaimLineInput, ClaimSubmission } from '../claim';
import { decideSubmitClaim } from '../claim-decider';

/** 000 赣州惠民保 2024 as the ledger bundles it: window, retroactive coverage, Q7/Q8/Q3 benefits. */
export const GANZHOU: PlanState = planState(
  testPlanDefinition({
    planId: 'ganzhou-test',
    enrollmentWindow: { opensOn: '2023-12-12', closesOn: '2024-01-31' },
    coverage: { startsOn: '2024-01-01', endsOn: '2024-12-31', retroactiveToStart: true },
    benefits: GANZHOU_2024_BENEFITS,
  }),
);

/** 003 天一甬宁保 2024: window before coverage, no waiting period, 附件3 benefits. */
export const YONGNINGBAO: PlanState = planState(
  testPlanDefinition({ planId: 'yongningbao-test', benefits: TIANYI_YONGNINGBAO_2024_BENEFITS }),
);

export const plan = (overrides: Partial<PlanDefinition>): PlanState =>
  planState(testPlanDefinition(overrides));

/** Illustrative shares (the seeds give none): lead 40%, then 35% and 25%. */
export const COALITION: Coalition = {
  leadInsurerId: 'picc-pc',
  members: [
    { insurerId: 'picc-pc', name: { zh: '人保财险', en: 'PICC P&C' }, shareBp: 4000 },
    { insurerId: 'cpic-pc', name: { zh: '太保财险', en: 'CPIC P&C' }, shareBp: 3500 },
    { insurerId: 'pingan-pc', name: { zh: '平安产险', en: 'Ping An P&C' }, shareBp: 2500 },
  ],
};

/** The plan after an amendment setting a coalition at the given instant. */
export function withCoalition(
  state: PlanState,
  coalition: Coalition,
  occurredAt = '2024-01-01T00:00:00.000Z',
): PlanState {
  return evolvePlan(state, {
    type: 'PlanAmended',
    data: { planId: state.planId, changes: { coalition }, reason: 'coalition set', occurredAt },
  });
}

export const INSURED: InsuredPerson = person('1980-05-06');

export function thenEvents<E>(decision: Decision<E>): E[] {
  if (!decision.ok)
    throw new Error(`expected events, got ${decision.error.rule}: ${decision.error.message}`);
  return decision.events;
}

export function thenError<E>(decision: Decision<E>): DomainError {
  if (decision.ok) throw new Error(`expected a refusal, got ${JSON.stringify(decision.events)}`);
  return decision.error;
}

/** given events → state */
export const given = (...events: PolicyEvent[]): PolicyState | undefined => foldPolicy(events);

/** PolicyEnrolled of INSURED (or another person) paid in full by the insured. */
export function enrolled(
  planState: PlanState,
  occurredAt: string,
  insured: InsuredPerson = INSURED,
  enrollmentId = 'e1',
): PolicyEvent[] {
  return thenEvents(
    decideEnroll(undefined, planState, {
      planId: planState.planId,
      enrollmentId,
      person: insured,
      basicInsurance: { scheme: 'resident', insuredRegionCode: '330281' },
      contributions: [{ source: 'individual', amountFen: 10000 }],
      occurredAt: at(occurredAt),
    }),
  );
}

/**
 * A claim whose prior layers paid nothing unless given, and whose total expense is exactly what
 * the prior layers paid plus the residual lines (so everything left to the person is claimed).
 */
export function claim(
  claimId: string,
  serviceDate: string,
  lines: ClaimLineInput[],
  extra: Partial<ClaimSubmission> = {},
): ClaimSubmission {
  const priorLayers = extra.priorLayers ?? {
    basicInsuranceFen: 0,
    criticalIllnessInsuranceFen: 0,
    medicalAidFen: 0,
  };
  const prior =
    priorLayers.basicInsuranceFen +
    priorLayers.criticalIllnessInsuranceFen +
    priorLayers.medicalAidFen;
  return {
    claimId,
    serviceDate,
    hospital: '赣州市人民医院',
    totalExpenseFen: prior + lines.reduce((s, l) => s + l.residualFen, 0),
    preExisting: false,
    outOfArea: false,
    lines,
    ...extra,
    priorLayers,
  };
}

/** when a claim is submitted at `occurredAt` on the policy made of `history` */
export function submit(
  planState: PlanState,
  history: PolicyEvent[],
  submission: ClaimSubmission,
  occurredAt = '2024-06-01T10:00:00+08:00',
) {
  return decideSubmitClaim(given(...history), planState, {
    planId: planState.planId,
    personRef: INSURED.personRef,
    claim: submission,
    occurredAt: at(occurredAt),
  });
}

/** Submits claims one after another, threading the stream; returns every event written. */
export function submitAll(
  planState: PlanState,
  history: PolicyEvent[],
  submissions: ClaimSubmission[],
): PolicyEvent[] {
  const events = [...history];
  for (const s of submissions) events.push(...thenEvents(submit(planState, events, s)));
  return events.slice(history.length);
}
