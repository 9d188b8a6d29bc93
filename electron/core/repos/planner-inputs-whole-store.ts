import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import { addDays } from '../../../shared/domain/rules/days';
import type { IsoDate } from '../../../shared/domain/types';
import type { PlanningCustomer, Raw, VisitRow } from './planner-inputs-types';
import { CHILD_COLUMNS, CUSTOMER_COLUMNS, lookUpBeforeWindow, PlanningFold, VISIT_COLUMNS } from './planner-inputs-window';

/** Rows per slice of a whole-store load: each slice is a few tens of ms, so the core keeps answering between them. */
const ROWS_PER_SLICE = 15_000;
const WINDOW_DAYS_PER_SLICE = 30;

type Scope = { where: string; args: unknown[] };

/**
 * The planning facts of every customer of the store (see loadPlanningInputs), streamed: each
 * table is scanned once in slices (rowid ranges; visits through their date index, a store and a
 * month at a time), and the generator yields between slices so the caller can let other work run.
 */
export function* readWholeStore(sqlite: BetterSqlite3.Database, today: IsoDate, rules: RulesConfig): Generator<void, Map<string, PlanningCustomer>, void> {
  const rows = (sql: string, args: unknown[]): Iterable<Raw> => sqlite.prepare(sql).raw(true).iterate(...args) as Iterable<Raw>;
  const rowidRanges = function* (table: string): Generator<Scope> {
    const [lo, hi] = sqlite.prepare(`SELECT min(rowid), max(rowid) FROM ${table}`).raw(true).get() as [number | null, number | null];
    if (lo === null || hi === null) return;
    for (let start = lo - 1; start < hi; start += ROWS_PER_SLICE) yield { where: 'rowid > ? AND rowid <= ?', args: [start, Math.min(start + ROWS_PER_SLICE, hi)] };
  };
  // With one store (a desk's usual case) the recent visits come in (date, rowid) order, else they are sorted.
  const stores = visitStores(sqlite);
  const fold = new PlanningFold(today, rules, stores.length <= 1);

  for (const s of rowidRanges('customers')) {
    for (const r of rows(`SELECT ${CUSTOMER_COLUMNS}\n       FROM customers WHERE ${s.where} AND deleted_at IS NULL`, s.args)) fold.addCustomer(r);
    yield;
  }
  for (const s of rowidRanges('vehicles')) {
    for (const r of rows(`SELECT customer_id, id, delivery_date FROM vehicles WHERE ${s.where} AND deleted_at IS NULL`, s.args)) fold.addVehicle(r);
    yield;
  }

  // Visits of the window, recent ones first, through visits_store_date, a store and a month at a time.
  const ranges = (lo: string, hi: string, hiIncluded: boolean): Scope[] => {
    const below = hiIncluded ? '<=' : '<';
    const out: Scope[] = [];
    for (let start = lo; start < hi || (hiIncluded && start === hi); ) {
      const next = addDays(start, WINDOW_DAYS_PER_SLICE);
      const last = next >= hi;
      for (const store of stores) {
        out.push({ where: `store_id = ? AND visit_date >= ? AND visit_date ${last ? below : '<'} ?`, args: [store, start, last ? hi : next] });
      }
      if (last) break;
      start = next;
    }
    return out;
  };
  for (const s of ranges(fold.recentFrom, today, true)) {
    for (const r of rows(`SELECT ${VISIT_COLUMNS} FROM visits WHERE ${s.where} AND deleted_at IS NULL`, s.args) as Iterable<VisitRow>) fold.addRecentVisit(r);
    yield;
  }
  fold.startEarlier();
  for (const s of ranges(fold.from, fold.recentFrom, false)) {
    for (const r of rows(`SELECT ${VISIT_COLUMNS} FROM visits WHERE ${s.where} AND deleted_at IS NULL`, s.args) as Iterable<VisitRow>) fold.addEarlierVisit(r);
    yield;
  }
  yield* lookUpBeforeWindow(sqlite, fold, fold.standIns());

  for (const s of rowidRanges('surveys')) {
    for (const r of rows(`SELECT customer_id, surveyed_on, score FROM surveys WHERE ${s.where} AND surveyed_on >= ? AND surveyed_on <= ? AND deleted_at IS NULL`, [...s.args, fold.from, today])) {
      fold.addSurvey(r);
    }
    yield;
  }
  for (const r of rows(`SELECT referrer_customer_id, count(*) FROM referrals WHERE status = 'success' AND deleted_at IS NULL GROUP BY referrer_customer_id`, [])) fold.setReferrals(r);
  for (const r of rows(`SELECT ${CHILD_COLUMNS}\n     FROM family_members WHERE relation = 'child' AND deleted_at IS NULL`, [])) fold.addChild(r);
  // Visits and surveys dated after today: when the rules will start to see them.
  for (const store of stores) {
    for (const r of rows(`SELECT customer_id, min(visit_date) FROM visits WHERE store_id = ? AND visit_date > ? AND deleted_at IS NULL GROUP BY customer_id`, [store, today])) fold.later(r);
  }
  for (const r of rows(`SELECT customer_id, min(surveyed_on) FROM surveys WHERE surveyed_on > ? AND deleted_at IS NULL GROUP BY customer_id`, [today])) fold.later(r);
  return fold.out;
}

/** The stores that have visits, each found with one index seek. */
export function visitStores(sqlite: BetterSqlite3.Database): string[] {
  const first = sqlite.prepare('SELECT min(store_id) FROM visits').pluck();
  const next = sqlite.prepare('SELECT min(store_id) FROM visits WHERE store_id > ?').pluck();
  const out: string[] = [];
  for (let s = first.get() as string | null; s !== null; s = next.get(s) as string | null) out.push(s);
  return out;
}
