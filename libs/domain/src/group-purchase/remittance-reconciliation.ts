import { Fen } from '../common/money';
import {
  EmployerParts,
  GroupLineNotEnrolled,
  RemittanceReconciliation,
} from './group-purchase-events';

/**
 * A batch's remittance against the people it enrolled: the employer owes its part for each of
 * them, nothing for anyone else. The difference is also given in people: whole parts of the
 * batch's most common employer part (the one most people have; the first such on ties) and the
 * fen left over, so "one person short" reads as such.
 */
export function reconcileRemittance(
  applied: {
    expectedRemittanceFen: Fen;
    employerParts: EmployerParts[];
    notEnrolled: GroupLineNotEnrolled[];
  },
  receivedFen: Fen,
): RemittanceReconciliation {
  const expectedFen = applied.expectedRemittanceFen;
  const differenceFen = receivedFen - expectedFen;
  const unit = applied.employerParts.reduce<EmployerParts | undefined>(
    (best, p) => (!best || p.people > best.people ? p : best),
    undefined,
  );
  const partFen = unit?.amountFen ?? 0;
  const gap = Math.abs(differenceFen);
  const people = partFen > 0 ? Math.floor(gap / partFen) : 0;
  const already = applied.notEnrolled.filter((l) => l.outcome === 'already_enrolled');
  return {
    expectedFen,
    receivedFen,
    differenceFen,
    status: differenceFen === 0 ? 'balanced' : differenceFen < 0 ? 'short' : 'over',
    enrolledPeople: applied.employerParts.reduce((s, p) => s + p.people, 0),
    people,
    partFen,
    remainderFen: gap - people * partFen,
    refundDueFen: differenceFen > 0 ? differenceFen : 0,
    owedFen: differenceFen < 0 ? -differenceFen : 0,
    alreadyEnrolled: {
      people: already.length,
      nominalFen: already.reduce((s, l) => s + (l.nominalPartFen ?? 0), 0),
    },
  };
}
