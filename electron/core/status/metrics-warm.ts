import type BetterSqlite3 from 'better-sqlite3';
import { trendMonths } from '../../../shared/domain/manager-periods';
import { warmMetricSnapshots } from '../repos/metric-trend';
import { loadRules } from '../repos/rules';

/**
 * After the daily whole-store plan: take the dashboard's month-end and today's metric totals in the
 * background (one store-wide pass per tick), so a manager opening the dashboard reads them from the cache.
 */
export function warmDashboardAfterPlan(sqlite: BetterSqlite3.Database, today: string, stopped?: () => boolean): Promise<number> {
  const days = trendMonths(today).map((m) => m.asOf).reverse();
  return warmMetricSnapshots(sqlite, days, loadRules(sqlite), { pause: () => new Promise((r) => setTimeout(r, 50)), stopped }).catch((error: unknown) => {
    if (sqlite.open) console.error('[metrics] warm-up failed', error);
    return 0;
  });
}
