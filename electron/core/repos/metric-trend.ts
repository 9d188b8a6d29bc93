import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import type { MetricTotals } from '../../../shared/domain/rules/metrics';
import type { IsoDate } from '../../../shared/domain/types';
import { metricTotalsFromAggregates, warmMetricAggregates } from './metric-aggregates';

/**
 * The store's metric totals as of several days (the dashboard's 12 month ends and today, the
 * program-effect periods): each a sum over the maintained per-day changes (metric-aggregates.ts),
 * a few ms per day, whatever the day. The ratios are always taken by toMetrics over these totals.
 */
export function metricTotalsAsOf(sqlite: BetterSqlite3.Database, days: readonly IsoDate[], rules: RulesConfig): Map<IsoDate, MetricTotals> {
  return metricTotalsFromAggregates(sqlite, days, rules);
}

/**
 * Brings the aggregates up to date in the background: a first build (or one after the rules'
 * windows changed) a slice of customers per step, yielding in between; otherwise only the
 * customers written since. Stops when `stopped` says so; returns the steps taken.
 */
export function warmMetricTotals(
  sqlite: BetterSqlite3.Database,
  rules: RulesConfig,
  options: { pause: () => Promise<void>; stopped?: () => boolean },
): Promise<number> {
  // One at a time per database: a second caller (the dashboard opened during the warm-up after the daily plan) joins it.
  const under = running.get(sqlite);
  if (under) return under;
  const run = warmMetricAggregates(sqlite, rules, options).finally(() => running.delete(sqlite));
  running.set(sqlite, run);
  return run;
}

const running = new WeakMap<BetterSqlite3.Database, Promise<number>>();
