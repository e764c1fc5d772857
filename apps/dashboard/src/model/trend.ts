import type { ProgressRow } from '../api/api-types';
import { daysBetween } from './figures';

export interface TrendSeries {
  dates: string[];
  enrolled: number[];
  ended: number[];
  /** Net enrollments (enrolled − ended) summed by business day; null after the reference date. */
  cumulative: (number | null)[];
  /** The first level's target reached linearly from the opening to the deadline, if both known. */
  pace?: number[];
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The daily series of a row: every day from the opening (or the first enrollment) to the
 * deadline (or the last enrollment), so the trend and its target line span the campaign.
 * Business days are Asia/Shanghai dates, as the ledger keys them.
 */
export function trendSeries(
  perDay: ProgressRow['perDay'],
  options: { opensOn?: string; deadline?: string; referenceDate: string; target?: number },
): TrendSeries {
  const dataDates = Object.keys(perDay).sort();
  const starts = [options.opensOn, dataDates[0]].filter((d): d is string => !!d).sort();
  const ends = [options.deadline, dataDates[dataDates.length - 1]]
    .filter((d): d is string => !!d)
    .sort();
  const series: TrendSeries = { dates: [], enrolled: [], ended: [], cumulative: [] };
  if (starts.length === 0 || ends.length === 0) return series;
  const first = starts[0];
  const last = ends[ends.length - 1];
  // A campaign is a few months; a bound keeps a stray date from making a decade of days.
  const days = Math.min(daysBetween(first, last) + 1, 1000);
  let date = first;
  let total = 0;
  for (let i = 0; i < days; i++) {
    const day = perDay[date] ?? { enrolled: 0, ended: 0 };
    total += day.enrolled - day.ended;
    series.dates.push(date);
    series.enrolled.push(day.enrolled);
    series.ended.push(day.ended);
    series.cumulative.push(date <= options.referenceDate ? total : null);
    date = nextDate(date);
  }
  const { opensOn, deadline, target } = options;
  if (opensOn && deadline && target !== undefined && target > 0) {
    const span = daysBetween(opensOn, deadline) + 1;
    series.pace = series.dates.map((d) => {
      const elapsed = Math.min(Math.max(daysBetween(opensOn, d) + 1, 0), span);
      return Math.round((target * elapsed) / span);
    });
  }
  return series;
}
