import type { IsoDate } from '../types';

/**
 * Calendar-date helpers on 'YYYY-MM-DD' strings (proleptic Gregorian, years 0001-9999).
 * Dates carry no time zone: arithmetic is on whole days, never on a clock.
 */

export interface DateParts {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const DIGIT_0 = 48;

/** Parses with char codes, not a regex: the planner calls this millions of times. */
function partsOrNull(date: string): DateParts | null {
  if (typeof date !== 'string' || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return null;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = date.charCodeAt(i) - DIGIT_0;
    if (d < 0 || d > 9) return null;
    year = year * 10 + d;
  }
  const m1 = date.charCodeAt(5) - DIGIT_0, m2 = date.charCodeAt(6) - DIGIT_0, d1 = date.charCodeAt(8) - DIGIT_0, d2 = date.charCodeAt(9) - DIGIT_0;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isValidIsoDate(date: string): boolean {
  return partsOrNull(date) !== null;
}

/** Throws a RangeError for anything but a real 'YYYY-MM-DD' date. */
export function parseIsoDate(date: string): DateParts {
  const parts = partsOrNull(date);
  if (!parts) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return parts;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function toIsoDate(year: number, month: number, day: number): IsoDate {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Not a calendar date: ${year}-${month}-${day}`);
  }
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${pad2(month)}-${pad2(day)}`;
}

export const yearOf = (date: IsoDate): number => parseIsoDate(date).year;
export const monthOf = (date: IsoDate): number => parseIsoDate(date).month;
export const dayOf = (date: IsoDate): number => parseIsoDate(date).day;

// Days since 1970-01-01 and back, in closed form (H. Hinnant's days_from_civil / civil_from_days):
// plain integer arithmetic, no Date objects, valid for the whole proleptic Gregorian range.
// The planner converts the same few thousand dates millions of times (100k customers): both
// directions are cached, bounded, for valid dates only (an invalid one throws every time).
const EPOCH_CACHE_MAX = 100_000;
let epochDays = new Map<string, number>();
let isoDates = new Map<number, IsoDate>();

/** Whole days since 1970-01-01 (negative before); throws a RangeError like parseIsoDate. */
export function toEpochDay(date: IsoDate): number {
  const known = epochDays.get(date);
  if (known !== undefined) return known;
  const { year, month, day } = parseIsoDate(date);
  const n = epochDayOf(year, month, day);
  if (epochDays.size >= EPOCH_CACHE_MAX) epochDays = new Map();
  epochDays.set(date, n);
  return n;
}

/** toEpochDay, or null for anything but a real 'YYYY-MM-DD' date (instead of throwing). */
export function toEpochDayOrNull(date: string): number | null {
  const known = epochDays.get(date);
  if (known !== undefined) return known;
  return partsOrNull(date) === null ? null : toEpochDay(date);
}

/** toEpochDay of a valid year, month and day (not checked). */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date `epochDay` days after 1970-01-01. */
export function fromEpochDay(epochDay: number): IsoDate {
  const known = isoDates.get(epochDay);
  if (known !== undefined) return known;
  const date = civilFromDays(epochDay);
  if (isoDates.size >= EPOCH_CACHE_MAX) isoDates = new Map();
  isoDates.set(epochDay, date);
  return date;
}

function civilFromDays(epochDay: number): IsoDate {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return toIsoDate(era * 400 + yoe + (month <= 2 ? 1 : 0), month, day);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`Days must be a whole number: ${days}`);
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from a to b (b - a): daysBetween('2026-01-01', '2026-01-03') === 2. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** -1, 0 or 1, usable as an Array.sort comparator. */
export function compareIsoDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  parseIsoDate(a);
  parseIsoDate(b);
  return a < b ? -1 : a > b ? 1 : 0; // valid ISO dates order as strings
}

/**
 * The same month and day in another year. Feb 29 becomes Feb 28 in a common year
 * (the last day of February), so a leap-day birthday or anniversary is never skipped.
 */
export function sameDayInYear(date: IsoDate, year: number): IsoDate {
  const { month, day } = parseIsoDate(date);
  return toIsoDate(year, month, Math.min(day, daysInMonth(year, month)));
}
