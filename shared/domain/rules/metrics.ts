import type { IsoDate } from '../types';
import type { MetricComparator, MetricKey, RulesConfig } from './config';
import { addDays, daysBetween } from './days';

/**
 * The metrics of DOMAIN.md ("Metrics and their targets"), the reference the SQL version is
 * tested against. One pass over every visit and survey (ISO dates compare as strings), then
 * O(1) per customer. Rows dated after today are ignored.
 *
 * Windows (T = today): trailing 12 months = T-364..T; previous 12 months = T-729..T-365.
 * Definitions where DOMAIN.md leaves room:
 * - Recency bands (active 0-89, silent 90-180, churn risk 181+) use the radar's day bands (rules.radar).
 * - "All customers" = every customer in the input. Last purchase falls back to the first
 *   delivery (DOMAIN.md "Definitions"); a customer with neither is in no recency band.
 * - 30/90-day retention: "another purchase" = a purchase on a later day than the first,
 *   at most 30 (90) days after it. Repurchase rate counts purchase visits (2 on one day = 2).
 * - 12-month retention: "first purchase > 12 months old" = before the trailing window (T-365 or
 *   earlier), so the question "a purchase in the last 12 months" is not answered by it.
 * - Spend = the sum of visit amounts as recorded (a refund entered as a negative amount reduces it).
 * - Retained customer (LTV and ticket growth) = a purchase in both the previous and the trailing
 *   window. LTV, year over year, = the customer's value over a 12-month window (spend in it):
 *   lifetime-to-date sums only ever grow, so their growth says nothing about this year.
 *   LTV growth = sum(trailing spend) / sum(previous spend) - 1 over retained customers;
 *   average ticket growth = (trailing spend / trailing purchases) / (previous spend / previous
 *   purchases) - 1 over the same customers (pooled, so each purchase weighs the same).
 * - NPS counts every survey in the trailing window (not only each customer's latest).
 * - A customer counts among "all customers" as of a day from their first visit or delivery on
 *   (customerSince; one with neither, always): a month-end of the trend, or a period's first day,
 *   counts the customers the store had then, not today's.
 * - Referral conversion: customers who count, with at least one customer they referred who counts,
 *   / all customers; referred new customers: customers who count with referredBy set.
 */
export interface MetricCustomer {
  visits: readonly { date: IsoDate; amountFen: number }[];
  surveys: readonly { date: IsoDate; score0to10: number }[];
  deliveryDates: readonly IsoDate[];
  /** customerSince of each customer this one referred (the new customers they brought). */
  referredSince: readonly (IsoDate | null)[];
  /** Who referred this customer, or null. */
  referredBy: string | null;
}

/** Since when a customer counts among the store's customers: their first visit or delivery, the earlier; null (always) with neither. */
export function customerSince(visits: readonly { date: IsoDate }[], deliveryDates: readonly IsoDate[]): IsoDate | null {
  let since: IsoDate | null = null;
  for (const v of visits) if (since === null || v.date < since) since = v.date;
  for (const d of deliveryDates) if (since === null || d < since) since = d;
  return since;
}

const countsOn = (since: IsoDate | null, day: IsoDate) => since === null || since <= day;

export interface Metric {
  key: MetricKey;
  value: number | null;
  target: number | null;
  comparator: MetricComparator;
  /** Null for 'watch' metrics and when the value is undefined (no denominator). */
  met: boolean | null;
  numerator: number;
  denominator: number;
}

/**
 * The counts and sums every metric is a ratio (or a difference) of. computeMetrics adds them up
 * from the customers; the core's SQL version (electron/core/repos/store-metrics.ts) has SQLite
 * add them up; both turn them into metrics with toMetrics, so the arithmetic exists once.
 */
