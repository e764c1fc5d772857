import { conflict, Decision, decide, invalid } from '../common/domain-error';
import { assertLocalDate, Instant, LocalDate, toIso } from '../common/time';
import { PolicyState } from '../enrollment/policy-state';
import { openSuspension } from './basic-insurance-suspension';
import { ClaimEvent } from './claim-events';
import { claimsOf } from './claims-state';
import { requireInOrder, requirePolicy } from './policy-guards';

/** Fed from upstream (the basic-insurance agency): the person's basic insurance is suspended. */
export interface SuspendBasicInsurance {
  planId: string;
  personRef: string;
  from: LocalDate;
  reason: string;
  occurredAt: Instant;
}

/** Fed from upstream: basic insurance restored, with or without back-payment for the gap. */
export interface RestoreBasicInsurance {
  planId: string;
  personRef: string;
  suspendedFrom: LocalDate;
  restoredOn: LocalDate;
  backPaid: boolean;
  occurredAt: Instant;
}

/**
 * 002 三(三): while basic insurance is suspended (arrears, interrupted enrollment) Huiminbao pays
 * nothing. At most one suspension is open; suspensions follow each other in time.
 */
export function decideSuspendBasicInsurance(
  policy: PolicyState | undefined,
  cmd: SuspendBasicInsurance,
): Decision<ClaimEvent> {
  return decide(() => {
    const state = requirePolicy(policy, cmd.planId);
    requireInOrder(state, cmd.occurredAt);
    const from = assertLocalDate(cmd.from, 'from');
    if (!cmd.reason?.trim()) {
      throw invalid('reason', 'basicInsurance.suspensionReason', 'a suspension needs a reason');
    }
    const { suspensions } = claimsOf(state);
    const open = openSuspension(suspensions);
    if (open) {
      throw conflict(
        'from',
        'basicInsurance.oneOpenSuspension',
        `basic insurance is already suspended from ${open.from} and not restored`,
      );
    }
    const lastRestored = suspensions.reduce<LocalDate | undefined>(
      (max, s) => (s.restoredOn && (!max || s.restoredOn > max) ? s.restoredOn : max),
      undefined,
    );
    if (lastRestored !== undefined && from < lastRestored) {
      throw invalid(
        'from',
        'basicInsurance.suspensionsInOrder',
        `a suspension from ${from} overlaps the previous one, restored on ${lastRestored}`,
      );
    }
    return [
      {
        type: 'BasicInsuranceSuspended',
        data: {
          planId: cmd.planId,
          personRef: state.personRef,
          from,
          reason: cmd.reason.trim(),
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

/**
 * 002 三(三): once the contributions are paid back (补缴) and basic insurance resumes, Huiminbao
 * pays again "同步": a back-paid restoration covers the suspended period again; without
 * back-payment the period stays uncovered and cover resumes on the restoration date.
 */
export function decideRestoreBasicInsurance(
  policy: PolicyState | undefined,
  cmd: RestoreBasicInsurance,
): Decision<ClaimEvent> {
  return decide(() => {
    const state = requirePolicy(policy, cmd.planId);
    requireInOrder(state, cmd.occurredAt);
    const suspendedFrom = assertLocalDate(cmd.suspendedFrom, 'suspendedFrom');
    const restoredOn = assertLocalDate(cmd.restoredOn, 'restoredOn');
    if (typeof cmd.backPaid !== 'boolean') {
      throw invalid('backPaid', 'basicInsurance.backPaidBoolean', 'backPaid must be true or false');
    }
    const open = openSuspension(claimsOf(state).suspensions);
    if (!open || open.from !== suspendedFrom) {
      throw conflict(
        'suspendedFrom',
        'basicInsurance.openSuspensionMatches',
        open
          ? `the open suspension is from ${open.from}, not ${suspendedFrom}`
          : `basic insurance is not suspended (no open suspension from ${suspendedFrom})`,
      );
    }
    if (restoredOn < suspendedFrom) {
      throw invalid(
        'restoredOn',
        'basicInsurance.restoredAfterSuspension',
        `restoredOn ${restoredOn} is before the suspension started (${suspendedFrom})`,
      );
    }
    return [
      {
        type: 'BasicInsuranceRestored',
        data: {
          planId: cmd.planId,
          personRef: state.personRef,
          suspendedFrom,
          restoredOn,
          backPaid: cmd.backPaid,
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}
