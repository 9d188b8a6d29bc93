import type { RulesConfig } from './config';
import type { MetricTotals } from './metrics';

/**
 * The store's metric totals as of ANY day, as prefix sums of per-day changes.
 *
 * Every dated total of computeMetrics (all but referrers and referred) is a sum over
 * customers of what one customer adds as of day D, and that only changes on a few days: a visit's
 * day and the days it leaves the trailing window, the previous window and each recency band, the
 * days the first purchase enters each retention cohort, the first delivery's, a survey's day and the
 * day it leaves the window, the day the customer starts to count (first visit or delivery; with
 * neither, NONE: always). `addMetricEvents` takes one customer's rows, works out what the
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
  'promoters', 'detractors', 'surveys', 'customers',
] as const satisfies readonly (keyof MetricTotals)[];
export type DatedTotal = (typeof DATED_TOTALS)[number];
const WIDTH = DATED_TOTALS.length;

/** One live customer's rows the metrics read, days as epoch days (dates.ts toEpochDay). */
export interface MetricFacts {
  /** Every visit's day (paid or free), ascending, and its amount in fen (0: a free visit), index for index. */
  visitDays: readonly number[];
  visitAmounts: readonly number[];
  /** Every survey's day, ascending, and its score 0-10. */
  surveyDays: readonly number[];
  surveyScores: readonly number[];
  /** The earliest delivery day of the customer's vehicles, or null. */
  firstDelivery: number | null;
}

