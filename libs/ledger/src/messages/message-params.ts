import { formatYuan } from '@ledger/domain';
import { ErrorItem } from '../core/refusal';

/** A refusal parameter as text ('' when the refusal did not carry it). */
export function param(item: ErrorItem, key: string): string {
  const v = item.params?.[key];
  return v === undefined ? '' : String(v);
}

/** An amount parameter in fen, as "100.00 元". */
export function yuanParam(item: ErrorItem, key: string): string {
  const v = item.params?.[key];
  return typeof v === 'number' ? `${formatYuan(v)} 元` : '';
}

/** "（第 3 行）" when the item names a line. */
export function lineNote(item: ErrorItem): string {
  const line = item.params?.line;
  return line === undefined ? '' : `（第 ${line} 行）`;
}
