import type { IsoDate } from '../types';
import { daysInMonth, parseIsoDate, toIsoDate } from '../calendar/dates';

/**
 * Date arithmetic for the rules: the shared calendar helpers (whole civil days, no clock,
 * no time zone), plus the few the rules need beyond them.
 */
export { addDays, daysBetween, epochDayOf, fromEpochDay, isValidIsoDate as isIsoDate, sameDayInYear as anniversaryIn, toEpochDay, yearOf } from '../calendar/dates';

/** Same day `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return toIsoDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Calendar quarter key, e.g. '2026-Q4', with its first and last day. */
export function quarterOf(date: IsoDate): { key: string; start: IsoDate; end: IsoDate } {
  const { year, month } = parseIsoDate(date);
  const q = Math.floor((month - 1) / 3) + 1;
  const endMonth = q * 3;
  return { key: `${year}-Q${q}`, start: toIsoDate(year, endMonth - 2, 1), end: toIsoDate(year, endMonth, daysInMonth(year, endMonth)) };
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}
