import type { Birthday, IsoDate } from '../types';
import { addDays, compareIsoDates, daysInMonth, parseIsoDate, sameDayInYear, toIsoDate, yearOf, type DateParts } from './dates';
import { lunarToSolar, lunarToSolarLabelled, solarToLunarShared } from './lunar';
import { memoize } from './memo';
import { sortSmall } from '../sort-small';

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
  const todayLunarYear = solarToLunarShared(today).year;
  const startYear = birthYear === null ? todayLunarYear : Math.max(todayLunarYear, birthYear + 1);
  const { year, date } = firstOnOrAfter(today, startYear, (y) => lunarToSolar(y, month, day, leap));
  return { date, lunarLabel: solarToLunarShared(date).label, nth: birthYear === null ? null : year - birthYear };
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

// Dates as yyyymmdd numbers: they order as the dates do.
const dayKey = (year: number, month: number, day: number) => year * 10_000 + month * 100 + day;

/**
 * The anniversaries of `origin` from today through end (both included): what repeated
 * nextAnniversary calls find, in integer arithmetic (the planner asks for 100k customers'
 * occasions, and most of them fall outside the window). `make` shapes each one as the
 * caller's generic path would.
 */
function anniversariesUntil(origin: IsoDate, today: DateParts, end: DateParts, make: (date: IsoDate, nth: number) => Occurrence): Occurrence[] | null {
  const o = parseIsoDate(origin);
  if (o.year >= 9998) return null; // near the end of the calendar: the generic path (and its errors)
  const from = dayKey(today.year, today.month, today.day);
  const to = dayKey(end.year, end.month, end.day);
  const found: Occurrence[] = [];
  for (let year = Math.max(today.year, o.year + 1); year <= end.year; year++) {
    const day = Math.min(o.day, daysInMonth(year, o.month));
    const key = dayKey(year, o.month, day);
    if (key >= from && key <= to) found.push(make(toIsoDate(year, o.month, day), year - o.year));
  }
  return found;
}

/**
 * A customer's occasions falling in [today, today + horizonDays], both ends included, sorted by
 * date, then by OCCASIONS order, then subjectId. A horizon of a year or more lists each
 * occurrence in it.
 */
export function upcomingOccasions(input: OccasionDates, today: IsoDate, horizonDays: number): Occasion[] {
  if (!Number.isInteger(horizonDays) || horizonDays < 0) throw new RangeError(`horizonDays must be a whole number >= 0: ${horizonDays}`);
  const end = addDays(today, horizonDays);
  // Module-level helpers, no closures: the planner calls this for every customer of the store.
  const w: Span = { today, end, todayParts: parseIsoDate(today), endParts: parseIsoDate(end), result: [] };
  const result = w.result;
  const { birthday, weddingDate, memberSince } = input;
  if (birthday) addBirthdays(w, 'birthday', null, birthday);
  for (const { vehicleId, date } of input.deliveryDates ?? []) addAnniversaries(w, 'purchase_anniversary', vehicleId, date);
  if (weddingDate) addAnniversaries(w, 'wedding_anniversary', null, weddingDate);
  for (const child of input.children ?? []) {
    const childBirthday = child.birthday;
    if (childBirthday) addBirthdays(w, 'child_birthday', child.id, childBirthday);
  }
  if (memberSince) addAnniversaries(w, 'membership_anniversary', null, memberSince);

  return sortSmall(result, compareOccasions);
}

const OCCASION_RANK = new Map<OccasionKind, number>(OCCASIONS.map((o, i) => [o, i]));

/** By date, kind, subject. The dates are ones this file made (valid): compared as strings, not parsed again. */
const compareOccasions = (a: Occasion, b: Occasion): number =>
  compareStrings(a.date, b.date) || OCCASION_RANK.get(a.occasion)! - OCCASION_RANK.get(b.occasion)! || compareStrings(a.subjectId ?? '', b.subjectId ?? '');

/** The window upcomingOccasions fills, and what it found so far. */
interface Span {
  today: IsoDate;
  end: IsoDate;
  todayParts: DateParts;
  endParts: DateParts;
  result: Occasion[];
}

