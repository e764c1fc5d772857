import { conflict, Decision, decide, invalid, notFound } from '../common/domain-error';
import { Fen } from '../common/money';
import {
  assertLocalDate,
  Instant,
  LocalDate,
  rangeContains,
  shanghaiDate,
  toIso,
} from '../common/time';
import { ContributionInput } from '../enrollment/contribution';
import { BasicInsuranceStatus, InsuredPerson } from '../enrollment/insured-person';
import { decideEnroll } from '../enrollment/policy-decider';
import { PolicyEvent } from '../enrollment/policy-events';
import { currentEnrollment, PolicyState } from '../enrollment/policy-state';
import { missingForEnrollment } from '../plan/plan-completeness';
import { PlanDefinition } from '../plan/plan-definition';
import { PlanState } from '../plan/plan-state';
import { quotePremium } from '../plan/premium';
import {
  EmployerParts,
  EmployerShare,
  GroupLineNotEnrolled,
  GroupPurchaseEvent,
  GroupPurchaser,
  RestPaidBy,
} from './group-purchase-events';
import { EmployerState } from './group-purchase-state';
import { reconcileRemittance } from './remittance-reconciliation';

/** Ids that go into stream names and events: letters, digits and . _ : - (at most 64). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export interface SubmitGroupPurchase {
  planId: string;
  purchaser: GroupPurchaser;
  batchId: string;
  employerShare: EmployerShare;
  restPaidBy?: RestPaidBy;
  lines: number;
  digest: string;
  occurredAt: Instant;
}

/** The funder an employer's contributions name (refunds go back to it). */
export const purchaserFunder = (p: GroupPurchaser) => ({
  funderId: `${p.kind}:${p.employerId}`,
  name: p.name,
});

function requireOpenPlan(planState: PlanState | undefined, planId: string): PlanDefinition {
  if (!planState) throw notFound('planId', 'plan.exists', `plan ${planId} does not exist`);
  const missing = missingForEnrollment(planState.definition);
  if (missing.length)
    throw conflict(
      'planId',
      'plan.draftCannotEnroll',
      `plan ${planId} is a draft and cannot take enrollments; missing: ${missing.join(', ')}`,
      { missing },
    );
  return planState.definition;
}

const isFull = (share: EmployerShare) => 'percent' in share && share.percent === 100;

/**
 * A group purchase (团体参保, DOMAIN.md "Who pays": employer / union, 001 002 003): the purchaser,
 * its part of each premium and who pays the rest, checked once for the whole batch. Submitting
 * the same batch again with the same list resumes it; with another list it is refused.
 */
