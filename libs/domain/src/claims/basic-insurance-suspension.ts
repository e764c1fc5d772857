import { LocalDate } from '../common/time';

/**
 * A period without basic insurance (002 三(三): 因基本医疗保险的保费欠缴、参保关系中断等原因导致暂停
 * 或中止基本医疗保险的，不享受报销待遇). Open until restored. A restoration with back-payment
 * (按规定补缴) makes the whole period covered again; without it the period [from, restoredOn)
 * stays uncovered.
 */
export interface BasicInsuranceSuspension {
  from: LocalDate;
  reason: string;
  restoredOn?: LocalDate;
  backPaid?: boolean;
}

/** The suspension not restored yet, if any (at most one is open). */
export function openSuspension(
  suspensions: readonly BasicInsuranceSuspension[],
): BasicInsuranceSuspension | undefined {
  return suspensions.find((s) => s.restoredOn === undefined);
}

/** The suspension that leaves the date uncovered, if any. */
export function suspensionOn(
  suspensions: readonly BasicInsuranceSuspension[],
  date: LocalDate,
): BasicInsuranceSuspension | undefined {
  return suspensions.find(
    (s) => s.from <= date && (s.restoredOn === undefined || (date < s.restoredOn && !s.backPaid)),
  );
}
