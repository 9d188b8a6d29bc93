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

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function partsOrNull(date: string): DateParts | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
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

export function toIsoDate(year: number, month: number, day: number): IsoDate {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || !isValidIsoDate(iso)) {
    throw new RangeError(`Not a calendar date: ${year}-${month}-${day}`);
  }
  return iso;
}

export const yearOf = (date: IsoDate): number => parseIsoDate(date).year;
export const monthOf = (date: IsoDate): number => parseIsoDate(date).month;
export const dayOf = (date: IsoDate): number => parseIsoDate(date).day;

// Days since 1970-01-01. Date.UTC maps years 0-99 to 1900-1999, so years are shifted
// by 400 (one full Gregorian cycle of 146,097 days) to stay out of that range.
function toEpochDay(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year + 400, month - 1, day) / 86_400_000 - 146_097;
}

function fromEpochDay(epochDay: number): IsoDate {
  const d = new Date((epochDay + 146_097) * 86_400_000);
  return toIsoDate(d.getUTCFullYear() - 400, d.getUTCMonth() + 1, d.getUTCDate());
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
  const diff = daysBetween(b, a);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

/**
 * The same month and day in another year. Feb 29 becomes Feb 28 in a common year
 * (the last day of February), so a leap-day birthday or anniversary is never skipped.
 */
export function sameDayInYear(date: IsoDate, year: number): IsoDate {
  const { month, day } = parseIsoDate(date);
  return toIsoDate(year, month, Math.min(day, daysInMonth(year, month)));
}
