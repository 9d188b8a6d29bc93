import { addDays, daysInMonth, parseIsoDate, toEpochDay, toIsoDate } from './calendar/dates';
import type { IsoDate } from './types';

/** The calendar periods the store manager's screens report on (today passed in, never read from a clock). */

/** The calendar week (Monday to Sunday) or month containing `today`. */
export function periodOf(today: IsoDate, period: 'week' | 'month'): { from: IsoDate; to: IsoDate } {
  if (period === 'week') {
    // Epoch day 0 (1970-01-01) was a Thursday: Monday = 0 after shifting by 3.
    const weekday = (((toEpochDay(today) + 3) % 7) + 7) % 7;
    const from = addDays(today, -weekday);
    return { from, to: addDays(from, 6) };
  }
  const { year, month } = parseIsoDate(today);
  return { from: toIsoDate(year, month, 1), to: toIsoDate(year, month, daysInMonth(year, month)) };
}

export interface TrendMonth {
  /** 'YYYY-MM'. */
  month: string;
  /** The month's last day, or today for the current month. */
  asOf: IsoDate;
}

/** The last `count` calendar months up to today's, oldest first: each as of its last day, the current one as of today. */
export function trendMonths(today: IsoDate, count = 12): TrendMonth[] {
  const { year, month } = parseIsoDate(today);
  const out: TrendMonth[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const index = year * 12 + (month - 1) - back;
    const y = Math.floor(index / 12);
    const m = (index % 12) + 1;
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push({ month: key, asOf: back === 0 ? today : toIsoDate(y, m, daysInMonth(y, m)) });
  }
  return out;
}

/** The UTC instant (ISO) at which calendar day `day` begins in `timeZone` (instants are stored in UTC, days are the store's). */
export function dayStartInstant(day: IsoDate, timeZone: string): string {
  const { year, month, day: d } = parseIsoDate(day);
  const guess = Date.UTC(year, month - 1, d);
  const offsetAt = (utc: number): number => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(new Date(utc))
      .reduce<Record<string, number>>((acc, p) => (p.type === 'literal' ? acc : { ...acc, [p.type]: Number(p.value) }), {});
    return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - utc;
  };
  // Twice: the offset at the first guess can differ from the one at local midnight across a DST change.
  let start = guess - offsetAt(guess);
  start = guess - offsetAt(start);
  return new Date(start).toISOString();
}
