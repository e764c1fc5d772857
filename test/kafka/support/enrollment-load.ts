import { CommandBus } from '@nestjs/cqrs';
import { composeResidentId } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import { EnrollPersonCommand, EnrollmentRequest, ChangePolicyCommand } from '@ledger/ledger';

export const PLAN_ID = 'ganzhou-2024';
/** Names on some enrollments, so the suite can check none reaches a topic. */
export const NAME_MARK = '试验者';

export interface Milestone {
  /** Runs once, in the background, when the log reaches this many events. */
  atEvents: number;
  run: () => Promise<unknown>;
}

export interface LoadResult {
  enrollments: number;
  cancellations: number;
  /** Every ID number and phone number the load used (names all start with NAME_MARK). */
  identifiers: Set<string>;
}

const WINDOW_OPENS = Date.parse('2023-12-12T09:00:00+08:00');

function request(n: number): EnrollmentRequest {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 20_000) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const idNumber = composeResidentId('360730', birth, Math.floor(n / 20_000) + 1);
  const named =
    n % 4 === 0 ? { name: `${NAME_MARK}${n}`, phone: `139${String(n).padStart(8, '0')}` } : {};
  const employee = n % 4 === 3;
  const contributions: EnrollmentRequest['contributions'] = [
    [{ source: 'individual', amountFen: 10000 }],
    [
      {
        source: 'department_subsidy',
        amountFen: 10000,
        category: 'hardship_groups',
        funder: { funderId: 'civil-affairs', name: '民政局' },
      },
    ],
    [
      {
        source: 'department_subsidy',
        amountFen: 5001,
        category: 'hardship_groups',
        funder: { funderId: 'civil-affairs', name: '民政局' },
      },
      { source: 'individual', amountFen: 4999 },
    ],
    [
      {
        source: 'personal_account',
        amountFen: 10000,
        relation: 'self',
        payer: { idNumber, scheme: 'employee' },
      },
    ],
  ][n % 4] as EnrollmentRequest['contributions'];
  return {
    person: { idNumber, ...named },
    basicInsurance: { scheme: employee ? 'employee' : 'resident', insuredRegionCode: '360730' },
    townshipId: `t${String((n % 25) + 1).padStart(2, '0')}`,
    occurredAt: new Date(WINDOW_OPENS + (n % 45) * 86_400_000).toISOString(),
    contributions,
  };
}

/**
 * Real ledger events through the command bus, as the HTTP API would write them: enrollments of
 * four kinds of payer in 25 townships, every tenth one cancelled an hour later (a refund when
 * that is before coverage starts). Stops once the log holds `targetEvents` events.
 */
export async function loadEnrollments(
  commands: CommandBus,
  store: EventStore,
  targetEvents: number,
  milestones: Milestone[] = [],
  workers = 16,
): Promise<LoadResult> {
  const result: LoadResult = { enrollments: 0, cancellations: 0, identifiers: new Set() };
  const pending = [...milestones].sort((a, b) => a.atEvents - b.atEvents);
  const background: Promise<unknown>[] = [];
  let next = 0;
  let head = Number((await store.headPosition()).commit);
  const worker = async () => {
    while (head < targetEvents) {
      const n = next++;
      const req = request(n);
      result.identifiers.add(req.person.idNumber);
      if (req.person.phone) result.identifiers.add(req.person.phone);
      const ctx = { commandId: `kafka-load-${n}`, correlationId: 'kafka-load', actor: 'test' };
      const receipt = await commands.execute(new EnrollPersonCommand(PLAN_ID, req, ctx));
      result.enrollments++;
      if (n % 10 === 3) {
        await commands.execute(
          new ChangePolicyCommand(
            PLAN_ID,
            receipt.personRef,
            { kind: 'cancel', reason: 'moved away' },
            new Date(Date.parse(req.occurredAt!) + 3_600_000).toISOString(),
            { ...ctx, commandId: `kafka-load-cancel-${n}` },
          ),
        );
        result.cancellations++;
      }
      head = Number((await store.headPosition()).commit);
      while (pending.length > 0 && head >= pending[0].atEvents)
        background.push(pending.shift()!.run());
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  await Promise.all(background);
  return result;
}
