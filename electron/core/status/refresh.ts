import type BetterSqlite3 from 'better-sqlite3';
import { ensureStatus, everyoneCurrent, refreshAllStatusInSlices } from '../repos/customer-status';
import { loadRules } from '../repos/rules';
import { nextTurn } from '../next-turn';

/**
 * Customer status for Today and My customers. customer_status holds per customer the facts
 * the radar reads and the radar's answer for the day they were taken (the pure riskFlag over
 * those facts). Triggers mark a customer dirty whenever a visit, survey, complaint, vehicle or
 * the customer row changes, whoever writes it; every read first refreshes the dirty ones. When
 * the day changes, the daily whole-store plan is followed by a whole-store refresh in slices; a
 * read of one advisor that comes before it refreshes that advisor, a read of everyone (a
 * manager's) waits for the slices (starting them if need be), the core answering in between.
 * So the flag shown is always today's and never lags a write.
 */
export async function freshStatus(sqlite: BetterSqlite3.Database, today: string, advisorId: string | null): Promise<void> {
  if (advisorId === null && !everyoneCurrent(sqlite, today, loadRules(sqlite))) {
    await refreshEveryoneInSlices(sqlite, today);
    await nextTurn(); // the read itself in a turn of its own, not glued to the last slice
  }
  ensureStatus(sqlite, today, loadRules(sqlite), advisorId);
}

const running = new WeakMap<BetterSqlite3.Database, Promise<number>>();

/**
 * Everyone's status taken for the day in slices, the core answering in between (after the daily
 * whole-store plan, or for a read of everyone). One at a time: a call while one runs waits for
 * it, and then takes only what was marked since. Resolves with how many customers were taken.
 */
export function refreshEveryoneInSlices(sqlite: BetterSqlite3.Database, today: string, stopped?: () => boolean): Promise<number> {
  const previous = running.get(sqlite) ?? Promise.resolve(0);
  const next = previous
    .catch(() => 0)
    .then(() => refreshAllStatusInSlices(sqlite, today, loadRules(sqlite), { pause: nextTurn, stopped }))
    .catch((error: unknown) => {
      if (sqlite.open) console.error('[status] refresh failed', error);
      return 0;
    });
  running.set(sqlite, next);
  return next;
}
