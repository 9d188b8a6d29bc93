import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import type { IsoDate } from '../../../shared/domain/types';
import { runToEnd, type PlanningCustomer, type Raw, type VisitRow } from './planner-inputs-types';
import { CHILD_COLUMNS, CUSTOMER_COLUMNS, REFERRALS_SUCCEEDED, lookUpBeforeWindow, PlanningFold, VEHICLE_COLUMNS, VISIT_COLUMNS } from './planner-inputs-window';

/**
 * The planning facts of some customers (see loadPlanningInputs), at once: a daily run's batch of
 * customers due, or the customers a write touched. Each table is read through its customer
 * index for just these ids (json_each), the window's visits through visits_customer_date, so
 * they come in (date, rowid) order per customer.
 */
export function readCustomers(sqlite: BetterSqlite3.Database, today: IsoDate, rules: RulesConfig, ids: readonly string[]): Map<string, PlanningCustomer> {
  const idList = JSON.stringify(ids);
  const rows = (sql: string, args: unknown[]): Iterable<Raw> => sqlite.prepare(sql).raw(true).iterate(...args) as Iterable<Raw>;
  const inIds = (column: string) => `${column} IN (SELECT value FROM json_each(?))`;
  const fold = new PlanningFold(today, rules, true);

  for (const r of rows(`SELECT ${CUSTOMER_COLUMNS}\n       FROM customers WHERE ${inIds('id')} AND deleted_at IS NULL`, [idList])) fold.addCustomer(r);
  // In rowid order, as the whole-store readers list them (kept facts are compared with those; SQLite may take either index).
  for (const r of rows(`SELECT ${VEHICLE_COLUMNS} FROM vehicles v WHERE ${inIds('v.customer_id')} AND v.deleted_at IS NULL ORDER BY v.rowid`, [idList])) fold.addVehicle(r);
  const visits = (lo: string, hi: string, hiIncluded: boolean) =>
    rows(
      `SELECT ${VISIT_COLUMNS} FROM visits WHERE customer_id IN (SELECT value FROM json_each(?)) AND visit_date >= ? AND visit_date ${hiIncluded ? '<=' : '<'} ? AND deleted_at IS NULL`,
      [idList, lo, hi],
    ) as Iterable<VisitRow>;
  for (const r of visits(fold.recentFrom, today, true)) fold.addRecentVisit(r);
  fold.startEarlier();
  for (const r of visits(fold.from, fold.recentFrom, false)) fold.addEarlierVisit(r);
  runToEnd(lookUpBeforeWindow(sqlite, fold, fold.standIns()));

  for (const r of rows(`SELECT customer_id, surveyed_on, score FROM surveys WHERE ${inIds('customer_id')} AND surveyed_on >= ? AND surveyed_on <= ? AND deleted_at IS NULL`, [idList, fold.from, today])) {
    fold.addSurvey(r);
  }
  for (const r of rows(
    `SELECT ${REFERRALS_SUCCEEDED} AND ${inIds('r.referrer_customer_id')} GROUP BY r.referrer_customer_id`,
    [idList],
  )) {
    fold.setReferrals(r);
  }
  for (const r of rows(`SELECT ${CHILD_COLUMNS}\n     FROM family_members WHERE relation = 'child' AND deleted_at IS NULL AND ${inIds('customer_id')}`, [idList])) fold.addChild(r);
  // Visits and surveys dated after today: when the rules will start to see them.
  for (const r of rows(`SELECT customer_id, min(visit_date) FROM visits WHERE customer_id IN (SELECT value FROM json_each(?)) AND visit_date > ? AND deleted_at IS NULL GROUP BY customer_id`, [idList, today])) {
    fold.later(r);
  }
  for (const r of rows(`SELECT customer_id, min(surveyed_on) FROM surveys WHERE surveyed_on > ? AND deleted_at IS NULL AND ${inIds('customer_id')} GROUP BY customer_id`, [today, idList])) fold.later(r);
  return fold.finish();
}
