import { readFileSync } from 'node:fs';
import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { formatYuan, RemittanceReconciliation } from '@ledger/domain';
import {
  GroupPurchaseReport,
  RecordGroupRemittanceCommand,
  SubmitGroupPurchaseCommand,
} from '@ledger/ledger';
import { parseGroupPurchaseStaffCsv } from '@ledger/plans';
import { cliContext } from '../cli-context';
import { printRefusal } from '../refusal-output';

const USAGE =
  'usage: group-purchase <planId> <employerId> <batchId> <staff.csv> --name 单位名称 [--union] (--share-percent 60 | --share-yuan 60) [--rest individual|personal_account] [--remitted-yuan 29940] [--received-on YYYY-MM-DD] [--reference R] [--occurred-at ISO]';
const REMIT_USAGE =
  'usage: group-remittance <planId> <employerId> <batchId> <amountYuan> [--received-on YYYY-MM-DD] [--reference R]';

const VALUED = [
  '--name',
  '--share-percent',
  '--share-yuan',
  '--rest',
  '--remitted-yuan',
  '--received-on',
  '--reference',
  '--occurred-at',
];

function split(args: string[]) {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    if (VALUED.includes(args[i])) options.set(args[i], args[++i] ?? '');
    else if (args[i].startsWith('--')) options.set(args[i], true);
    else positional.push(args[i]);
  }
  const text = (name: string) => {
    const v = options.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  return { positional, options, text };
}

/** "29940" or "29940.5" yuan → fen, exactly (no floating point). */
function yuanToFen(text: string, option: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new Error(`${option} must be an amount in yuan, e.g. 29940 or 29940.50`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function printReconciliation(r: RemittanceReconciliation): void {
  const what =
    r.status === 'balanced'
      ? '相符 balanced'
      : `${r.status === 'short' ? '少 short' : '多 over'} ${formatYuan(Math.abs(r.differenceFen))} 元（${r.people} 人 people${
          r.remainderFen ? ` + ${formatYuan(r.remainderFen)} 元` : ''
        }，按每人 ${formatYuan(r.partFen)} 元 at ${formatYuan(r.partFen)} yuan each）`;
  console.log(
    `汇款核对 remittance: 应收 expected ${formatYuan(r.expectedFen)} 元 (${r.enrolledPeople} 人), 实收 received ${formatYuan(r.receivedFen)} 元: ${what}`,
  );
  if (r.refundDueFen)
    console.log(`应退单位 due back to the employer: ${formatYuan(r.refundDueFen)} 元`);
  if (r.owedFen) console.log(`单位尚欠 still owed by the employer: ${formatYuan(r.owedFen)} 元`);
  if (r.alreadyEnrolled.people)
    console.log(
      `已参保、单位无需承担 already enrolled, not owed: ${r.alreadyEnrolled.people} 人 ${formatYuan(r.alreadyEnrolled.nominalFen)} 元`,
    );
}

const OUTCOME = {
  enrolled: '已参保 enrolled',
  already_enrolled: '此前已参保 already enrolled',
  refused: '未受理 refused',
};

/**
 * ledger group-purchase <planId> <employerId> <batchId> <staff.csv> …: an employer's or union's
 * staff list (团体参保) with its part of each premium; one line per person, the remittance the
 * batch calls for, and the reconciliation when the amount received is given.
 */
export async function groupPurchase(app: INestApplicationContext, args: string[]): Promise<number> {
  const { positional, options, text } = split(args);
  const [planId, employerId, batchId, file] = positional;
  const name = text('--name');
  const percent = text('--share-percent');
  const shareYuan = text('--share-yuan');
  if (
    !planId ||
    !employerId ||
    !batchId ||
    !file ||
    !name ||
    (percent === undefined) === (shareYuan === undefined)
  )
    throw new Error(USAGE);
  const remitted = text('--remitted-yuan');
  const rest = text('--rest');
  if (rest !== undefined && rest !== 'individual' && rest !== 'personal_account')
    throw new Error(USAGE);
  let report: GroupPurchaseReport;
  try {
    report = await app.get(CommandBus).execute(
      new SubmitGroupPurchaseCommand(
        planId,
        {
          purchaser: { employerId, name, kind: options.has('--union') ? 'union' : 'employer' },
          batchId,
          employerShare:
            percent !== undefined
              ? { percent: Number(percent) }
              : { amountFen: yuanToFen(shareYuan!, '--share-yuan') },
          ...(rest ? { restPaidBy: rest } : {}),
          staff: parseGroupPurchaseStaffCsv(readFileSync(file, 'utf8')),
          ...(text('--occurred-at') ? { occurredAt: text('--occurred-at') } : {}),
          ...(remitted !== undefined
            ? {
                remittance: {
                  amountFen: yuanToFen(remitted, '--remitted-yuan'),
                  ...(text('--received-on') ? { receivedOn: text('--received-on') } : {}),
                  ...(text('--reference') ? { reference: text('--reference') } : {}),
                },
              }
            : {}),
        },
        cliContext('group-purchase'),
      ),
    );
  } catch (error) {
    if (printRefusal(error)) return 1;
    throw error;
  }
  for (const l of report.lines) {
    const part =
      l.partFen !== undefined ? ` 单位承担 employer part ${formatYuan(l.partFen)} 元` : '';
    const refusal = l.rule ? ` ${l.rule}: ${l.messages?.zh ?? ''} / ${l.message ?? ''}` : '';
    console.log(
      `line ${l.line} ${l.personRef ?? ''} ${l.outcome} ${OUTCOME[l.outcome]}${part}${refusal}`,
    );
  }
  const s = report.summary;
  console.log(
    `${employerId} 批次 batch ${batchId}: ${s.lines} 人 lines: ${s.enrolled} 参保 enrolled, ${s.already_enrolled} 此前已参保 already enrolled, ${s.refused} 未受理 refused; 应汇款 remittance due ${formatYuan(s.expectedRemittanceFen)} 元`,
  );
  if (report.remittance) printReconciliation(report.remittance.reconciliation);
  return s.enrolled + s.already_enrolled === 0 ? 1 : 0;
}

/** ledger group-remittance <planId> <employerId> <batchId> <amountYuan>: a batch's remittance. */
export async function groupRemittance(
  app: INestApplicationContext,
  args: string[],
): Promise<number> {
  const { positional, text } = split(args);
  const [planId, employerId, batchId, amount] = positional;
  if (!planId || !employerId || !batchId || !amount) throw new Error(REMIT_USAGE);
  try {
    const received = await app.get(CommandBus).execute(
      new RecordGroupRemittanceCommand(
        planId,
        employerId,
        batchId,
        {
          amountFen: yuanToFen(amount, 'amountYuan'),
          ...(text('--received-on') ? { receivedOn: text('--received-on') } : {}),
          ...(text('--reference') ? { reference: text('--reference') } : {}),
        },
        cliContext('group-remittance'),
      ),
    );
    printReconciliation(received.reconciliation);
    return 0;
  } catch (error) {
    if (printRefusal(error)) return 1;
    throw error;
  }
}
