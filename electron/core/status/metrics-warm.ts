import type BetterSqlite3 from 'better-sqlite3';
import { trendMonths } from '../../../shared/domain/manager-periods';
import { warmMetricSnapshots } from '../repos/metric-trend';
import { loadRules } from '../repos/rules';
import { putSettingNow, settingNow } from '../repos/settings';

/** Set once the dashboard has been opened on this desk: the store manager's desk. */
const DASHBOARD_DESK = 'dashboard.openedOnThisDesk';

/**
 * After the daily whole-store plan, on a desk where the dashboard has been opened: take the
 * dashboard's month-end and today's metric totals in the background (one store-wide pass per tick),
 * so the manager opening it reads them from the cache. Front-desk PCs where only advisors work
 * never open it, so they skip the ~8 s of passes (each holds the core for a moment while the front
 * desk is searching).
 */
export function warmDashboardAfterPlan(sqlite: BetterSqlite3.Database, today: string, stopped?: () => boolean): Promise<number> {
  if (settingNow(sqlite, DASHBOARD_DESK) !== '1') return Promise.resolve(0);
  const days = trendMonths(today).map((m) => m.asOf).reverse();
  return warmMetricSnapshots(sqlite, days, loadRules(sqlite), { pause: () => new Promise((r) => setTimeout(r, 50)), stopped }).catch((error: unknown) => {
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

/** The dashboard was opened (at `now`, ms): changes in the next half hour re-take today's totals in the background. */
export function dashboardOpened(sqlite: BetterSqlite3.Database, now: number): void {
  if (settingNow(sqlite, DASHBOARD_DESK) !== '1') putSettingNow(sqlite, DASHBOARD_DESK, '1');
  opened.set(sqlite, now);
}

/**
 * Rows the metrics read changed (a sync pull brought visits, a survey was recorded): when a manager
 * has the dashboard open, take today's totals again a second later in the background (one pass), so
 * the next open reads them from the cache instead of waiting for that pass.
 */
export function metricRowsChanged(sqlite: BetterSqlite3.Database, tables: readonly string[], now: number, today: () => string): void {
  if (!tables.some((t) => METRIC_TABLES.has(t))) return;
  const at = opened.get(sqlite);
  if (at === undefined || now - at > WATCHING_MS || pending.has(sqlite)) return;
  pending.add(sqlite);
  setTimeout(() => {
    pending.delete(sqlite);
    if (!sqlite.open) return;
    void warmMetricSnapshots(sqlite, [today()], loadRules(sqlite), { pause: () => Promise.resolve() }).catch((error: unknown) => {
      if (sqlite.open) console.error('[metrics] warm-up failed', error);
    });
  }, 1000);
}
