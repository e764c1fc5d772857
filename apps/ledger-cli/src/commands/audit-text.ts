import { describeFinding, Finding, FindingKind } from '@ledger/audit';
import { formatShanghaiIso } from '@ledger/domain';
import { Language } from '@ledger/ledger';

/**
 * The audit tools' lines in the CLI's language: auditors of a county (审计局) read Chinese first,
 * like every clerk; `--lang en` (or an English locale) gives the English ones.
 */
export type Say = (zh: string, en: string) => void;

export const sayIn =
  (language: Language): Say =>
  (zh, en) =>
    console.log(language === 'zh' ? zh : en);

/** A seal's time: Beijing time for a Chinese reader, the recorded UTC instant in English. */
export function sealTime(iso: string, language: Language): string {
  return language === 'zh' ? `${formatShanghaiIso(iso)}（北京时间）` : iso;
}

/** What each kind of finding means, for the Chinese report (the English one shows the kind). */
const FINDING_NAMES: Record<FindingKind, string> = {
  position_missing: '日志位置缺失（事件被删除）',
  position_invalid: '日志位置无效',
  position_order: '日志位置顺序错乱',
  revision_gap: '流内版本号不连续（事件被删除）',
  prev_hash_mismatch: '与前一事件的哈希链接不符',
  hash_mismatch: '内容与其哈希不符（事件被改动）',
  missing_hash: '事件缺少哈希',
  seal_invalid: '封印签名无效',
  seal_mismatch: '与封印的树根不符',
  seal_beyond_log: '封印覆盖的事件超出日志（日志被截短）',
  seal_missing_from_log: '已发布的封印不在日志中',
  recorded_differently: '与运行中台账核验过的记录不符',
  log_shorter_than_recorded: '日志比已核验的记录短（尾部被删除）',
};

/** One finding: "位置 57：内容与其哈希不符（事件被改动） policy-…@0 …：<technical detail>". */
export function findingText(f: Finding, language: Language): string {
  if (language === 'en') return describeFinding(f);
  const what = f.streamId
    ? ` ${f.streamId}@${f.revision ?? '?'}${f.eventId ? ` ${f.eventId}` : ''}`
    : '';
  return `位置 ${f.position ?? '?'}：${FINDING_NAMES[f.kind]}${what}：${f.message}（${f.kind}）`;
}
