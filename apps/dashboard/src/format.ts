import { currentLanguage } from './i18n';

/** Figures as officials read them: grouped digits, percentages to 0.01, money in yuan. */
export function formatCount(n: number | undefined): string {
  if (n === undefined) return '';
  return n.toLocaleString(currentLanguage() === 'zh' ? 'zh-CN' : 'en-US');
}

/** Basis points as a percentage with two decimals (2013 → "20.13%"), exactly, without floats. */
export function formatBp(bp: number | undefined | null): string {
  if (bp === undefined || bp === null) return '';
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(Math.round(bp));
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}%`;
}

/** Integer fen as yuan with grouping and two decimals (1500000 → "15,000.00"). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** Integer fen as plain yuan for files (1500000 → "15000.00"): exact, no grouping. */
export function plainYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A count for files: plain digits. */
export function plainCount(n: number | undefined): string {
  return n === undefined ? '' : String(n);
}

/** Yuan with its unit, for figures standing alone. */
export function formatMoney(fen: number): string {
  return currentLanguage() === 'zh' ? `${formatYuan(fen)} 元` : `¥${formatYuan(fen)}`;
}

/** Clock time in Asia/Shanghai (the ledger's business time zone). */
export function formatShanghaiTime(instant: number): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(new Date(instant));
}

/** Today's date in Asia/Shanghai (UTC+8 all year), YYYY-MM-DD. */
export function shanghaiToday(now = Date.now()): string {
  return new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
