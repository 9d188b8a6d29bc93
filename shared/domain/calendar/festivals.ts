import { SolarTerm } from 'tyme4ts';
import type { IsoDate } from '../types';
import { toIsoDate, yearOf } from './dates';
import { LUNAR_MAX_YEAR, LUNAR_MIN_YEAR, lunarToSolar } from './lunar';
import { memoize } from './memo';

/** The festival surprises of DOMAIN.md ("Surprise moments"), in calendar order. */
export const FESTIVALS = ['spring_festival', 'mid_autumn', 'winter_solstice'] as const;
export type FestivalKind = (typeof FESTIVALS)[number];

export interface FestivalDate {
  festival: FestivalKind;
  date: IsoDate;
}

/**
 * The festivals falling in solar year `year`, sorted by date: Spring Festival (lunar 1/1,
 * late January to mid February), Mid-Autumn (lunar 8/15 of the ordinary 8th month, never a
 * leap 8th month) and Winter Solstice (the solar term 冬至, December 21-23). Dates are
 * Beijing-time calendar days, as the library computes them.
 */
export function festivalsInYear(year: number): FestivalDate[] {
  return cachedFestivals(year).map((f) => ({ ...f }));
}

const cachedFestivals = memoize((year: number): FestivalDate[] => {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`Year out of the supported range ${LUNAR_MIN_YEAR}-${LUNAR_MAX_YEAR}: ${year}`);
  }
  // tyme4ts counts a solar-term year from the previous winter solstice: 冬至 of year + 1 is
  // the one in December of `year`.
  const solstice = SolarTerm.fromName(year + 1, '冬至').getSolarDay();
  return [
    { festival: 'spring_festival', date: lunarToSolar(year, 1, 1, false) },
    { festival: 'mid_autumn', date: lunarToSolar(year, 8, 15, false) },
    { festival: 'winter_solstice', date: toIsoDate(solstice.getYear(), solstice.getMonth(), solstice.getDay()) },
  ];
});

export function festivalOn(date: IsoDate): FestivalKind | null {
  return cachedFestivals(yearOf(date)).find((f) => f.date === date)?.festival ?? null;
}
