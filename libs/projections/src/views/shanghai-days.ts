import { endOfShanghaiDay, shanghaiDate } from '@ledger/domain';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
/** Days remembered at most; a replay touches a few hundred, so this only bounds odd inputs. */
const MAX_ENTRIES = 4_096;

const dates = new Map<number, string>();
const ends = new Map<string, number>();

/**
 * shanghaiDate(instant), remembered per Asia/Shanghai day (UTC+8 without daylight saving, so
 * a day is a whole number of DAY_MS after the offset): reducers ask for it once per event.
 */
export function shanghaiDateCached(instant: number): string {
  if (!Number.isFinite(instant)) return shanghaiDate(instant);
  const day = Math.floor((instant + SHANGHAI_OFFSET_MS) / DAY_MS);
  let date = dates.get(day);
  if (date === undefined) {
    if (dates.size >= MAX_ENTRIES) dates.clear();
    date = shanghaiDate(instant);
    dates.set(day, date);
  }
  return date;
}

/** endOfShanghaiDay(date), remembered per date. */
export function endOfShanghaiDayCached(date: string): number {
  let end = ends.get(date);
  if (end === undefined) {
    if (ends.size >= MAX_ENTRIES) ends.clear();
    end = endOfShanghaiDay(date);
    ends.set(date, end);
  }
  return end;
}
