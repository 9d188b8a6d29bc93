import { LunarDay, LunarMonth, LunarYear } from 'tyme4ts';
import type { IsoDate } from '../types';
import { epochDayOf, fromEpochDay, isValidIsoDate, parseIsoDate } from './dates';
import { memoize } from './memo';

/**
 * Chinese lunisolar calendar (农历) through 6tail's tyme4ts: month lengths, leap months
 * and new moons come from the library's astronomical computation (Beijing time), never
 * from a table of our own.
 */

export interface LunarDate {
  /** The lunar year: lunar 2025-12-29 is solar 2026-02-16. */
  year: number;
  month: number; // 1-12, also for a leap month
  day: number; // 1-30
  leap: boolean;
}

export interface LabelledLunarDate extends LunarDate {
  /** e.g. '农历八月十五', '农历闰四月初一', '农历腊月廿九'. */
  label: string;
}

// The Gregorian dates of ./dates and the library only agree after the 1582 calendar reform.
export const LUNAR_MIN_YEAR = 1583;
export const LUNAR_MAX_YEAR = 9998;

// Colloquial month names as printed on calendars and cards: 11 and 12 are 冬月 and 腊月.
const MONTH_LABELS = ['正月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '冬月', '腊月'] as const;

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`Year out of the supported range ${LUNAR_MIN_YEAR}-${LUNAR_MAX_YEAR}: ${year}`);
  }
}

function checkMonthDay(month: number, day: number): void {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Not a lunar month (1-12): ${month}`);
  if (!Number.isInteger(day) || day < 1 || day > 30) throw new RangeError(`Not a lunar day (1-30): ${day}`);
}

export function lunarLabel(month: number, day: number, leap: boolean): string {
  checkMonthDay(month, day);
  const monthLabel = MONTH_LABELS[month - 1];
  const dayLabel = LunarDay.NAMES[day - 1];
  if (monthLabel === undefined || dayLabel === undefined) throw new RangeError(`No label for lunar ${month}/${day}`);
  return `农历${leap ? '闰' : ''}${monthLabel}${dayLabel}`;
}

export function hasLeapMonth(year: number, month: number): boolean {
  checkYear(year);
  return leapMonthOf(year) === month;
}

/** The year's leap month (0: none); tyme4ts computes it from new moons and solar terms, so it is kept. */
const leapMonthOf = memoize((year: number): number => LunarYear.fromYear(year).getLeapMonth());

/**
 * The solar date on which lunar month/day is observed in lunar `year`. Policies, so that a
 * recurring lunar date (a birthday) always lands on exactly one day of every lunar year:
 * - day 30 of a month that has only 29 days this year falls on day 29, the month's last day;
 * - `leap` asks for the leap month: used when `year` has a leap month of that number,
 *   otherwise the ordinary month of the same number is used;
 * - a non-leap date is always the ordinary month, even when the year also has a leap one.
 * Lunar month 12 of `year` often falls in January/February of solar year + 1.
 */
export function lunarToSolar(year: number, month: number, day: number, leap: boolean): IsoDate {
  checkYear(year);
  checkMonthDay(month, day);
  return cachedLunarToSolar(((year * 16 + month) * 32 + day) * 2 + (leap ? 1 : 0));
}

const cachedLunarToSolar = memoize((key: number): IsoDate => {
  const leap = key % 2 === 1;
  const day = Math.floor(key / 2) % 32;
  const month = Math.floor(key / 64) % 16;
  const year = Math.floor(key / 1024);
  const tymeMonth = leap && leapMonthOf(year) === month ? -month : month; // tyme4ts numbers a leap month negative
  const { first, days } = lunarMonth(year * 32 + tymeMonth + 16);
  // The days of a lunar month are consecutive solar days from its first.
  return fromEpochDay(first + Math.min(day, days) - 1);
});

/**
 * The lunar year of birth of someone born on solar `birthDate`: the solar year, or the one
 * before for a birth before that year's Spring Festival (lunar 1/1). A lunar birthday's age and
 * first occurrence count from it. Null for a date the calendar cannot place.
 */
export function lunarBirthYear(birthDate: IsoDate): number | null {
  if (!isValidIsoDate(birthDate)) return null;
  const { year } = parseIsoDate(birthDate);
  if (year <= LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) return null;
  return birthDate < lunarToSolar(year, 1, 1, false) ? year - 1 : year;
}

/**
 * lunarToSolar, with the lunar date it lands on labelled as solarToLunar(date).label would label
 * it (the day kept, or 29 for a 30th in a short month; the leap month if used): without a
 * conversion back through tyme4ts, for the planner's lunar birthdays.
 */
export function lunarToSolarLabelled(year: number, month: number, day: number, leap: boolean): { date: IsoDate; label: string } {
  checkYear(year);
  checkMonthDay(month, day);
  const tymeMonth = leap && leapMonthOf(year) === month ? -month : month;
  const { first, days } = lunarMonth(year * 32 + tymeMonth + 16);
  const kept = Math.min(day, days);
  return { date: fromEpochDay(first + kept - 1), label: lunarLabel(month, kept, tymeMonth < 0) };
}

/** A lunar month (key year * 32 + 16 + its tyme4ts month number): its first day (epoch day) and its length. */
const lunarMonth = memoize((key: number): { first: number; days: number } => {
  const year = Math.floor(key / 32);
  const tymeMonth = (key % 32) - 16;
  const solar = LunarDay.fromYmd(year, tymeMonth, 1).getSolarDay();
  return { first: epochDayOf(solar.getYear(), solar.getMonth(), solar.getDay()), days: LunarMonth.fromYm(year, tymeMonth).getDayCount() };
});

export function solarToLunar(date: IsoDate): LabelledLunarDate {
  return { ...cachedSolarToLunar(date) };
}

/** solarToLunar without the copy, for callers that only read it (the planner's birthdays). */
export function solarToLunarShared(date: IsoDate): Readonly<LabelledLunarDate> {
  return cachedSolarToLunar(date);
}

// Walks the lunar months (memoized, from tyme4ts) instead of asking tyme4ts for the day: the
// library's SolarDay.getLunarDay costs ~100 us a day, which the demo store's 100k birthdays felt.
const cachedSolarToLunar = memoize((date: IsoDate): LabelledLunarDate => {
  const { year, month, day } = parseIsoDate(date);
  checkYear(year);
  const d = epochDayOf(year, month, day);
  const lunarYear = d >= lunarMonth(year * 32 + 1 + 16).first ? year : year - 1;
  const leapMonth = leapMonthOf(lunarYear);
  for (let m = 1; m <= 12; m++) {
    for (let leap = 0; leap <= (leapMonth === m ? 1 : 0); leap++) {
      const { first, days } = lunarMonth(lunarYear * 32 + (leap ? -m : m) + 16);
      if (d >= first && d < first + days) {
        const result = { year: lunarYear, month: m, day: d - first + 1, leap: leap === 1 };
        return { ...result, label: lunarLabel(result.month, result.day, result.leap) };
      }
    }
  }
  throw new RangeError(`No lunar month holds ${date}`);
});
