/**
 * Values as operators write them in cells, read into what the ledger takes. Each returns
 * undefined for text it cannot read, so the caller refuses the line naming its column.
 */

const YES = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', '无', 'n', 'no', 'false', '0', '×']);

/** 是/否, yes/no, true/false, 1/0. */
export function yesNo(text: string): boolean | undefined {
  const t = text.normalize('NFKC').trim().toLowerCase();
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return undefined;
}

/**
 * An amount in yuan (元) as integer fen: "100", "100.00", "1,234.5", "¥100", "100元". More than
 * two decimals is refused, never rounded: money is exact.
 */
export function yuanToFen(text: string): number | undefined {
  const t = text
    .normalize('NFKC')
    .replace(/[,\s¥￥]|元$|^rmb/gi, '')
    .trim();
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return undefined;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/** An amount in integer fen (分): "10000". */
export function integerFen(text: string): number | undefined {
  const t = text.normalize('NFKC').replace(/[,\s]/g, '');
  if (!/^\d+$/.test(t)) return undefined;
  const fen = Number(t);
  return Number.isSafeInteger(fen) ? fen : undefined;
}

const LOCAL = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A time as operators write it, as an ISO-8601 instant: one that carries its offset is kept;
 * a local date or date and time (2023-12-22, 2023/12/22 09:00, 2023年12月22日, an Excel date)
 * is Asia/Shanghai. A date alone is the start of that day. The calendar is checked by the
 * ledger's own parser afterwards (2023-02-30 is refused there, naming the column).
 */
export function shanghaiInstant(text: string): string | undefined {
  const t = text.normalize('NFKC').trim();
  if (WITH_OFFSET.test(t)) return t;
  const m = LOCAL.exec(t);
  if (!m) return undefined;
  const two = (s: string | undefined) => (s ?? '0').padStart(2, '0');
  return `${m[1]}-${two(m[2])}-${two(m[3])}T${two(m[4])}:${two(m[5])}:${two(m[6])}+08:00`;
}

/** A calendar date (Asia/Shanghai) as YYYY-MM-DD, from the same spellings. */
export function localDate(text: string): string | undefined {
  const m = LOCAL.exec(text.normalize('NFKC').trim());
  if (!m || m[4] !== undefined) return undefined;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}
