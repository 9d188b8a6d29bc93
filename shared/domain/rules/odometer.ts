import type { IsoDate } from '../types';
import { daysBetween } from './days';

/**
 * A car's odometer readings as the count of mileage points and the mileage milestones read them:
 * which readings count, decided by the readings alone (never by what has earned), so that earning
 * never moves a car's count.
 */

/** An odometer reading and the day it was taken. */
export interface Reading {
  km: number;
  date: IsoDate;
}

/** A car's reading in date order (then id), unknown as null. */
export interface DatedReading {
  km: number | null;
  date: IsoDate;
}

/**
 * Whether a car could have been driven from `from` to `km` by `date`: at most `maxKmPerDay`
 * (rules.points.mileageMaxKmPerDay) a day, and one day's driving on the same day.
 */
function drivableSince(from: Reading, km: number, date: IsoDate, maxKmPerDay: number): boolean {
  return km - from.km <= maxKmPerDay * Math.max(1, daysBetween(from.date, date));
}

/**
 * A reading this many times the one before it and at least TYPO_MIN_KM on is rather a digit too
 * many (8,000 then 160,000 a year later is drivable at 500 a day); a young car's first readings
 * (50 km at delivery, 5,000 at its first service) stay under TYPO_MIN_KM. One held wrongly is paid
 * at the next reading that bears it out: a delay, nothing lost.
 */
const TYPO_RATIO = 8;
const TYPO_MIN_KM = 20_000;

/** Whether a reading is believable after `from`: drivable since, and not a digit too many. */
export function believableAfter(from: Reading, km: number, date: IsoDate, maxKmPerDay: number): boolean {
  if (km - from.km >= TYPO_MIN_KM && km >= TYPO_RATIO * from.km) return false;
  return drivableSince(from, km, date, maxKmPerDay);
}

/**
 * Where a car's readings start to count, from index `first`: its first known reading, unless that
 * is above the next two known readings (a digit too many: one reading below it is rather a typo
 * of its own); -1 without readings.
 */
export function firstTrustedReading(readings: readonly DatedReading[], first = 0): number {
  const known: number[] = [];
  for (let i = first; i < readings.length; i++) if (readings[i]!.km !== null) known.push(i);
  for (let n = 0; n < known.length; n++) {
    const km = readings[known[n]!]!.km!;
    const next = n + 1 < known.length ? readings[known[n + 1]!]!.km! : null;
    const after = n + 2 < known.length ? readings[known[n + 2]!]!.km! : null;
    if (next === null || km <= next || (after !== null && km <= after)) return known[n]!;
  }
  return -1;
}

/** The readings counted after `start`, by index (null: unknown, or held back), and what each held one was measured against. */
export interface CountedReadings {
  km: (number | null)[];
  heldFrom: Map<number, Reading>;
}

/**
 * The readings that count after the start. A reading above the highest one counted before it by
 * more than the car could have been driven since, or by a digit too many (believableAfter), is held
 * back: unknown, so its kilometres go to the next counted reading. The next known reading of a
 * later day settles it: one not below it and believable after it bears it out (a long trip: it
 * counts, nothing lost); anything else leaves it out (the dealer system's correction counts it
 * again). One of the same day bears nothing out: a second repair order of that day (maintenance
 * and bodywork) carries the same reading, copied.
 */
export function countedReadings(readings: readonly DatedReading[], start: number, maxKmPerDay: number): CountedReadings {
  const km = readings.map((r) => r.km);
  const heldFrom = new Map<number, Reading>();
  if (start < 0) return { km, heldFrom };
  let top: Reading = { km: km[start]!, date: readings[start]!.date };
  let held = -1;
  for (let i = start + 1; i < readings.length; i++) {
    const reading = readings[i]!.km;
    if (reading === null) continue;
    const date = readings[i]!.date;
    if (held >= 0) {
      const h: Reading = { km: km[held]!, date: readings[held]!.date };
      if (date !== h.date && reading >= h.km && believableAfter(h, reading, date, maxKmPerDay)) {
        top = h;
        heldFrom.delete(held);
      } else km[held] = null;
      held = -1;
    }
    if (reading <= top.km) continue;
    if (believableAfter(top, reading, date, maxKmPerDay)) top = { km: reading, date };
    else {
      held = i;
      heldFrom.set(i, top);
    }
  }
  if (held >= 0) km[held] = null;
  return { km, heldFrom };
}
