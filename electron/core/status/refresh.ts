import type BetterSqlite3 from 'better-sqlite3';
import { ensureStatus, refreshAllStatusInSlices } from '../repos/customer-status';
import { loadRules } from '../repos/rules';

/**
 * Customer status for Today and My customers. customer_status holds per customer the facts
 * the radar reads and the radar's answer for the day they were taken (the pure riskFlag over
 * those facts). Triggers mark a customer dirty whenever a visit, survey, complaint, vehicle or
 * the customer row changes, whoever writes it; every read first refreshes the dirty ones. When
 * the day changes, the daily whole-store plan is followed by a whole-store refresh; a read that
 * comes before it refreshes the advisor it reads. So the flag shown is always today's and never
 * lags a write.
 */
export function freshStatus(sqlite: BetterSqlite3.Database, today: string, advisorId: string | null): void {
  ensureStatus(sqlite, today, loadRules(sqlite), advisorId);
}

const running = new WeakMap<BetterSqlite3.Database, Promise<number>>();

/**
 * After a whole-store plan (the daily run): take everyone's status for the day in slices, the
 * core answering in between. One at a time; resolves with how many customers were taken.
 */
export function refreshAfterPlan(sqlite: BetterSqlite3.Database, today: string, stopped?: () => boolean): Promise<number> {
  const previous = running.get(sqlite) ?? Promise.resolve(0);
  const next = previous
    .catch(() => 0)
    .then(() => refreshAllStatusInSlices(sqlite, today, loadRules(sqlite), { pause: () => new Promise((r) => setImmediate(r)), stopped }))
    .catch((error: unknown) => {
      if (sqlite.open) console.error('[status] refresh failed', error);
      return 0;
    });
  running.set(sqlite, next);
  return next;
}
