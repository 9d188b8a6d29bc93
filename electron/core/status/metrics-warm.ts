import type BetterSqlite3 from 'better-sqlite3';
import { warmMetricAggregates } from '../repos/metric-aggregates';
import { loadRules } from '../repos/rules';
import { nextTurn } from '../next-turn';

/**
 * After the daily whole-store plan: bring the dashboard's metric aggregates up to date in the
 * background (repos/metric-aggregates.ts), so the dashboard answers any day with a few sums. On a
 * desk that has none yet (or after the rules' windows changed) that is the one-off build, a slice of
 * customers per step with the core answering in between; afterwards only the customers written
 * since. Returns the steps taken. Every desk keeps them: the manager often works at a front-desk PC.
 */
export function warmDashboardAfterPlan(sqlite: BetterSqlite3.Database, _today: string, stopped?: () => boolean): Promise<number> {
  return warmMetricAggregates(sqlite, loadRules(sqlite), { pause: () => new Promise((r) => setTimeout(r, 50)), stopped }).catch((error: unknown) => {
    if (sqlite.open) console.error('[metrics] warm-up failed', error);
    return 0;
  });
}

/** Tables whose rows the store metrics read. */
const METRIC_TABLES = new Set(['visits', 'surveys', 'vehicles', 'customers']);
/** A manager who opened the dashboard this recently is taken to be watching it. */
const WATCHING_MS = 30 * 60_000;
const opened = new WeakMap<BetterSqlite3.Database, number>();
const pending = new WeakSet<BetterSqlite3.Database>();

/** The dashboard was opened (at `now`, ms): changes in the next half hour are folded in in the background. */
export function dashboardOpened(sqlite: BetterSqlite3.Database, now: number): void {
  opened.set(sqlite, now);
}

/**
 * Rows the metrics read changed (a sync pull brought visits, a survey was recorded): when a manager
 * has the dashboard open, fold the customers written into the aggregates a second later in the
 * background, so the next open does not. (An open folds them in itself anyway: a few ms a customer.)
 */
export function metricRowsChanged(sqlite: BetterSqlite3.Database, tables: readonly string[], now: number, _today?: () => string): void {
  if (!tables.some((t) => METRIC_TABLES.has(t))) return;
  const at = opened.get(sqlite);
  if (at === undefined || now - at > WATCHING_MS || pending.has(sqlite)) return;
  pending.add(sqlite);
  setTimeout(() => {
    pending.delete(sqlite);
    if (!sqlite.open) return;
    // Yields between steps: after a change of the rules' windows this is a whole build.
    void warmMetricAggregates(sqlite, loadRules(sqlite), { pause: nextTurn }).catch((error: unknown) => {
      if (sqlite.open) console.error('[metrics] warm-up failed', error);
    });
  }, 1000);
}
