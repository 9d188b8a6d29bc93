import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import type { MetricTotals } from '../../../shared/domain/rules/metrics';
import type { IsoDate } from '../../../shared/domain/types';
import { storeMetricTotals } from './store-metrics';

/**
 * The store's metric totals as of several days (the dashboard's 12 month ends and today, the
 * program-effect periods), each taken once by storeMetricTotals and kept in metric_snapshots
 * (migration 0009), whose triggers drop a day's totals when a row dated on or before it changes.
 * The ratios are always taken by toMetrics over these totals: the arithmetic exists once.
 */

/** What the totals depend on besides the rows: the windows and bands, not the targets. */
function rulesStamp(rules: RulesConfig): string {
  return JSON.stringify({
    trailingDays: rules.trailingDays,
    radar: rules.radar,
    metrics: { ...rules.metrics, targets: undefined },
  });
}

/** More snapshots than this: the days that are not month ends are pruned (but the ones asked for). */
const KEEP = 64;

export function metricTotalsAsOf(sqlite: BetterSqlite3.Database, days: readonly IsoDate[], rules: RulesConfig): Map<IsoDate, MetricTotals> {
  const stamp = rulesStamp(rules);
  const wanted = [...new Set(days)];
  const out = new Map<IsoDate, MetricTotals>();
  const cached = sqlite
    .prepare('SELECT as_of, totals FROM metric_snapshots WHERE rules = ? AND as_of IN (SELECT value FROM json_each(?))')
    .raw()
    .all(stamp, JSON.stringify(wanted)) as [string, string][];
  for (const [day, totals] of cached) out.set(day, JSON.parse(totals) as MetricTotals);
  const missing = wanted.filter((d) => !out.has(d));
  if (missing.length === 0) return out;
  const save = sqlite.prepare('INSERT OR REPLACE INTO metric_snapshots (as_of, rules, totals) VALUES (?, ?, ?)');
  for (const day of missing) {
    // Computed and stored with no other statement in between on this connection: a write that lands
    // later drops the snapshot again through the triggers.
    const totals = storeMetricTotals(sqlite, day, rules);
    save.run(day, stamp, JSON.stringify(totals));
    out.set(day, totals);
  }
  // Month ends are kept (the trend reads them for a year; a dozen rows a year), and the latest day (today);
  // other days (earlier days' "today", program-effect days) are dropped once there are more than KEEP rows.
  const count = sqlite.prepare('SELECT count(*) FROM metric_snapshots').pluck().get() as number;
  if (count > KEEP) {
    sqlite
      .prepare(
        `DELETE FROM metric_snapshots WHERE as_of NOT IN (SELECT value FROM json_each(?)) AND substr(date(as_of, '+1 day'), 9, 2) <> '01'
           AND as_of <> (SELECT max(as_of) FROM metric_snapshots)`,
      )
      .run(JSON.stringify(wanted));
  }
  return out;
}

/**
 * Takes the missing snapshots of these days one at a time, yielding in between (each is one
 * store-wide pass, ~0.4 s at 100k customers), so the dashboard opens from the cache. Runs after the
 * daily whole-store plan; stops when `stopped` says so. Returns how many were taken.
 */
export async function warmMetricSnapshots(
  sqlite: BetterSqlite3.Database,
  days: readonly IsoDate[],
  rules: RulesConfig,
  options: { pause: () => Promise<void>; stopped?: () => boolean },
): Promise<number> {
  let n = 0;
  for (const day of days) {
    await options.pause();
    if (options.stopped?.() || !sqlite.open) return n;
    const stamp = rulesStamp(rules);
    if (sqlite.prepare('SELECT 1 FROM metric_snapshots WHERE as_of = ? AND rules = ?').pluck().get(day, stamp) !== undefined) continue;
    metricTotalsAsOf(sqlite, [day], rules);
    n++;
  }
  return n;
}
