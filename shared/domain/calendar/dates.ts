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

/**
 * year * 10_000 + month * 100 + day of a real 'YYYY-MM-DD' date, or -1. Char codes, not a regex,
 * and no object: the planner parses dates millions of times a run.
 */
function packedOrNone(date: string): number {
  if (typeof date !== 'string' || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return -1;
  const y0 = date.charCodeAt(0) - DIGIT_0, y1 = date.charCodeAt(1) - DIGIT_0, y2 = date.charCodeAt(2) - DIGIT_0, y3 = date.charCodeAt(3) - DIGIT_0;
  const m1 = date.charCodeAt(5) - DIGIT_0, m2 = date.charCodeAt(6) - DIGIT_0, d1 = date.charCodeAt(8) - DIGIT_0, d2 = date.charCodeAt(9) - DIGIT_0;
  if ((y0 | y1 | y2 | y3 | m1 | m2 | d1 | d2) < 0 || y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m1 > 9 || m2 > 9 || d1 > 9 || d2 > 9) return -1;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  return year * 10_000 + month * 100 + day;
}

function partsOrNull(date: string): DateParts | null {
  const n = packedOrNone(date);
  return n < 0 ? null : { year: Math.floor(n / 10_000), month: Math.floor(n / 100) % 100, day: n % 100 };
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

/** The strings toIsoDate made, by year * 10_000 + month * 100 + day: the planner makes the same few thousand dates millions of times. */
let madeDates = new Map<number, IsoDate>();
const MADE_DATES_MAX = 100_000;

export function toIsoDate(year: number, month: number, day: number): IsoDate {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Not a calendar date: ${year}-${month}-${day}`);
  }
  const key = year * 10_000 + month * 100 + day;
  const made = madeDates.get(key);
  if (made !== undefined) return made;
  const date = `${year < 1000 ? String(year).padStart(4, '0') : year}-${pad2(month)}-${pad2(day)}`;
  if (madeDates.size >= MADE_DATES_MAX) madeDates = new Map();
  madeDates.set(key, date);
  return date;
}

/** packedOrNone of a date that must be valid (else the RangeError of parseIsoDate). */
function packed(date: IsoDate): number {
  const n = packedOrNone(date);
  if (n < 0) parseIsoDate(date); // throws, with the message
  return n;
}

export const yearOf = (date: IsoDate): number => Math.floor(packed(date) / 10_000);
export const monthOf = (date: IsoDate): number => Math.floor(packed(date) / 100) % 100;
export const dayOf = (date: IsoDate): number => packed(date) % 100;

// Days since 1970-01-01 and back, in closed form (H. Hinnant's days_from_civil / civil_from_days):
// plain integer arithmetic, no Date objects, valid for the whole proleptic Gregorian range.
// A date string is parsed each time (packedOrNone: ~2x faster than looking it up in a Map, whose
// key must be hashed first: the planner's dates are new strings read from the database); the
// strings made from days are cached, bounded, since the planner makes the same few thousand
// dates millions of times (100k customers).
const EPOCH_CACHE_MAX = 100_000;
let isoDates = new Map<number, IsoDate>();

/** Whole days since 1970-01-01 (negative before); throws a RangeError like parseIsoDate. */
export function toEpochDay(date: IsoDate): number {
  const p = packed(date);
  return epochDayOf(Math.floor(p / 10_000), Math.floor(p / 100) % 100, p % 100);
}

/** toEpochDay, or null for anything but a real 'YYYY-MM-DD' date (instead of throwing). */
export function toEpochDayOrNull(date: string): number | null {
  const packed = packedOrNone(date);
  return packed < 0 ? null : epochDayOf(Math.floor(packed / 10_000), Math.floor(packed / 100) % 100, packed % 100);
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
  packed(a); // throws on an invalid date
  packed(b);
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

/** The calendar date an instant falls on in a time zone (a store's today: the clock's, or HQ's). */
export function isoDateIn(instant: Date, timezone: string): IsoDate {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