export function decideSubmitGroupPurchase(
  state: EmployerState | undefined,
  planState: PlanState | undefined,
  cmd: SubmitGroupPurchase,
): Decision<GroupPurchaseEvent> {
  return decide(() => {
    const plan = requireOpenPlan(planState, cmd.planId);
    const p = cmd.purchaser;
    if (!p || typeof p.employerId !== 'string' || !ID.test(p.employerId))
      throw invalid(
        'employer.employerId',
        'groupPurchase.employerId',
        'employerId must be 1–64 letters, digits or . _ : - (e.g. the unified social credit code)',
      );
    if (typeof p.name !== 'string' || !p.name.trim())
      throw invalid('employer.name', 'groupPurchase.employerName', 'the employer needs its name');
    if (p.kind !== 'employer' && p.kind !== 'union')
      throw invalid(
        'employer.kind',
        'groupPurchase.kind',
        'kind is employer (单位) or union (工会)',
      );
    if (typeof cmd.batchId !== 'string' || !ID.test(cmd.batchId))
      throw invalid(
        'batchId',
        'groupPurchase.batchId',
        'batchId must be 1–64 letters, digits or . _ : -',
      );
    if (!plan.acceptedSources.includes('employer'))
      throw invalid(
        'employer',
        'groupPurchase.planAcceptsEmployer',
        `plan ${cmd.planId} does not accept employer or union group purchase (accepted: ${plan.acceptedSources.join(', ')})`,
      );
    const given = cmd.employerShare as Partial<{ percent: number; amountFen: number }>;
    // Exactly one of the two, and nothing else enters the log.
    const share: EmployerShare | undefined =
      given &&
      typeof given === 'object' &&
      (given.percent === undefined) !== (given.amountFen === undefined)
        ? given.percent !== undefined
          ? { percent: given.percent }
          : { amountFen: given.amountFen! }
        : undefined;
    const validShare =
      share &&
      (('percent' in share &&
        Number.isSafeInteger(share.percent) &&
        share.percent >= 1 &&
        share.percent <= 100) ||
        ('amountFen' in share && Number.isSafeInteger(share.amountFen) && share.amountFen >= 1));
    if (!validShare)
      throw invalid(
        'employerShare',
        'groupPurchase.employerShare',
        'employerShare is {"percent": 1–100} or {"amountFen": a positive integer of fen}',
      );
    const rest = cmd.restPaidBy ?? 'individual';
    if (!isFull(share!)) {
      if (rest !== 'individual' && rest !== 'personal_account')
        throw invalid(
          'restPaidBy',
          'groupPurchase.restPaidBy',
          'restPaidBy is individual or personal_account',
        );
      if (!plan.acceptedSources.includes(rest))
        throw invalid(
          'restPaidBy',
          'groupPurchase.restPaidBy',
          `plan ${cmd.planId} does not accept ${rest} contributions for the rest of the premium`,
        );
    }
    if (!Number.isSafeInteger(cmd.lines) || cmd.lines < 1)
      throw invalid(
        'staff',
        'groupPurchase.notEmpty',
        'a group purchase lists at least one person',
      );
    const window = plan.enrollmentWindow!;
    if (!rangeContains({ from: window.opensOn, to: window.closesOn }, cmd.occurredAt))
      throw invalid(
        'occurredAt',
        'enrollment.window',
        `enrollment is open from ${window.opensOn} 00:00 to ${window.closesOn} 24:00 Asia/Shanghai; ${toIso(cmd.occurredAt)} is outside it`,
        { opensOn: window.opensOn, closesOn: window.closesOn, at: shanghaiDate(cmd.occurredAt) },
      );
    const earlier = state?.batches[cmd.batchId];
    if (earlier) {
      if (earlier.submitted.digest !== cmd.digest)
        throw conflict(
          'batchId',
          'groupPurchase.sameBatchSameList',
          `batch ${cmd.batchId} was submitted before with another list or other terms; give a new batch id`,
          { batchId: cmd.batchId },
        );
      return [];
    }
    return [
      {
        type: 'GroupPurchaseSubmitted',
        data: {
          planId: cmd.planId,
          employerId: p.employerId,
          employerName: p.name.trim(),
          kind: p.kind,
          batchId: cmd.batchId,
          employerShare: share!,
          restPaidBy: rest,
          lines: cmd.lines,
          digest: cmd.digest,
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

/** The employer's part of a premium: a share rounded half-up to the fen, or a fixed amount (capped). */
export function employerPart(share: EmployerShare, premiumFen: Fen): Fen {
  if ('percent' in share) return Math.floor((premiumFen * share.percent + 50) / 100);
  return Math.min(share.amountFen, premiumFen);
}

export interface GroupPurchaseLine {
  planId: string;
  purchaser: GroupPurchaser;
  batchId: string;
  employerShare: EmployerShare;
  restPaidBy: RestPaidBy;
  enrollmentId: string;
  person: InsuredPerson;
  basicInsurance: BasicInsuranceStatus;
  township?: string;
  occurredAt: Instant;
}

export interface GroupLineDecision {
  outcome: 'enrolled' | 'already_enrolled';
  /** The employer's part of this person's premium (owed if enrolled; nominal if not). */
  partFen: Fen;
  /** already_enrolled: the earlier enrollment is this purchaser's (an earlier batch). */
  byThisPurchaser?: boolean;
  decision: Decision<PolicyEvent>;
}

/**
 * One person of a group purchase: enrolled with the employer's part (funder: the employer or
 * union) and the rest from the person or their personal account (a scheduled deduction, pending
 * until it settles). A person already enrolled is left as they are — whoever paid for them — and
 * the employer owes nothing for them (the precise rule: docs/group-purchase.md).
 */
export function decideGroupPurchaseLine(
  policy: PolicyState | undefined,
  planState: PlanState | undefined,
  cmd: GroupPurchaseLine,
): GroupLineDecision {
  let outcome: GroupLineDecision['outcome'] = 'enrolled';
  let partFen = 0;
  let byThisPurchaser: boolean | undefined;
  const decision = decide<PolicyEvent>(() => {
    const plan = requireOpenPlan(planState, cmd.planId);
    const premium = quotePremium(
      plan.premium!,
      {
        birthDate: cmd.person.birthDate,
        sex: cmd.person.sex,
        residentTier: cmd.basicInsurance.residentTier,
      },
      plan.coverage!.startsOn,
    ).amountFen;
    partFen = employerPart(cmd.employerShare, premium);
    const funder = purchaserFunder(cmd.purchaser);
    const current = currentEnrollment(policy);
    if (current) {
      outcome = 'already_enrolled';
      byThisPurchaser = current.contributions.some((c) => c.funder?.funderId === funder.funderId);
      return [];
    }
    const contributions: ContributionInput[] = [
      {
        source: 'employer',
        amountFen: partFen,
        funder,
        fund: cmd.purchaser.kind === 'union' ? 'union' : 'welfare',
        batchId: cmd.batchId,
      },
    ];
    const rest = premium - partFen;
    if (rest > 0) {
      contributions.push(
        cmd.restPaidBy === 'personal_account'
          ? {
              source: 'personal_account',
              amountFen: rest,
              relation: 'self',
              payer: { personRef: cmd.person.personRef },
              deduction: 'pending',
            }
          : { source: 'individual', amountFen: rest },
      );
    }
    const enrolled = decideEnroll(policy, planState, {
      planId: cmd.planId,
      enrollmentId: cmd.enrollmentId,
      person: cmd.person,
      basicInsurance: cmd.basicInsurance,
      ...(cmd.township !== undefined ? { township: cmd.township } : {}),
      contributions,
      occurredAt: cmd.occurredAt,
    });
    if (!enrolled.ok) throw enrolled.error;
    return enrolled.events;
  });
  return {
    outcome,
    partFen,
    ...(byThisPurchaser !== undefined ? { byThisPurchaser } : {}),
    decision,
  };
}

export interface ApplyGroupBatch {
  planId: string;
  employerId: string;
  batchId: string;
  /** Employer parts of the people enrolled, in list order. */
  enrolledParts: Fen[];
  notEnrolled: GroupLineNotEnrolled[];
  occurredAt: Instant;
}

/** Closes a batch's application: how many were enrolled and the remittance they call for. */
export function decideGroupBatchApplied(
  state: EmployerState | undefined,
  cmd: ApplyGroupBatch,
): Decision<GroupPurchaseEvent> {
  return decide(() => {
    const batch = state?.batches[cmd.batchId];
    if (!batch)
      throw notFound(
        'batchId',
        'groupPurchase.batchExists',
        `no batch ${cmd.batchId} from ${cmd.employerId}`,
      );
    if (batch.applied) return [];
    const parts: EmployerParts[] = [];
    for (const amountFen of cmd.enrolledParts) {
      const group = parts.find((p) => p.amountFen === amountFen);
      if (group) group.people += 1;
      else parts.push({ amountFen, people: 1 });
    }
    return [
      {
        type: 'GroupPurchaseBatchApplied',
        data: {
          planId: cmd.planId,
          employerId: cmd.employerId,
          batchId: cmd.batchId,
          enrolled: cmd.enrolledParts.length,
          expectedRemittanceFen: cmd.enrolledParts.reduce((s, f) => s + f, 0),
          employerParts: parts,
          notEnrolled: cmd.notEnrolled,
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}

export interface RecordRemittance {
  planId: string;
  employerId: string;
  batchId: string;
  amountFen: Fen;
  receivedOn?: LocalDate;
  reference?: string;
  occurredAt: Instant;
}

/**
 * One remittance per batch (the amount received), reconciled against the people the batch
 * enrolled: balanced, short (owed by the employer) or over (due back to it), in fen and people.
 */
export function decideRecordRemittance(
  state: EmployerState | undefined,
  cmd: RecordRemittance,
): Decision<GroupPurchaseEvent> {
  return decide(() => {
    const batch = state?.batches[cmd.batchId];
    if (!batch)
      throw notFound(
        'batchId',
        'groupPurchase.batchExists',
        `no batch ${cmd.batchId} from ${cmd.employerId}`,
      );
    if (!batch.applied)
      throw conflict(
        'batchId',
        'groupPurchase.batchApplied',
        `batch ${cmd.batchId} is still being applied; record its remittance once every line is decided`,
        { batchId: cmd.batchId },
      );
    if (batch.remittance)
      throw conflict(
        'batchId',
        'groupPurchase.oneRemittancePerBatch',
        `batch ${cmd.batchId} already has its remittance (${batch.remittance.amountFen} fen received on ${batch.remittance.receivedOn})`,
        {
          batchId: cmd.batchId,
          amountFen: batch.remittance.amountFen,
          receivedOn: batch.remittance.receivedOn,
        },
      );
    if (!Number.isSafeInteger(cmd.amountFen) || cmd.amountFen < 0)
      throw invalid(
        'amountFen',
        'money.integerFen',
        'amountFen must be a non-negative integer of fen',
      );
    const today = shanghaiDate(cmd.occurredAt);
    const receivedOn =
      cmd.receivedOn === undefined ? today : assertLocalDate(cmd.receivedOn, 'receivedOn');
    if (receivedOn > today)
      throw invalid(
        'receivedOn',
        'groupPurchase.receivedNotFuture',
        `receivedOn ${receivedOn} is after today (${today})`,
        {
          receivedOn,
          today,
        },
      );
    return [
      {
        type: 'GroupRemittanceReceived',
        data: {
          planId: cmd.planId,
          employerId: cmd.employerId,
          batchId: cmd.batchId,
          amountFen: cmd.amountFen,
          receivedOn,
          ...(cmd.reference?.trim() ? { reference: cmd.reference.trim() } : {}),
          reconciliation: reconcileRemittance(batch.applied, cmd.amountFen),
          occurredAt: toIso(cmd.occurredAt),
        },
      },
    ];
  });
}
