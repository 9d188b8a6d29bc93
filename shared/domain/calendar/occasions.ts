import type { Birthday, IsoDate } from '../types';
import { addDays, compareIsoDates, sameDayInYear, yearOf } from './dates';
import { lunarToSolar, solarToLunar } from './lunar';

/** The emotional-calendar occasions of DOMAIN.md, in the order a day's list shows them. */
export const OCCASIONS = ['birthday', 'purchase_anniversary', 'wedding_anniversary', 'child_birthday', 'membership_anniversary'] as const;
export type OccasionKind = (typeof OCCASIONS)[number];

export interface Occurrence {
  date: IsoDate;
  /** The lunar date of `date` when the occasion is kept by the lunar calendar, else null. */
  lunarLabel: string | null;
  /** Which birthday or anniversary this is (1 = the first); null when the birth year is unknown. */
  nth: number | null;
}

export interface Anniversary {
  date: IsoDate;
  nth: number;
}

export interface Occasion extends Occurrence {
  occasion: OccasionKind;
  /** vehicleId for a purchase anniversary, child id for a child's birthday, else null. */
  subjectId: string | null;
}

export interface OccasionDates {
  birthday?: Birthday | null;
  deliveryDates?: readonly { vehicleId: string; date: IsoDate }[];
  weddingDate?: IsoDate | null;
  memberSince?: IsoDate | null;
  children?: readonly { id: string; name: string; birthday: Birthday | null }[];
}

// The first yearly occurrence on or after today, trying years from startYear on. startYear is
// never more than a year before today's, so this ends within two or three steps.
function firstOnOrAfter(today: IsoDate, startYear: number, dateIn: (year: number) => IsoDate): { year: number; date: IsoDate } {
  for (let year = startYear; ; year++) {
    const date = dateIn(year);
    if (compareIsoDates(date, today) >= 0) return { year, date };
  }
}

/**
 * The next anniversary of `origin` on or after today (today itself included). The origin day
 * is not an anniversary: the first is one year later (nth 1). An origin of Feb 29 is
 * celebrated on Feb 28 in common years.
 */
export function nextAnniversary(origin: IsoDate, today: IsoDate): Anniversary {
  const originYear = yearOf(origin);
  const { year, date } = firstOnOrAfter(today, Math.max(yearOf(today), originYear + 1), (y) => sameDayInYear(origin, y));
  return { date, nth: year - originYear };
}

/**
 * The next birthday on or after today (today itself included); nth is the age reached.
 * Solar: as an anniversary of the date of birth (Feb 29 -> Feb 28 in common years).
 * Lunar: `year` is the lunar year of birth (may be unknown); each lunar year's date follows
 * the policies of lunarToSolar (day 30 -> 29 in a short month; a leap-month birthday is kept
 * in the leap month only in years that have it). nth counts lunar years.
 */
export function nextBirthday(birthday: Birthday, today: IsoDate): Occurrence {
  if (birthday.calendar === 'solar') {
    const { date, nth } = nextAnniversary(birthday.date, today);
    return { date, lunarLabel: null, nth };
  }
  const { month, day, leap, year: birthYear } = birthday;
  // Today's lunar year: an occurrence in any earlier lunar year is necessarily before today.
  const todayLunarYear = solarToLunar(today).year;
  const startYear = birthYear === null ? todayLunarYear : Math.max(todayLunarYear, birthYear + 1);
  const { year, date } = firstOnOrAfter(today, startYear, (y) => lunarToSolar(y, month, day, leap));
  return { date, lunarLabel: solarToLunar(date).label, nth: birthYear === null ? null : year - birthYear };
}

// Every occurrence from today through end, both included.
function occurrencesUntil(today: IsoDate, end: IsoDate, next: (from: IsoDate) => Occurrence): Occurrence[] {
  const found: Occurrence[] = [];
  for (let o = next(today); compareIsoDates(o.date, end) <= 0; o = next(addDays(o.date, 1))) found.push(o);
  return found;
}

// Code-unit order: deterministic everywhere, unlike localeCompare.
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const anniversaryOccurrence = (origin: IsoDate) => (from: IsoDate): Occurrence => ({ ...nextAnniversary(origin, from), lunarLabel: null });

/**
 * A customer's occasions falling in [today, today + horizonDays], both ends included, sorted by
 * date, then by OCCASIONS order, then subjectId. A horizon of a year or more lists each
 * occurrence in it.
 */
export function upcomingOccasions(input: OccasionDates, today: IsoDate, horizonDays: number): Occasion[] {
  if (!Number.isInteger(horizonDays) || horizonDays < 0) throw new RangeError(`horizonDays must be a whole number >= 0: ${horizonDays}`);
  const end = addDays(today, horizonDays);
  const result: Occasion[] = [];
  const add = (occasion: OccasionKind, subjectId: string | null, next: (from: IsoDate) => Occurrence): void => {
    for (const o of occurrencesUntil(today, end, next)) result.push({ occasion, subjectId, ...o });
  };

  const { birthday, weddingDate, memberSince } = input;
  if (birthday) add('birthday', null, (from) => nextBirthday(birthday, from));
  for (const { vehicleId, date } of input.deliveryDates ?? []) add('purchase_anniversary', vehicleId, anniversaryOccurrence(date));
  if (weddingDate) add('wedding_anniversary', null, anniversaryOccurrence(weddingDate));
  for (const child of input.children ?? []) {
    const childBirthday = child.birthday;
    if (childBirthday) add('child_birthday', child.id, (from) => nextBirthday(childBirthday, from));
  }
  if (memberSince) add('membership_anniversary', null, anniversaryOccurrence(memberSince));

  return result.sort(
    (a, b) =>
      compareIsoDates(a.date, b.date) ||
      OCCASIONS.indexOf(a.occasion) - OCCASIONS.indexOf(b.occasion) ||
      compareStrings(a.subjectId ?? '', b.subjectId ?? ''),
  );
}
