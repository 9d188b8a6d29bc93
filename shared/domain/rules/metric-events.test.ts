import { describe, expect, it } from 'vitest';
import { fromEpochDay, toEpochDay } from '../calendar/dates';
import { DEFAULT_RULES, type RulesConfig } from './config';
import { addMetricEvents, DATED_TOTALS, datedTotalsAsOf, metricWindows, sortByDay, type DayChanges, type MetricFacts } from './metric-events';
import { computeMetrics, toMetrics, type MetricCustomer } from './metrics';

/** mulberry32: the same customers every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE = toEpochDay('2022-01-01');
const SPAN = 5 * 365;

/** A random customer: visits (some free, some on one day), surveys, maybe a delivery. */
function randomFacts(next: () => number): MetricFacts {
  const day = () => BASE + Math.floor(next() * SPAN);
  const visitDays: number[] = [];
  const visitAmounts: number[] = [];
  const n = Math.floor(next() * (next() < 0.2 ? 30 : 8));
  for (let i = 0; i < n; i++) {
    visitDays.push(next() < 0.15 && i > 0 ? visitDays[i - 1]! : day());
    visitAmounts.push(next() < 0.25 ? 0 : 1 + Math.floor(next() * 100_000));
  }
  sortByDay(visitDays, visitAmounts);
  const surveyDays = Array.from({ length: Math.floor(next() * 3) }, day);
  const surveyScores = surveyDays.map(() => Math.floor(next() * 11));
  sortByDay(surveyDays, surveyScores);
  return { visitDays, visitAmounts, surveyDays, surveyScores, firstDelivery: next() < 0.8 ? day() : null };
}

const asCustomer = (f: MetricFacts): MetricCustomer => ({
  visits: f.visitDays.map((d, i) => ({ date: fromEpochDay(d), amountFen: f.visitAmounts[i]! })),
  surveys: f.surveyDays.map((d, i) => ({ date: fromEpochDay(d), score0to10: f.surveyScores[i]! })),
  deliveryDates: f.firstDelivery === null ? [] : [fromEpochDay(f.firstDelivery)],
  referredSince: [],
  referredBy: null,
});

/** The reference's dated totals: computeMetrics' numerators and denominators carry them all. */
function referenceTotals(customers: MetricCustomer[], today: string, rules: RulesConfig): number[] {
  const ms = computeMetrics(customers, today, rules);
  return ms.flatMap((m) => [m.numerator, m.denominator]);
}
function eventTotals(changes: DayChanges, today: string, rules: RulesConfig): number[] {
  const dated = datedTotalsAsOf(changes, toEpochDay(today));
  return toMetrics({ ...dated, referrers: 0, referred: 0 }, rules).flatMap((m) => [m.numerator, m.denominator]);
}

const ODD: RulesConfig = {
  ...DEFAULT_RULES,
  trailingDays: 200,
  radar: { ...DEFAULT_RULES.radar, yellowMinDays: 45, redAfterDays: 500 },
  metrics: { ...DEFAULT_RULES.metrics, shortRetentionDays: 120, mediumRetentionDays: 14, npsPromoterMin: 8, npsDetractorMax: 5 },
};
const UNCHECKED: RulesConfig = { ...DEFAULT_RULES, radar: { ...DEFAULT_RULES.radar, yellowMinDays: 200, redAfterDays: 100 } };

describe('metric day changes', () => {
  it.each([
    ['default', DEFAULT_RULES],
    ['odd windows', ODD],
    ['yellow after red', UNCHECKED],
  ] as const)('summed up to any day equal computeMetrics over the same customers (%s rules)', (_name, rules) => {
    const next = random(rules === DEFAULT_RULES ? 1 : rules === ODD ? 2 : 3);
    const facts = Array.from({ length: 300 }, () => randomFacts(next));
    const changes: DayChanges = new Map();
    const w = metricWindows(rules);
    for (const f of facts) addMetricEvents(changes, f, w, 1);
    const customers = facts.map(asCustomer);
    for (let i = 0; i < 60; i++) {
      const today = fromEpochDay(BASE - 30 + Math.floor(next() * (SPAN + 900)));
      expect([today, eventTotals(changes, today, rules)]).toEqual([today, referenceTotals(customers, today, rules)]);
    }
  });

  it('taking a customer out with sign -1 leaves nothing behind', () => {
    const next = random(9);
    const w = metricWindows(DEFAULT_RULES);
    const changes: DayChanges = new Map();
    const facts = Array.from({ length: 50 }, () => randomFacts(next));
    for (const f of facts) addMetricEvents(changes, f, w, 1);
    for (const f of facts) addMetricEvents(changes, f, w, -1);
    for (const row of changes.values()) expect([...row]).toEqual(new Array(DATED_TOTALS.length).fill(0));
  });

  it('sortByDay orders parallel arrays by day, then value', () => {
    const days = [5, 3, 5, 1];
    const values = [9, 7, 2, 4];
    sortByDay(days, values);
    expect([days, values]).toEqual([[1, 3, 5, 5], [4, 7, 2, 9]]);
  });

  it('a customer with no rows adds only themselves, to every day', () => {
    const changes: DayChanges = new Map();
    addMetricEvents(changes, { visitDays: [], visitAmounts: [], surveyDays: [], surveyScores: [], firstDelivery: null }, metricWindows(DEFAULT_RULES), 1);
    expect(datedTotalsAsOf(changes, toEpochDay('1970-01-01'))).toEqual({ ...datedTotalsAsOf(new Map(), 0), customers: 1 });
    expect(datedTotalsAsOf(changes, toEpochDay('2099-12-31'))).toEqual({ ...datedTotalsAsOf(new Map(), 0), customers: 1 });
  });

  it('a customer counts from their first visit or delivery, the earlier', () => {
    const changes: DayChanges = new Map();
    const [visit, delivery] = [toEpochDay('2026-03-10'), toEpochDay('2026-02-01')];
    addMetricEvents(changes, { visitDays: [visit], visitAmounts: [0], surveyDays: [], surveyScores: [], firstDelivery: delivery }, metricWindows(DEFAULT_RULES), 1);
    expect(datedTotalsAsOf(changes, delivery - 1).customers).toBe(0);
    expect(datedTotalsAsOf(changes, delivery).customers).toBe(1);
    expect(datedTotalsAsOf(changes, visit + 1000).customers).toBe(1);
  });
});
