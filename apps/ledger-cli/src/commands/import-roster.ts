import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { formatYuan } from '@ledger/domain';
import { parseSubsidyRosterCsv } from '@ledger/plans';
import { ImportSubsidyRosterCommand, RosterLineOutcome, RosterReport } from '@ledger/ledger';
import { printRefusal } from '../refusal-output';

const USAGE =
  'usage: import-roster <planId> <rosterId> <file.csv> --list-date YYYY-MM-DD [--received-on YYYY-MM-DD]';

/** How each outcome reads on a clerk's screen: Chinese first, English beside. */
const OUTCOME: Record<RosterLineOutcome, string> = {
  enrolled_as_subsidized: '已资助参保 enrolled as subsidized',
  reclassified: '已退费并改为资助参保 refunded and re-recorded as subsidized',
  already_subsidized: '已是资助参保 already subsidized',
  found_late: '发现较晚（待遇期已开始），不退费 found late: coverage had started, nothing refunded',
  too_late_to_enroll:
    '名单日期在参保期结束后，未参保 list dated after the window closed: not enrolled',
  unmatched_basic_insurance: '未匹配到基本医保参保人 matches nobody in basic insurance',
  refused: '未受理 refused',
};

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * ledger import-roster <planId> <rosterId> <file.csv> --list-date D [--received-on D]: apply a
 * full-subsidy roster at its own date, a line each (DOMAIN.md, Interpretations 003 ③ and ④).
 */
export async function importRoster(app: INestApplicationContext, args: string[]): Promise<number> {
  const positional = args.filter(
    (a, i) => !a.startsWith('--') && !['--list-date', '--received-on'].includes(args[i - 1]),
  );
  const [planId, rosterId, file] = positional;
  if (!planId || !rosterId || !file) throw new Error(USAGE);
  const listDate = option(args, '--list-date');
  const receivedOn = option(args, '--received-on');
  const ctx = {
    commandId: `roster:${planId}:${rosterId}`,
    correlationId: `cli:import-roster`,
    actor: 'cli',
  };
  let result: RosterReport;
  try {
    result = await app
      .get(CommandBus)
      .execute(
        new ImportSubsidyRosterCommand(
          planId,
          rosterId,
          basename(file),
          parseSubsidyRosterCsv(readFileSync(file, 'utf8')),
          { ...(listDate ? { listDate } : {}), ...(receivedOn ? { receivedOn } : {}) },
          ctx,
        ),
      );
  } catch (error) {
    if (printRefusal(error)) return 1;
    throw error;
  }
  console.log(
    `名单 roster ${rosterId}（名单日期 list dated ${result.listDate}，收到 received ${result.receivedOn}）`,
  );
  for (const l of result.lines) {
    const refunds = (l.refunds ?? [])
      .map(
        (r) =>
          `${r.kind === 'refunded' ? '退还 refund' : '撤回 withdraw'} ${r.source} ${formatYuan(r.amountFen)} 元`,
      )
      .join(', ');
    const refusal = l.rule ? ` ${l.rule}: ${l.messages?.zh ?? ''} / ${l.message ?? ''}` : '';
    console.log(
      `line ${l.line} ${l.personRef ?? ''} ${l.outcome} ${OUTCOME[l.outcome]}${refunds ? ` (${refunds})` : ''}${refusal}`,
    );
  }
  console.log(`roster ${rosterId}: ${JSON.stringify(result.summary)}`);
  return 0;
}