export interface MetricTotals {
  customers: number;
  /** First purchase at least shortRetentionDays ago / and another purchase within them; the same for medium and 12 months. */
  shortCohort: number;
  shortRetained: number;
  mediumCohort: number;
  mediumRetained: number;
  yearCohort: number;
  yearRetained: number;
  /** Visits (paid or free) in the trailing window. */
  trailingVisits: number;
  spendCustomers: number;
  spendOfThem: number;
  active: number;
  silent: number;
  churnRisk: number;
  prevBuyers: number;
  churned: number;
  buyers: number;
  repeatBuyers: number;
  /** Retained customers' spend and purchases in the trailing window and in the previous one. */
  retainedSpendNow: number;
  retainedBuysNow: number;
  retainedSpendPrev: number;
  retainedBuysPrev: number;
  promoters: number;
  detractors: number;
  surveys: number;
  referrers: number;
  referred: number;
}

function emptyTotals(): MetricTotals {
  return {
    customers: 0, shortCohort: 0, shortRetained: 0, mediumCohort: 0, mediumRetained: 0, yearCohort: 0, yearRetained: 0,
    trailingVisits: 0, spendCustomers: 0, spendOfThem: 0, active: 0, silent: 0, churnRisk: 0, prevBuyers: 0, churned: 0, buyers: 0, repeatBuyers: 0,
    retainedSpendNow: 0, retainedBuysNow: 0, retainedSpendPrev: 0, retainedBuysPrev: 0, promoters: 0, detractors: 0, surveys: 0, referrers: 0, referred: 0,
  };
}

/** The day counts and score bands of the metrics' definitions as the rules config sets them: the words that explain each metric say these. */
export interface MetricBands {
  shortDays: number;
  mediumDays: number;
  /** Active: last purchase 0..activeMaxDays days ago; silent: silentFromDays..silentToDays; churn risk: more than silentToDays. */
  activeMaxDays: number;
  silentFromDays: number;
  silentToDays: number;
  promoterMin: number;
  detractorMax: number;
}

export function metricBands(rules: RulesConfig): MetricBands {
  return {
    shortDays: rules.metrics.shortRetentionDays,
    mediumDays: rules.metrics.mediumRetentionDays,
    activeMaxDays: rules.radar.yellowMinDays - 1,
    silentFromDays: rules.radar.yellowMinDays,
    silentToDays: rules.radar.redAfterDays,
    promoterMin: rules.metrics.npsPromoterMin,
    detractorMax: rules.metrics.npsDetractorMax,
  };
}

export function computeMetrics(customers: readonly MetricCustomer[], today: IsoDate, rules: RulesConfig): Metric[] {
  const m = rules.metrics;
  const trailingStart = addDays(today, -rules.trailingDays + 1);
  const previousStart = addDays(today, -2 * rules.trailingDays + 1);
  const activeFrom = addDays(today, -(rules.radar.yellowMinDays - 1));
  const silentFrom = addDays(today, -rules.radar.redAfterDays);
  const shortEligible = addDays(today, -m.shortRetentionDays);
  const mediumEligible = addDays(today, -m.mediumRetentionDays);
  const t = emptyTotals();

  for (const c of customers) {
    const counts = countsOn(customerSince(c.visits, c.deliveryDates), today);
    if (counts) t.customers++;
    let first: IsoDate | null = null;
    let second: IsoDate | null = null;
    let last: IsoDate | null = null;
    let purchases = 0;
    let spendNow = 0, buysNow = 0, spendPrev = 0, buysPrev = 0;
    for (const v of c.visits) {
      const d = v.date;
      if (d > today) continue;
      const inNow = d >= trailingStart;
      const inPrev = !inNow && d >= previousStart;
      if (inNow) { t.trailingVisits++; spendNow += v.amountFen; } else if (inPrev) spendPrev += v.amountFen;
      if (v.amountFen <= 0) continue;
      purchases++;
      if (inNow) buysNow++; else if (inPrev) buysPrev++;
      if (last === null || d > last) last = d;
      if (first === null) first = d;
      else if (d < first) { second = first; first = d; } else if (d > first && (second === null || d < second)) second = d;
    }
    if (first !== null) {
      const gap = second === null ? Infinity : daysBetween(first, second);
      if (first <= shortEligible) { t.shortCohort++; if (gap <= m.shortRetentionDays) t.shortRetained++; }
      if (first <= mediumEligible) { t.mediumCohort++; if (gap <= m.mediumRetentionDays) t.mediumRetained++; }
      if (first < trailingStart) { t.yearCohort++; if (buysNow > 0) t.yearRetained++; }
    }
    if (buysNow > 0) { t.spendCustomers++; t.spendOfThem += spendNow; }
    if (buysPrev > 0) { t.prevBuyers++; if (buysNow === 0) t.churned++; }
    if (buysNow > 0 && buysPrev > 0) {
      t.retainedSpendNow += spendNow; t.retainedBuysNow += buysNow; t.retainedSpendPrev += spendPrev; t.retainedBuysPrev += buysPrev;
    }
    if (purchases >= 1) t.buyers++;
    if (purchases >= 2) t.repeatBuyers++;

    if (last === null) for (const d of c.deliveryDates) if (d <= today && (last === null || d < last)) last = d;
    if (last !== null) {
      if (last >= activeFrom) t.active++;
      else if (last >= silentFrom) t.silent++;
      else t.churnRisk++;
    }
    for (const s of c.surveys) {
      if (s.date > today || s.date < trailingStart) continue;
      t.surveys++;
      if (s.score0to10 >= m.npsPromoterMin) t.promoters++;
      else if (s.score0to10 <= m.npsDetractorMax) t.detractors++;
    }
    if (counts && c.referredSince.some((since) => countsOn(since, today))) t.referrers++;
    if (counts && c.referredBy !== null) t.referred++;
  }
  return toMetrics(t, rules);
}

