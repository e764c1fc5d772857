import { readFile } from 'node:fs/promises';
import { CommandBus } from '@nestjs/cqrs';
import { formatYuan, RemittanceReconciliation } from '@ledger/domain';
import {
  GroupPurchaseReport,
  RecordGroupRemittanceCommand,
  SubmitGroupPurchaseCommand,
} from '@ledger/ledger';
import { parseGroupPurchaseStaffCsv } from '@ledger/plans';
import { readOperatorFile, TabularFile, tabularAsCsvText } from '@ledger/tabular';
import { cliContext } from '../cli-context';
import { CliArgs, LedgerCliCommand, UsageError } from '../cli-command';
import { CliOutput } from '../cli-output';

/** "29940" or "29940.5" yuan → fen, exactly (no floating point). */
function yuanToFen(text: string, option: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new UsageError(`${option} must be an amount in yuan, e.g. 29940 or 29940.50`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const text = (args: CliArgs, name: string) => {
  const v = args.options[name];
  return typeof v === 'string' ? v : undefined;
};

export function printReconciliation(out: CliOutput, r: RemittanceReconciliation): void {
  const yuan = (fen: number) => `${formatYuan(fen)} 元`;
  const zh =
    r.status === 'balanced'
      ? '相符'
      : `${r.status === 'short' ? '少' : '多'} ${yuan(Math.abs(r.differenceFen))}（${r.people} 人${
          r.remainderFen ? ` 又 ${yuan(r.remainderFen)}` : ''
        }，按每人 ${yuan(r.partFen)}）`;
  const en =
    r.status === 'balanced'
      ? 'balanced'
      : `${r.status} ${formatYuan(Math.abs(r.differenceFen))} yuan (${r.people} people${
          r.remainderFen ? ` + ${formatYuan(r.remainderFen)} yuan` : ''
        } at ${formatYuan(r.partFen)} yuan each)`;
  out.line(
    `汇款核对：应收 ${yuan(r.expectedFen)}（${r.enrolledPeople} 人），实收 ${yuan(r.receivedFen)}：${zh}`,
    `remittance: expected ${formatYuan(r.expectedFen)} yuan (${r.enrolledPeople} people), received ${formatYuan(r.receivedFen)} yuan: ${en}`,
  );
  if (r.refundDueFen)
    out.line(
      `应退单位：${yuan(r.refundDueFen)}`,
      `due back to the employer: ${formatYuan(r.refundDueFen)} yuan`,
    );
  if (r.owedFen)
    out.line(
      `单位尚欠：${yuan(r.owedFen)}`,
      `still owed by the employer: ${formatYuan(r.owedFen)} yuan`,
    );
  if (r.alreadyEnrolled.people)
    out.line(
      `已参保、单位无需承担：${r.alreadyEnrolled.people} 人 ${yuan(r.alreadyEnrolled.nominalFen)}`,
      `already enrolled, not owed: ${r.alreadyEnrolled.people} people ${formatYuan(r.alreadyEnrolled.nominalFen)} yuan`,
    );
}

const OUTCOME = {
  enrolled: { zh: '已参保', en: 'enrolled' },
  already_enrolled: { zh: '此前已参保', en: 'already enrolled' },
  refused: { zh: '未受理', en: 'refused' },
};

/**
 * ledger group-purchase <planId> <employerId> <batchId> <staff file> …: an employer's or union's
 * staff list (团体参保) with its part of each premium; one line per person, the remittance the
 * batch calls for, and the reconciliation when the amount received is given.
 */
export const groupPurchase: LedgerCliCommand = {
  usage: '<planId> <employerId> <batchId> <file>',
  summary: {
    zh: '单位或工会团体参保（职工名单，单位承担部分保费）',
    en: 'employer or union group purchase (团体参保)',
  },
  options: {
    name: { type: 'string' },
    union: { type: 'boolean' },
    'share-percent': { type: 'string' },
    'share-yuan': { type: 'string' },
    rest: { type: 'string' },
    'remitted-yuan': { type: 'string' },
    'received-on': { type: 'string' },
    reference: { type: 'string' },
    'occurred-at': { type: 'string' },
    sheet: { type: 'string' },
  },
  help: [
    '--name 单位名称                  the employer or union (required)',
    '--union                         a union (工会) rather than an employer',
    '--share-percent 60 | --share-yuan 60   the employer part of each premium (one of them)',
    '--rest individual|personal_account     who pays the rest (default individual)',
    '--remitted-yuan N [--received-on D] [--reference R]   the remittance, reconciled',
    '--sheet NAME                    XLSX: the worksheet to read (default: the first)',
    'The staff file: CSV (UTF-8 or GBK) or XLSX, docs/group-purchase.md',
  ],
  check: (args) => {
    if (!text(args, 'name')) throw new UsageError('--name is required (the employer or union)');
    if ((text(args, 'share-percent') === undefined) === (text(args, 'share-yuan') === undefined))
      throw new UsageError('give exactly one of --share-percent and --share-yuan');
    const rest = text(args, 'rest');
    if (rest !== undefined && rest !== 'individual' && rest !== 'personal_account')
      throw new UsageError('--rest is individual or personal_account');
    const share = text(args, 'share-yuan');
    if (share !== undefined) yuanToFen(share, '--share-yuan');
    const remitted = text(args, 'remitted-yuan');
    if (remitted !== undefined) yuanToFen(remitted, '--remitted-yuan');
  },
  async run(app, args, out) {
    const [planId, employerId, batchId, file] = args.positionals;
    const table = (await readOperatorFile(await readFile(file), {
      fileName: file,
      accept: ['csv', 'xlsx'],
      ...(text(args, 'sheet') ? { sheet: text(args, 'sheet') } : {}),
    })) as TabularFile;
    const percent = text(args, 'share-percent');
    const remitted = text(args, 'remitted-yuan');
    const rest = text(args, 'rest') as 'individual' | 'personal_account' | undefined;
    const report: GroupPurchaseReport = await app.get(CommandBus).execute(
      new SubmitGroupPurchaseCommand(
        planId,
        {
          purchaser: {
            employerId,
            name: text(args, 'name')!,
            kind: args.options.union === true ? 'union' : 'employer',
          },
          batchId,
          employerShare:
            percent !== undefined
              ? { percent: Number(percent) }
              : { amountFen: yuanToFen(text(args, 'share-yuan')!, '--share-yuan') },
          ...(rest ? { restPaidBy: rest } : {}),
          staff: parseGroupPurchaseStaffCsv(tabularAsCsvText(table)),
          ...(text(args, 'occurred-at') ? { occurredAt: text(args, 'occurred-at') } : {}),
          ...(remitted !== undefined
            ? {
                remittance: {
                  amountFen: yuanToFen(remitted, '--remitted-yuan'),
                  ...(text(args, 'received-on') ? { receivedOn: text(args, 'received-on') } : {}),
                  ...(text(args, 'reference') ? { reference: text(args, 'reference') } : {}),
                },
              }
            : {}),
        },
        cliContext('group-purchase'),
      ),
    );
    for (const l of report.lines) {
      const part = l.partFen !== undefined ? formatYuan(l.partFen) : undefined;
      if (l.rule) {
        out.refusedLine(l.line, l.outcome, [
          { field: 'line', rule: l.rule, message: l.message ?? '' },
        ]);
        continue;
      }
      out.line(
        `第 ${l.line} 行 ${l.personRef ?? ''} ${OUTCOME[l.outcome].zh}${part ? ` 单位承担 ${part} 元` : ''}`,
        `line ${l.line} ${l.personRef ?? ''} ${OUTCOME[l.outcome].en}${part ? ` employer part ${part} yuan` : ''}`,
      );
    }
    const s = report.summary;
    const due = formatYuan(s.expectedRemittanceFen);
    out.line(
      `${employerId} 批次 ${batchId}：${s.lines} 人，参保 ${s.enrolled}，此前已参保 ${s.already_enrolled}，未受理 ${s.refused}；应汇款 ${due} 元`,
      `${employerId} batch ${batchId}: ${s.lines} lines: ${s.enrolled} enrolled, ${s.already_enrolled} already enrolled, ${s.refused} refused; remittance due ${due} yuan`,
    );
    if (report.remittance) printReconciliation(out, report.remittance.reconciliation);
    out.document(report);
    return s.enrolled + s.already_enrolled === 0 ? 1 : 0;
  },
};

/** ledger group-remittance <planId> <employerId> <batchId> <amountYuan>: a batch's remittance. */
export const groupRemittance: LedgerCliCommand = {
  usage: '<planId> <employerId> <batchId> <amountYuan>',
  summary: {
    zh: '团体参保批次的汇款（核对应收与实收）',
    en: 'the remittance of a group-purchase batch, reconciled',
  },
  options: { 'received-on': { type: 'string' }, reference: { type: 'string' } },
  help: ['--received-on YYYY-MM-DD   --reference R'],
  check: ({ positionals: [, , , amount] }) => {
    yuanToFen(amount, 'amountYuan');
  },
  async run(app, args, out) {
    const [planId, employerId, batchId, amount] = args.positionals;
    const received = await app.get(CommandBus).execute(
      new RecordGroupRemittanceCommand(
        planId,
        employerId,
        batchId,
        {
          amountFen: yuanToFen(amount, 'amountYuan'),
          ...(text(args, 'received-on') ? { receivedOn: text(args, 'received-on') } : {}),
          ...(text(args, 'reference') ? { reference: text(args, 'reference') } : {}),
        },
        cliContext('group-remittance'),
      ),
    );
    printReconciliation(out, received.reconciliation);
    out.document(received);
    return 0;
  },
};
