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
export function* readWholeStore(
  sqlite: BetterSqlite3.Database,
  today: IsoDate,
  rules: RulesConfig,
  options: { customersPerSlice?: number; sumEarlier?: boolean } = {},
): Generator<void, Map<string, PlanningCustomer>, void> {
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
  if ((options.sumEarlier ?? true) && hasSummaryIndexes(sqlite)) {
    yield* sumEarlierVisits(sqlite, fold, options.customersPerSlice ?? CUSTOMERS_PER_SLICE);
  } else {
    for (const s of ranges(fold.from, fold.recentFrom, false)) {
      for (const r of rows(`SELECT ${VISIT_COLUMNS} FROM visits WHERE ${s.where} AND deleted_at IS NULL`, s.args) as Iterable<VisitRow>) fold.addEarlierVisit(r);
      yield;
    }
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

/** Customers per slice of the summed earlier visits. */
const CUSTOMERS_PER_SLICE = 10_000;

/**
 * The window's visits before the recent ones, summed per customer by SQLite from the covering
 * indexes of migration 0003 (no table row is read; at 100k customers ~360k visits as rows in JS
 * took ~2 s): purchases through visits_purchases, one seek per live customer, a slice of
 * customers at a time; free visits through visits_free_by_date, as rows (a few). The earlier
 * readings of vehicles with a recent one are looked up one by one (lookUpBeforeWindow).
 */
function* sumEarlierVisits(sqlite: BetterSqlite3.Database, fold: PlanningFold, perSlice: number): Generator<void, void, void> {
  const { from, recentFrom, trailingFrom } = fold;
  // Each live customer seeks its window in visits_purchases (customer_id, visit_date, ...): covering, in id order.
  const purchases = (bounds: string) =>
    sqlite.prepare(
      `SELECT c.id, count(*) FILTER (WHERE v.visit_date >= ?), coalesce(sum(v.amount_fen) FILTER (WHERE v.visit_date >= ?), 0), min(v.visit_date), max(v.visit_date)
       FROM customers c INDEXED BY customers_deleted_id
       JOIN visits v INDEXED BY visits_purchases ON v.customer_id = c.id AND v.visit_date >= ? AND v.visit_date < ? AND v.amount_fen > 0 AND v.deleted_at IS NULL
       WHERE c.deleted_at IS NULL${bounds}
       GROUP BY c.id`,
    ).raw(true);
  // Slices of customers in SQLite's id order, (lo, hi]; the first and last open-ended.
  const ids = sqlite.prepare('SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id').pluck().all() as string[];
  const between: string[] = [];
  for (let i = 0; i < ids.length; i += perSlice) {
    let bounds = '';
    const args: unknown[] = [trailingFrom, trailingFrom, from, recentFrom];
    if (i > 0) {
      bounds += ' AND c.id > ?';
      args.push(ids[i - 1]);
    }
    if (i + perSlice < ids.length) {
      bounds += ' AND c.id <= ?';
      args.push(ids[i + perSlice - 1]);
    }
    for (const r of purchases(bounds).iterate(...args) as Iterable<[string, number, number, string, string]>) {
      if (fold.addEarlierSummary(r[0], r[1], r[2], r[3], r[4])) between.push(r[0]);
    }
    yield;
  }
  const free = sqlite.prepare(
    `SELECT customer_id, visit_date, amount_fen FROM visits INDEXED BY visits_free_by_date
     WHERE visit_date >= ? AND visit_date < ? AND amount_fen <= 0 AND deleted_at IS NULL`,
  ).raw(true);
  for (let start = from; start < recentFrom; ) {
    const next = addDays(start, WINDOW_DAYS_PER_SLICE * 3);
    const end = next < recentFrom ? next : recentFrom;
    for (const r of free.iterate(start, end) as Iterable<[string, string, number]>) fold.addEarlierDate(r[0], r[1], r[2]);
    start = end;
    yield;
  }
  // A delivery among the purchases: the first visit after it, from the customer's date index.
  const firstAfter = sqlite.prepare(
    `SELECT j.value ->> 0, (SELECT min(v.visit_date) FROM visits v WHERE v.customer_id = j.value ->> 0 AND v.visit_date > j.value ->> 1 AND v.visit_date < ? AND v.deleted_at IS NULL)
     FROM json_each(?) j`,
  ).raw(true);
  for (let i = 0; i < between.length; i += perSlice) {
    const pairs = between.slice(i, i + perSlice).map((id) => [id, fold.latestDeliveryOf(id)]);
    for (const r of firstAfter.iterate(recentFrom, JSON.stringify(pairs)) as Iterable<[string, string | null]>) fold.firstVisitAfter(r[0], r[1]);
    yield;
  }
}

function hasSummaryIndexes(sqlite: BetterSqlite3.Database): boolean {
  return (sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('visits_purchases', 'visits_free_by_date', 'customers_deleted_id')`).pluck().get() as number) === 3;
}
