import type { IsoDate } from '../types';
import { daysBetween } from './days';

/** An odometer reading and the day it was taken. */
export interface Reading {
  km: number;
  date: IsoDate;
}

/**
 * Whether a car could have been driven from `from` to `km` by `date`: at most `maxKmPerDay`
 * (rules.points.mileageMaxKmPerDay) a day, and one day's driving on the same day. A reading beyond
 * that is rather typed wrong (a digit too many: 700,000 for 70,000).
 */
export function drivableSince(from: Reading, km: number, date: IsoDate, maxKmPerDay: number): boolean {
  return km - from.km <= maxKmPerDay * Math.max(1, daysBetween(from.date, date));
}
