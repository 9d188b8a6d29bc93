import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import { toMetrics, type Metric, type MetricTotals } from '../../../shared/domain/rules/metrics';
import { metricTotalsFromAggregates } from './metric-aggregates';

/**
 * Every store metric of DOMAIN.md as of `today`: the same keys, values, numerators and denominators
 * as computeMetrics(loadMetricCustomers(sqlite), today, rules), the reference (see its decisions).
 * The totals come from the maintained aggregates (metric-aggregates.ts: sums of per-day changes,
 * brought up to date first); the ratios are taken by the reference's own toMetrics.
 */
export function storeMetrics(sqlite: BetterSqlite3.Database, today: string, rules: RulesConfig): Metric[] {
  return toMetrics(storeMetricTotals(sqlite, today, rules), rules);
}

/** The counts and sums the metrics are taken from (toMetrics turns them into metrics), as of `today`. */
export function storeMetricTotals(sqlite: BetterSqlite3.Database, today: string, rules: RulesConfig): MetricTotals {
  return metricTotalsFromAggregates(sqlite, [today], rules).get(today)!;
}
