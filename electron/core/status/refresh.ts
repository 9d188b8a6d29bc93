import type BetterSqlite3 from 'better-sqlite3';
import { ensureStatus, refreshAllStatus } from '../repos/customer-status';
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

/** After a whole-store plan (the daily run): take everyone's facts for the day before anyone asks. */
export function refreshAfterPlan(sqlite: BetterSqlite3.Database, today: string): void {
  refreshAllStatus(sqlite, today, loadRules(sqlite));
}
