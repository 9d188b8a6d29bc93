import type { RulesConfig } from './config';
import type { MetricTotals } from './metrics';

/**
 * The store's metric totals as of ANY day, as prefix sums of per-day changes.
 *
 * Every dated total of computeMetrics (all but customers, referrers and referred) is a sum over
 * customers of what one customer adds as of day D, and that only changes on a few days: a visit's
 * day and the days it leaves the trailing window, the previous window and each recency band, the
 * days the first purchase enters each retention cohort, the first delivery's, a survey's day and the
 * day it leaves the window. `addMetricEvents` takes one customer's rows, works out what the
 * customer adds as of each of those days (the per-customer body of computeMetrics, over epoch days)
 * and records the changes. Summed over customers, `totals(D) = sum of the changes on days <= D`.
 * A customer whose rows change is taken out with its old rows (sign -1) and put back with the new.
 */

/** The totals that depend on the day, in a fixed order (the columns of the changes). */
export const DATED_TOTALS = [
  'shortCohort', 'shortRetained', 'mediumCohort', 'mediumRetained', 'yearCohort', 'yearRetained',
  'trailingVisits', 'spendCustomers', 'spendOfThem', 'active', 'silent', 'churnRisk',
  'prevBuyers', 'churned', 'buyers', 'repeatBuyers',
  'retainedSpendNow', 'retainedBuysNow', 'retainedSpendPrev', 'retainedBuysPrev',
  'promoters', 'detractors', 'surveys',
] as const satisfies readonly (keyof MetricTotals)[];
export type DatedTotal = (typeof DATED_TOTALS)[number];
const WIDTH = DATED_TOTALS.length;

/** One live customer's rows the metrics read, days as epoch days (dates.ts toEpochDay). */
export interface MetricFacts {
  /** Every visit (paid or free) as [day, amount in fen], sorted by day. */
  visits: readonly (readonly [number, number])[];
  /** Every survey as [day, score 0-10]. */
  surveys: readonly (readonly [number, number])[];
  /** The earliest delivery day of the customer's vehicles, or null. */
  firstDelivery: number | null;
}

/** The windows and thresholds the totals depend on (not the targets). */
export interface MetricWindows {
  trailingDays: number;
  yellowMinDays: number;
  redAfterDays: number;
  shortDays: number;
  mediumDays: number;
  promoterMin: number;
  detractorMax: number;
}

export function metricWindows(rules: RulesConfig): MetricWindows {
  const m = rules.metrics;
  return {
    trailingDays: rules.trailingDays, yellowMinDays: rules.radar.yellowMinDays, redAfterDays: rules.radar.redAfterDays,
    shortDays: m.shortRetentionDays, mediumDays: m.mediumRetentionDays, promoterMin: m.npsPromoterMin, detractorMax: m.npsDetractorMax,
  };
}

const I = Object.fromEntries(DATED_TOTALS.map((k, i) => [k, i])) as Record<DatedTotal, number>;