/** Sorts parallel arrays by day, then by the second value (so equal rows always come out the same). */
export function sortByDay(days: number[], values: number[]): void {
  let sorted = true;
  for (let i = 1; i < days.length && sorted; i++) sorted = days[i - 1]! < days[i]! || (days[i - 1] === days[i] && values[i - 1]! <= values[i]!);
  if (sorted) return;
  const order = days.map((_, i) => i).sort((a, b) => days[a]! - days[b]! || values[a]! - values[b]!);
  const d = order.map((i) => days[i]!);
  const v = order.map((i) => values[i]!);
  for (let i = 0; i < d.length; i++) { days[i] = d[i]!; values[i] = v[i]!; }
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

// Column indexes (DATED_TOTALS order) as plain constants: the loop below runs ~90 times a customer.
const SHORT_COHORT = 0, SHORT_RETAINED = 1, MEDIUM_COHORT = 2, MEDIUM_RETAINED = 3, YEAR_COHORT = 4, YEAR_RETAINED = 5;
const TRAILING_VISITS = 6, SPEND_CUSTOMERS = 7, SPEND_OF_THEM = 8, ACTIVE = 9, SILENT = 10, CHURN_RISK = 11;
const PREV_BUYERS = 12, CHURNED = 13, BUYERS = 14, REPEAT_BUYERS = 15;
const RETAINED_SPEND_NOW = 16, RETAINED_BUYS_NOW = 17, RETAINED_SPEND_PREV = 18, RETAINED_BUYS_PREV = 19;
const PROMOTERS = 20, DETRACTORS = 21, SURVEYS = 22, CUSTOMERS = 23;
/** No such day (below any epoch day a store can have). */
const NONE = -(2 ** 31);

/** The days on which what the customer adds can change, ascending (may repeat). */
function changeDays(f: MetricFacts, w: MetricWindows): Int32Array {
  const t = w.trailingDays, y = w.yellowMinDays, r = w.redAfterDays + 1;
  const n = f.visitDays.length;
  const days = scratch.days(6 * n + 7 + 2 * f.surveyDays.length);
  let k = 0;
  days[k++] = sinceOf(f);
  let first = Infinity;
  for (let i = 0; i < n; i++) {
    const d = f.visitDays[i]!;
    const amount = f.visitAmounts[i]!;
    days[k++] = d;
    days[k++] = d + t;
    // A free visit (amount 0) adds nothing to the previous window: no change when it leaves it.
    if (amount !== 0) days[k++] = d + 2 * t;
    if (amount > 0) {
      days[k++] = d + y;
      days[k++] = d + r;
      if (d < first) first = d;
    }
  }
  if (first !== Infinity) { days[k++] = first + w.shortDays; days[k++] = first + w.mediumDays; days[k++] = first + t; }
  if (f.firstDelivery !== null) { days[k++] = f.firstDelivery; days[k++] = f.firstDelivery + y; days[k++] = f.firstDelivery + r; }
  for (const d of f.surveyDays) { days[k++] = d; days[k++] = d + t; }
  return days.subarray(0, k).sort();
}

/** The day the customer starts to count among the store's customers (metrics.ts customerSince); null with neither a visit nor a delivery (always). */
export function sinceDay(f: MetricFacts): number | null {
  const visit = f.visitDays.length > 0 ? f.visitDays[0]! : null;
  if (f.firstDelivery === null) return visit;
  return visit === null ? f.firstDelivery : Math.min(visit, f.firstDelivery);
}
const sinceOf = (f: MetricFacts): number => sinceDay(f) ?? NONE;

/** Working arrays reused from customer to customer (grown when a customer has more rows): no allocation per customer. */
function grown<T extends Int32Array | Float64Array>(make: (n: number) => T): (n: number) => T {
  let buffer = make(64);
  return (n) => {
    if (buffer.length < n) buffer = make(Math.max(n, 2 * buffer.length));
    return buffer;
  };
}
const scratch = {
  days: grown((n) => new Int32Array(n)),
  spend: grown((n) => new Float64Array(n)),
  buys: grown((n) => new Int32Array(n)),
  lastBuy: grown((n) => new Int32Array(n)),
  promoters: grown((n) => new Int32Array(n)),
  detractors: grown((n) => new Int32Array(n)),
  before: new Float64Array(WIDTH),
  now: new Float64Array(WIDTH),
};

/** Per-day changes of the dated totals (DATED_TOTALS order), keyed by epoch day. */
export type DayChanges = Map<number, Float64Array>;

/**
 * Adds `sign` x this customer's changes into `into`. What the customer adds as of day D is
 * computeMetrics' per-customer body (the reference), taken here with running counts: prefix sums
 * over the visits and surveys, and pointers that only move forward as D does.
 */
export function addMetricEvents(into: DayChanges, f: MetricFacts, w: MetricWindows, sign: 1 | -1): void {
  const vd = f.visitDays, va = f.visitAmounts, sd = f.surveyDays, ss = f.surveyScores;
  const n = vd.length, m = sd.length;
  // Prefix sums over the first k visits: spend, purchases, the latest purchase day.
  const spend = scratch.spend(n + 1), buys = scratch.buys(n + 1), lastBuy = scratch.lastBuy(n + 1);
  spend[0] = 0;
  buys[0] = 0;
  let first = NONE, next = NONE;
  lastBuy[0] = NONE;
  for (let i = 0; i < n; i++) {
    const bought = va[i]! > 0;
    spend[i + 1] = spend[i]! + va[i]!;
    buys[i + 1] = buys[i]! + (bought ? 1 : 0);
    lastBuy[i + 1] = bought ? vd[i]! : lastBuy[i]!;
    if (bought) { if (first === NONE) first = vd[i]!; else if (next === NONE && vd[i]! > first) next = vd[i]!; }
  }
  const promoters = scratch.promoters(m + 1), detractors = scratch.detractors(m + 1);
  promoters[0] = 0;
  detractors[0] = 0;
  for (let j = 0; j < m; j++) {
    promoters[j + 1] = promoters[j]! + (ss[j]! >= w.promoterMin ? 1 : 0);
    detractors[j + 1] = detractors[j]! + (ss[j]! < w.promoterMin && ss[j]! <= w.detractorMax ? 1 : 0);
  }
  const gap = next === NONE ? Infinity : next - first;
  const since = sinceOf(f);
  const t = w.trailingDays;
  let upTo = 0, nowFrom = 0, prevFrom = 0, surveysUpTo = 0, surveysFrom = 0;
  let before = scratch.before.fill(0);
  let now = scratch.now;
  let previousDay = NaN;
  const days = changeDays(f, w);
  for (let b = 0; b < days.length; b++) {
    const D = days[b]!;
    if (D === previousDay) continue;
    previousDay = D;
    const trailingStart = D - t + 1;
    while (upTo < n && vd[upTo]! <= D) upTo++;
    while (nowFrom < n && vd[nowFrom]! < trailingStart) nowFrom++;
    while (prevFrom < n && vd[prevFrom]! < trailingStart - t) prevFrom++;
    while (surveysUpTo < m && sd[surveysUpTo]! <= D) surveysUpTo++;
    while (surveysFrom < m && sd[surveysFrom]! < trailingStart) surveysFrom++;
    const lo = Math.min(nowFrom, upTo), prevLo = Math.min(prevFrom, lo);
    const buysNow = buys[upTo]! - buys[lo]!, buysPrev = buys[lo]! - buys[prevLo]!;
    const spendNow = spend[upTo]! - spend[lo]!, spendPrev = spend[lo]! - spend[prevLo]!;
    now.fill(0);
    if (since <= D) now[CUSTOMERS] = 1;
    now[TRAILING_VISITS] = upTo - lo;
    if (buys[upTo]! > 0) {
      if (first <= D - w.shortDays) { now[SHORT_COHORT] = 1; if (gap <= w.shortDays) now[SHORT_RETAINED] = 1; }
      if (first <= D - w.mediumDays) { now[MEDIUM_COHORT] = 1; if (gap <= w.mediumDays) now[MEDIUM_RETAINED] = 1; }
      if (first < trailingStart) { now[YEAR_COHORT] = 1; if (buysNow > 0) now[YEAR_RETAINED] = 1; }
      now[BUYERS] = 1;
      if (buys[upTo]! >= 2) now[REPEAT_BUYERS] = 1;
    }
    if (buysNow > 0) { now[SPEND_CUSTOMERS] = 1; now[SPEND_OF_THEM] = spendNow; }
    if (buysPrev > 0) { now[PREV_BUYERS] = 1; if (buysNow === 0) now[CHURNED] = 1; }
    if (buysNow > 0 && buysPrev > 0) {
      now[RETAINED_SPEND_NOW] = spendNow; now[RETAINED_BUYS_NOW] = buysNow; now[RETAINED_SPEND_PREV] = spendPrev; now[RETAINED_BUYS_PREV] = buysPrev;
    }
    let last = lastBuy[upTo]!;
    if (last === NONE && f.firstDelivery !== null && f.firstDelivery <= D) last = f.firstDelivery;
    if (last !== NONE) {
      if (last >= D - (w.yellowMinDays - 1)) now[ACTIVE] = 1;
      else if (last >= D - w.redAfterDays) now[SILENT] = 1;
      else now[CHURN_RISK] = 1;
    }
    const sLo = Math.min(surveysFrom, surveysUpTo);
    now[SURVEYS] = surveysUpTo - sLo;
    now[PROMOTERS] = promoters[surveysUpTo]! - promoters[sLo]!;
    now[DETRACTORS] = detractors[surveysUpTo]! - detractors[sLo]!;
    let row: Float64Array | undefined;
    for (let i = 0; i < WIDTH; i++) {
      const change = now[i]! - before[i]!;
      if (change === 0) continue;
      if (!row) {
        row = into.get(D);
        if (!row) into.set(D, (row = new Float64Array(WIDTH)));
      }
      row[i]! += sign * change;
    }
    const swap = before;
    before = now;
    now = swap;
  }
}

/** The dated totals as of day D from the changes (a reference for tests; the core sums them in SQL). */
export function datedTotalsAsOf(changes: DayChanges, D: number): Record<DatedTotal, number> {
  const sums = new Array<number>(WIDTH).fill(0);
  for (const [day, row] of changes) if (day <= D) for (let i = 0; i < WIDTH; i++) sums[i]! += row[i]!;
  return Object.fromEntries(DATED_TOTALS.map((k, i) => [k, sums[i]!])) as Record<DatedTotal, number>;
}
