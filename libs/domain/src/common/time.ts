import { invalid } from './domain-error';

/**
 * Time in the domain: instants are epoch milliseconds (events carry them as ISO-8601 UTC
 * strings); calendar dates are Asia/Shanghai (UTC+8, no daylight saving) as "YYYY-MM-DD".
 * "24:00" on a date means the whole date is included, so a closing date D ends at the start of D+1.
 */
export type Instant = number;
export type LocalDate = string;

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must say which offset it is in: a bare local time would be ambiguous.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function assertLocalDate(value: unknown, field: string): LocalDate {
  if (!isLocalDate(value)) {
    throw invalid(
      field,
      'date.format',
      `${field} must be a calendar date YYYY-MM-DD (Asia/Shanghai)`,
    );
  }
  return value;
}

/** Parses an ISO-8601 instant that carries an offset ("Z" or "+08:00"). */
export function parseInstant(value: unknown, field: string): Instant {
  if (typeof value !== 'string' || !INSTANT_RE.test(value)) {
    throw invalid(
      field,
      'instant.format',
      `${field} must be an ISO-8601 instant with an offset, e.g. 2024-01-31T23:59:59+08:00`,
    );
  }
  // Date.parse rolls 2024-02-30 over to 03-01 and accepts 24:00: check the parts first.
  const [hours, minutes, seconds = 0] = value.slice(11, 19).split(':').map(Number);
  const offset = /[+-](\d{2}):(\d{2})$/.exec(value);
  const ms = Date.parse(value);
  if (
    !isLocalDate(value.slice(0, 10)) ||
    hours > 23 ||
    minutes > 59 ||
    seconds > 59 ||
    (offset !== null && (Number(offset[1]) > 14 || Number(offset[2]) > 59)) ||
    Number.isNaN(ms)
  ) {
    throw invalid(field, 'instant.format', `${field} is not a valid instant: ${value}`);
  }
  return ms;
}

/**
 * An instant, or a calendar date meaning the end of that Asia/Shanghai day (its last
 * millisecond): "as of 2024-01-31" is the figure at the close of the 31st.
 */
export function parseInstantOrEndOfDay(value: unknown, field: string): Instant {
  if (typeof value === 'string' && DATE_RE.test(value)) {
    return endOfShanghaiDay(assertLocalDate(value, field)) - 1;
  }
  return parseInstant(value, field);
}

export function toIso(instant: Instant): string {
  return new Date(instant).toISOString();
}

/**
 * An instant as people in China read it: the Asia/Shanghai wall time, "2024-01-31 23:59:59".
 * Messages use it (a clerk who sent +08:00 is never shown UTC).
 */
export function formatShanghai(instant: Instant): string {
  return new Date(instant + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** An ISO-8601 instant (as events carry them) in Asia/Shanghai wall time; unreadable as is. */
export function formatShanghaiIso(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatShanghai(ms);
}

/** The Asia/Shanghai calendar date an instant falls on. */
export function shanghaiDate(instant: Instant): LocalDate {
  return new Date(instant + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 Asia/Shanghai on the date. */
export function startOfShanghaiDay(date: LocalDate): Instant {
  return Date.parse(`${date}T00:00:00+08:00`);
}

/** "date 24:00": the first instant after the whole date, i.e. 00:00 of the next day. */
export function endOfShanghaiDay(date: LocalDate): Instant {
  return startOfShanghaiDay(date) + DAY_MS;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return shanghaiDate(startOfShanghaiDay(date) + days * DAY_MS);
}

/** Inclusive date range [from 00:00, to 24:00). */
export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

export function rangeContains(range: DateRange, instant: Instant): boolean {
  return instant >= startOfShanghaiDay(range.from) && instant < endOfShanghaiDay(range.to);
}

/** Whole years of age on a date (birthday reached on the same month-day). */
export function ageOn(birthDate: LocalDate, on: LocalDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * The same calendar date `years` later (a plan's dates moved to the next plan year). 29 February
 * becomes 28 February in a year without it.
 */
export function addYears(date: LocalDate, years: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number);
  const year = y + years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}