/**
 * Every occasion is built here, with its fields in one order: objects of one shape keep the
 * planner's optimized code from being thrown away when a rarer kind of occasion first shows up.
 */
function occasionOf(occasion: OccasionKind, subjectId: string | null, date: IsoDate, lunarLabel: string | null, nth: number | null): Occasion {
  return { occasion, subjectId, date, lunarLabel, nth };
}

function addOccurrences(w: Span, occasion: OccasionKind, subjectId: string | null, next: (from: IsoDate) => Occurrence): void {
  for (const o of occurrencesUntil(w.today, w.end, next)) w.result.push(occasionOf(occasion, subjectId, o.date, o.lunarLabel, o.nth));
}

function addAnniversaries(w: Span, occasion: OccasionKind, subjectId: string | null, origin: IsoDate): void {
  const found = anniversariesUntil(origin, w.todayParts, w.endParts, anniversaryFound);
  if (found === null) addOccurrences(w, occasion, subjectId, anniversaryOccurrence(origin));
  else for (const o of found) w.result.push(occasionOf(occasion, subjectId, o.date, o.lunarLabel, o.nth));
}

function addBirthdays(w: Span, occasion: OccasionKind, subjectId: string | null, birthday: Birthday): void {
  if (birthday.calendar === 'lunar') {
    const found = lunarBirthdaysUntil(birthday, w.today, w.end);
    if (found !== null) {
      const born = birthday.year;
      for (const o of found) w.result.push(occasionOf(occasion, subjectId, o.date, o.lunarLabel, born === null ? null : o.year - born));
      return;
    }
  }
  const found = birthday.calendar === 'solar' ? anniversariesUntil(birthday.date, w.todayParts, w.endParts, birthdayFound) : null;
  if (found === null) addOccurrences(w, occasion, subjectId, (from) => nextBirthday(birthday, from));
  else for (const o of found) w.result.push(occasionOf(occasion, subjectId, o.date, o.lunarLabel, o.nth));
}

/**
 * The occurrences of a lunar birthday from today through end, as repeated nextBirthday calls
 * find them, with the lunar year of each, cached: the planner asks for 100k customers with the
 * same window, and lunar birthdays take a few hundred (month, day, leap) values. The dates do not
 * depend on the year of birth once it lies before today's lunar year (nextBirthday starts from
 * today's lunar year then); for one born this lunar year, null (the generic path). The cached
 * lists are only read (addBirthdays copies each entry).
 */
function lunarBirthdaysUntil(birthday: Extract<Birthday, { calendar: 'lunar' }>, today: IsoDate, end: IsoDate): readonly LunarOccurrence[] | null {
  if (birthday.year !== null && birthday.year + 1 > solarToLunarShared(today).year) return null;
  return cachedLunarBirthdays(`${birthday.month}|${birthday.day}|${birthday.leap ? 1 : 0}|${today}|${end}`);
}

interface LunarOccurrence {
  date: IsoDate;
  lunarLabel: string | null;
  /** The lunar year of the occurrence: the age reached is this minus the year of birth. */
  year: number;
}

// nextBirthday from today, then from the day after each one found, finds each lunar year's date
// in turn from today's lunar year on (a lunar year's date lies within it, so they ascend).
const cachedLunarBirthdays = memoize((key: string): readonly LunarOccurrence[] => {
  const [month, day, leap, today, end] = key.split('|') as [string, string, string, IsoDate, IsoDate];
  const found: LunarOccurrence[] = [];
  for (let year = solarToLunarShared(today).year; ; year++) {
    const { date, label } = lunarToSolarLabelled(year, Number(month), Number(day), leap === '1');
    if (compareIsoDates(date, end) > 0) return found;
    if (compareIsoDates(date, today) >= 0) found.push({ date, lunarLabel: label, year });
  }
}, 50_000);

const anniversaryFound = (date: IsoDate, nth: number): Occurrence => ({ date, nth, lunarLabel: null });
const birthdayFound = (date: IsoDate, nth: number): Occurrence => ({ date, lunarLabel: null, nth });
