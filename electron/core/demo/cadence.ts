import type { VisitType } from '../../../shared/domain/types';
import { Rng, Weighted } from './rng';
import type { VisitStore } from './visits';

/**
 * Visit histories. Each customer belongs to a segment that shapes the rhythm of
 * every one of their vehicles:
 * - loyal: a service every 2-4 months up to today;
 * - fading: regular at first, then each gap longer than the last;
 * - lost: regular, then nothing for the last 6-24 months;
 * - new: first delivery within the last ~120 days, at most one visit.
 */
export type Segment = 'loyal' | 'fading' | 'lost' | 'new';

export const SEGMENTS = new Weighted<Segment>([['loyal', 42], ['fading', 22], ['lost', 30], ['new', 6]]);

/** Six years of history before today. */
export const HISTORY_DAYS = 6 * 365;

export interface Rhythm {
  segment: Segment;
  firstDelivery: number;
  /** Last day a visit may fall on. */
  end: number;
  /** Fading customers: gaps start growing after this day. */
  fadeFrom: number;
}

export function rhythmFor(rng: Rng, segment: Segment, today: number): Rhythm {
  const start = today - HISTORY_DAYS;
  switch (segment) {
    case 'new':
      return { segment, firstDelivery: today - rng.int(0, 120), end: today, fadeFrom: today };
    case 'loyal':
      return { segment, firstDelivery: rng.int(start, today - 121), end: today, fadeFrom: today };
    case 'fading':
      return { segment, firstDelivery: rng.int(start, today - 600), end: today, fadeFrom: today - rng.int(240, 540) };
    case 'lost': {
      const end = today - rng.int(180, 730);
      return { segment, firstDelivery: rng.int(start, end - 90), end, fadeFrom: end };
    }
  }
}

const REGULAR_YOUNG = new Weighted<VisitType>([
  ['maintenance', 78], ['inspection', 5], ['free_check', 9], ['warranty', 7], ['event', 1],
]);
const REGULAR_OLD = new Weighted<VisitType>([['maintenance', 80], ['inspection', 11], ['free_check', 8], ['event', 1]]);
const EXTRA = new Weighted<VisitType>([['repair', 50], ['bodywork', 22], ['accessory', 16], ['warranty', 12]]);
const WARRANTY_DAYS = 3 * 365;

function cny(rng: Rng, yuan: number): number {
  return Math.round(yuan) * 100 + (rng.chance(0.3) ? rng.int(1, 99) : 0);
}

/** What a visit of this type costs, in fen; warranty work, free checks and events are free. */
export function amountFor(rng: Rng, type: VisitType): number {
  const r = rng.next();
  switch (type) {
    case 'maintenance':
      return rng.chance(0.7) ? cny(rng, 500 + 600 * r) : cny(rng, 1400 + 1100 * r);
    case 'repair':
      return cny(rng, 800 + 14_200 * r ** 2.5);
    case 'bodywork':
      return cny(rng, 1200 + 7800 * r ** 1.8);
    case 'accessory':
      return cny(rng, 200 + 5800 * r ** 2);
    case 'inspection':
      return cny(rng, 150 + 450 * r);
    default:
      return 0;
  }
}

function nextGap(rng: Rng, rhythm: Rhythm, day: number, fadedVisits: number): number {
  if (rhythm.segment === 'lost') return rng.int(70, 150);
  const gap = rng.int(60, 120);
  if (rhythm.segment === 'fading' && day >= rhythm.fadeFrom) return Math.round(gap * 1.6 ** (fadedVisits + 1));
  return gap;
}

/** Appends one vehicle's visits, in date order, to `out`; returns the last odometer reading. */
export function scheduleVehicle(
  rng: Rng,
  out: VisitStore,
  vehicle: number,
  delivery: number,
  rhythm: Rhythm,
  kmPerDay: number,
): number {
  let day = delivery + rng.int(30, 100);
  let lastKm = rng.int(5, 40);
  let lastDay = delivery;
  let faded = 0;
  const push = (visitDay: number, type: VisitType, amountFen: number) => {
    // The spread is on the whole odometer: two visits days apart could differ by thousands of km,
    // more than a car is driven (points.mileageMaxKmPerDay), so the step is held to 300 km a day.
    const spread = Math.round(kmPerDay * (visitDay - delivery) * (0.93 + 0.14 * rng.next()));
    const km = Math.min(spread, lastKm + 300 * Math.max(1, visitDay - lastDay));
    lastDay = visitDay;
    lastKm = km > lastKm + 30 ? km : lastKm + rng.int(30, 300);
    out.push(vehicle, visitDay, type, amountFen, lastKm);
  };
  if (rhythm.segment === 'new') {
    if (day <= rhythm.end && rng.chance(0.5)) {
      const type: VisitType = rng.chance(0.5) ? 'maintenance' : 'free_check';
      push(day, type, amountFor(rng, type));
    }
    return lastKm;
  }
  let first = true;
  while (day <= rhythm.end) {
    const young = day - delivery < WARRANTY_DAYS;
    // The first service is often a free check (首保免检); after that the regular rhythm.
    const type: VisitType = first
      ? (rng.chance(0.5) ? 'free_check' : 'maintenance')
      : (young ? REGULAR_YOUNG : REGULAR_OLD).pick(rng);
    push(day, type, amountFor(rng, type));
    first = false;
    if (rng.chance(0.2)) {
      const extraDay = day + rng.int(7, 45);
      let extra = EXTRA.pick(rng);
      if (extra === 'warranty' && extraDay - delivery >= WARRANTY_DAYS) extra = 'repair';
      if (extraDay <= rhythm.end) push(extraDay, extra, amountFor(rng, extra));
    }
    if (rhythm.segment === 'fading' && day >= rhythm.fadeFrom) faded++;
    day += nextGap(rng, rhythm, day, faded);
  }
  return lastKm;
}