/** What one customer adds to each dated total as of day D: computeMetrics' per-customer body, on epoch days. */
export function contributionAt(f: MetricFacts, D: number, w: MetricWindows, out: number[]): void {
  out.fill(0);
  const trailingStart = D - w.trailingDays + 1;
  const previousStart = D - 2 * w.trailingDays + 1;
  let first = -1, second = -1, last = -1;
  let purchases = 0, spendNow = 0, buysNow = 0, spendPrev = 0, buysPrev = 0;
  for (const [d, amount] of f.visits) {
    if (d > D) continue;
    const inNow = d >= trailingStart;
    const inPrev = !inNow && d >= previousStart;
    if (inNow) { out[I.trailingVisits]!++; spendNow += amount; } else if (inPrev) spendPrev += amount;
    if (amount <= 0) continue;
    purchases++;
    if (inNow) buysNow++; else if (inPrev) buysPrev++;
    if (last === -1 || d > last) last = d;
    if (first === -1) first = d;
    else if (d < first) { second = first; first = d; } else if (d > first && (second === -1 || d < second)) second = d;
  }
  if (first !== -1) {
    const gap = second === -1 ? Infinity : second - first;
    if (first <= D - w.shortDays) { out[I.shortCohort] = 1; if (gap <= w.shortDays) out[I.shortRetained] = 1; }
    if (first <= D - w.mediumDays) { out[I.mediumCohort] = 1; if (gap <= w.mediumDays) out[I.mediumRetained] = 1; }
    if (first < trailingStart) { out[I.yearCohort] = 1; if (buysNow > 0) out[I.yearRetained] = 1; }
  }
  if (buysNow > 0) { out[I.spendCustomers] = 1; out[I.spendOfThem] = spendNow; }
  if (buysPrev > 0) { out[I.prevBuyers] = 1; if (buysNow === 0) out[I.churned] = 1; }
  if (buysNow > 0 && buysPrev > 0) {
    out[I.retainedSpendNow] = spendNow; out[I.retainedBuysNow] = buysNow; out[I.retainedSpendPrev] = spendPrev; out[I.retainedBuysPrev] = buysPrev;
  }
  if (purchases >= 1) out[I.buyers] = 1;
  if (purchases >= 2) out[I.repeatBuyers] = 1;
  if (last === -1 && f.firstDelivery !== null && f.firstDelivery <= D) last = f.firstDelivery;
  if (last !== -1) {
    if (last >= D - (w.yellowMinDays - 1)) out[I.active] = 1;
    else if (last >= D - w.redAfterDays) out[I.silent] = 1;
    else out[I.churnRisk] = 1;
  }
  for (const [d, score] of f.surveys) {
    if (d > D || d < trailingStart) continue;
    out[I.surveys]!++;
    if (score >= w.promoterMin) out[I.promoters]!++;
    else if (score <= w.detractorMax) out[I.detractors]!++;
  }
}

/** The days on which what the customer adds can change (unsorted, may repeat). */
function changeDays(f: MetricFacts, w: MetricWindows): number[] {
  const t = w.trailingDays;
  const days: number[] = [];
  let first = Infinity;
  const recency = (d: number) => days.push(d, d + w.yellowMinDays, d + w.redAfterDays + 1);
  for (const [d, amount] of f.visits) {
    days.push(d, d + t, d + 2 * t);
    if (amount > 0) { recency(d); if (d < first) first = d; }
  }
  if (first !== Infinity) days.push(first + w.shortDays, first + w.mediumDays, first + t);
  if (f.firstDelivery !== null) recency(f.firstDelivery);
  for (const [d] of f.surveys) days.push(d, d + t);
  return days;
}

/** Per-day changes of the dated totals (DATED_TOTALS order), keyed by epoch day. */
export type DayChanges = Map<number, number[]>;

/** Adds `sign` x this customer's changes into `into`. */
export function addMetricEvents(into: DayChanges, f: MetricFacts, w: MetricWindows, sign: 1 | -1): void {
  const days = changeDays(f, w).sort((a, b) => a - b);
  let before = new Array<number>(WIDTH).fill(0);
  let now = new Array<number>(WIDTH).fill(0);
  let previousDay = NaN;
  for (const day of days) {
    if (day === previousDay) continue;
    previousDay = day;
    contributionAt(f, day, w, now);
    let row: number[] | undefined;
    for (let i = 0; i < WIDTH; i++) {
      const change = now[i]! - before[i]!;
      if (change === 0) continue;
      if (!row) {
        row = into.get(day);
        if (!row) into.set(day, (row = new Array<number>(WIDTH).fill(0)));
      }
      row[i]! += sign * change;
    }
    [before, now] = [now, before];
  }
}

/** The dated totals as of day D from the changes (a reference for tests; the core sums them in SQL). */
export function datedTotalsAsOf(changes: DayChanges, D: number): Record<DatedTotal, number> {
  const sums = new Array<number>(WIDTH).fill(0);
  for (const [day, row] of changes) if (day <= D) for (let i = 0; i < WIDTH; i++) sums[i]! += row[i]!;
  return Object.fromEntries(DATED_TOTALS.map((k, i) => [k, sums[i]!])) as Record<DatedTotal, number>;
}