/** The metrics, with their targets, from the totals they are computed from. */
export function toMetrics(t: MetricTotals, rules: RulesConfig): Metric[] {
  const targets = rules.metrics.targets;
  const make = (key: MetricKey, numerator: number, denominator: number, value: number | null): Metric => {
    const { target, comparator } = targets[key];
    let met: boolean | null = null;
    if (value !== null && target !== null && comparator !== 'watch') {
      met = comparator === '>' ? value > target : comparator === '<' ? value < target : value <= target;
    }
    return { key, value, target, comparator, met, numerator, denominator };
  };
  const ratio = (key: MetricKey, n: number, d: number) => make(key, n, d, d === 0 ? null : n / d);
  const rs = t.retainedSpendNow, ps = t.retainedBuysNow, rp = t.retainedSpendPrev, pp = t.retainedBuysPrev;
  const ticketNow = pp === 0 || ps === 0 ? null : rs / ps;
  const ticketPrev = pp === 0 ? null : rp / pp;
  return [
    ratio('retention_30d', t.shortRetained, t.shortCohort),
    ratio('retention_90d', t.mediumRetained, t.mediumCohort),
    ratio('retention_12m', t.yearRetained, t.yearCohort),
    ratio('monthly_visit_frequency', t.trailingVisits, t.customers * 12),
    ratio('annual_spend_per_customer', t.spendOfThem, t.spendCustomers),
    ratio('active_ratio', t.active, t.customers),
    ratio('silent_ratio', t.silent, t.customers),
    make('churn_risk_count', t.churnRisk, t.customers, t.churnRisk),
    ratio('annual_churn_rate', t.churned, t.prevBuyers),
    ratio('repurchase_rate', t.repeatBuyers, t.buyers),
    make('ltv_growth', rs, rp, rp <= 0 ? null : rs / rp - 1),
    make('average_ticket_growth', ticketNow ?? 0, ticketPrev ?? 0, ticketNow === null || ticketPrev === null || ticketPrev <= 0 ? null : ticketNow / ticketPrev - 1),
    make('nps', t.promoters - t.detractors, t.surveys, t.surveys === 0 ? null : ((t.promoters - t.detractors) / t.surveys) * 100),
    ratio('referral_conversion', t.referrers, t.customers),
    make('referred_new_customers', t.referred, t.customers, t.referred),
  ];
}
