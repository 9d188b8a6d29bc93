import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import { addDays } from '../../../shared/domain/rules/days';
import type { IsoDate } from '../../../shared/domain/types';
import { hasIndexes } from './indexes';
import type { PlanningCustomer, Raw, VisitRow } from './planner-inputs-types';
import { CHILD_COLUMNS, CUSTOMER_COLUMN_COUNT, REFERRALS_SUCCEEDED, CUSTOMER_COLUMNS, lookUpBeforeWindow, PACKED_VEHICLES, PlanningFold, VEHICLE_COLUMNS, VISIT_COLUMNS } from './planner-inputs-window';

/** Rows per slice of a whole-store load: each slice is a few tens of ms, so the core keeps answering between them. */
const ROWS_PER_SLICE = 15_000;
const WINDOW_DAYS_PER_SLICE = 30;

type Scope = { where: string; args: unknown[] };

/**
 * Some customers by id, (after, upTo] in SQLite's order; null bounds are open. Planning in
 * workers gives each a range: every customer id falls in exactly one of ranges cut at the same bounds.
 */
export interface CustomerRange {
  after: string | null;
  upTo: string | null;
}

/**
 * `n` ranges that together hold every customer id (deleted ones too: their open work is in
 * one of them), of about the same number of customers each, in id order.
 */
export function customerRanges(sqlite: BetterSqlite3.Database, n: number): CustomerRange[] {
  const total = sqlite.prepare('SELECT count(*) FROM customers').pluck().get() as number;
  return cutRange(sqlite, { after: null, upTo: null }, Math.ceil(total / n));
}

/** A range cut into consecutive ranges of `size` customers (the last one may have fewer), in id order. */
export function cutRange(sqlite: BetterSqlite3.Database, range: CustomerRange, size: number): CustomerRange[] {
  const where = inRange('id', range);
  const count = sqlite.prepare(`SELECT count(*) FROM customers WHERE true${where.sql}`).pluck().get(...where.args) as number;
  const at = sqlite.prepare(`SELECT id FROM customers WHERE true${where.sql} ORDER BY id LIMIT 1 OFFSET ?`).pluck();
  const out: CustomerRange[] = [];
  let after = range.after;
  for (let k = 1; size >= 1 && k * size < count; k++) {
    const upTo = at.get(...where.args, k * size - 1) as string;
    out.push({ after, upTo });
    after = upTo;
  }
  // The last one ends where the range does (open-ended: customers added meanwhile fall in it too).
  out.push({ after, upTo: range.upTo });
  return out;
}

/** ` AND column > ? AND column <= ?` for a range (the parts its bounds need), with the arguments. */
export function inRange(column: string, range: CustomerRange | undefined): { sql: string; args: string[] } {
  let sql = '';
  const args: string[] = [];
  if (range?.after != null) {
    sql += ` AND ${column} > ?`;
    args.push(range.after);
  }
  if (range?.upTo != null) {
    sql += ` AND ${column} <= ?`;
    args.push(range.upTo);
  }
  return { sql, args };
}

/**
 * The planning facts of every customer of the store (see loadPlanningInputs), streamed: each
 * table is scanned once in slices (rowid ranges; visits through their date index, a store and a
 * month at a time), and the generator yields between slices so the caller can let other work run.
 */
export function* readWholeStore(
  sqlite: BetterSqlite3.Database,
  today: IsoDate,
  rules: RulesConfig,
  options: { customersPerSlice?: number; sumEarlier?: boolean; range?: CustomerRange } = {},
): Generator<void, Map<string, PlanningCustomer>, void> {
  const byId = inRange('id', options.range);
  const byCustomer = inRange('customer_id', options.range);
  const rows = (sql: string, args: unknown[]): Iterable<Raw> => sqlite.prepare(sql).raw(true).iterate(...args) as Iterable<Raw>;
  const rowidRanges = function* (table: string): Generator<Scope> {
    const [lo, hi] = sqlite.prepare(`SELECT min(rowid), max(rowid) FROM ${table}`).raw(true).get() as [number | null, number | null];
    if (lo === null || hi === null) return;
    for (let start = lo - 1; start < hi; start += ROWS_PER_SLICE) yield { where: 'rowid > ? AND rowid <= ?', args: [start, Math.min(start + ROWS_PER_SLICE, hi)] };
  };
  // With one store (a desk's usual case) the recent visits come in (date, rowid) order, else they are sorted.
  const stores = visitStores(sqlite);
  const fold = new PlanningFold(today, rules, stores.length <= 1);

  // Each customer's vehicles come packed in one column of its row, found through the vehicles'
  // customer index: 150k vehicle rows as rows of their own cost ~2x the time of their whole
  // scan (better-sqlite3's price per row and per value). Without that index (a bulk load under
  // way), the vehicles are scanned apart.
  const packed = hasIndexes(sqlite, 'vehicles_customer');
  for (const s of rowidRanges('customers')) {
    const sql = `SELECT ${CUSTOMER_COLUMNS}${packed ? `, ${PACKED_VEHICLES}` : ''}\n       FROM customers c WHERE ${s.where} AND deleted_at IS NULL${byId.sql}`;
    for (const r of rows(sql, [...s.args, ...byId.args])) {
      fold.addCustomer(r);
      if (packed) fold.addPackedVehicles(r[0] as string, r[CUSTOMER_COLUMN_COUNT] as string | null);
    }
    yield;
  }
  for (const s of packed ? [] : rowidRanges('vehicles')) {
    const where = s.where.replaceAll('rowid', 'v.rowid');
    for (const r of rows(`SELECT ${VEHICLE_COLUMNS} FROM vehicles v WHERE ${where} AND v.deleted_at IS NULL${inRange('v.customer_id', options.range).sql}`, [...s.args, ...byCustomer.args])) fold.addVehicle(r);
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
    for (const r of rows(`SELECT ${VISIT_COLUMNS} FROM visits WHERE ${s.where} AND deleted_at IS NULL${byCustomer.sql}`, [...s.args, ...byCustomer.args]) as Iterable<VisitRow>) {
      fold.addRecentVisit(r);
    }
    yield;
  }
  fold.startEarlier();
  if ((options.sumEarlier ?? true) && hasIndexes(sqlite, 'visits_purchases', 'visits_free_by_date', 'customers_deleted_id')) {
    yield* sumEarlierVisits(sqlite, fold, options.customersPerSlice ?? CUSTOMERS_PER_SLICE, options.range);
  } else {
    for (const s of ranges(fold.from, fold.recentFrom, false)) {
      for (const r of rows(`SELECT ${VISIT_COLUMNS} FROM visits WHERE ${s.where} AND deleted_at IS NULL${byCustomer.sql}`, [...s.args, ...byCustomer.args]) as Iterable<VisitRow>) {
        fold.addEarlierVisit(r);
      }
      yield;
    }
  }
  yield* lookUpBeforeWindow(sqlite, fold, fold.standIns());

  for (const s of rowidRanges('surveys')) {
    for (const r of rows(`SELECT customer_id, surveyed_on, score FROM surveys WHERE ${s.where} AND surveyed_on >= ? AND surveyed_on <= ? AND deleted_at IS NULL${byCustomer.sql}`, [...s.args, fold.from, today, ...byCustomer.args])) {
      fold.addSurvey(r);
    }
    yield;
  }
  const byReferrer = inRange('referrer_customer_id', options.range);
  for (const r of rows(`SELECT ${REFERRALS_SUCCEEDED}${byReferrer.sql} GROUP BY r.referrer_customer_id`, byReferrer.args)) {
    fold.setReferrals(r);
  }
  for (const r of rows(`SELECT ${CHILD_COLUMNS}\n     FROM family_members WHERE relation = 'child' AND deleted_at IS NULL${byCustomer.sql}`, byCustomer.args)) fold.addChild(r);
  // Visits and surveys dated after today: when the rules will start to see them.
  for (const store of stores) {
    const sql = `SELECT customer_id, min(visit_date) FROM visits WHERE store_id = ? AND visit_date > ? AND deleted_at IS NULL${byCustomer.sql} GROUP BY customer_id`;
    for (const r of rows(sql, [store, today, ...byCustomer.args])) fold.later(r);
  }
  const laterSurveys = `SELECT customer_id, min(surveyed_on) FROM surveys WHERE surveyed_on > ? AND deleted_at IS NULL${byCustomer.sql} GROUP BY customer_id`;
  for (const r of rows(laterSurveys, [today, ...byCustomer.args])) fold.later(r);
  return fold.finish();
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
function* sumEarlierVisits(sqlite: BetterSqlite3.Database, fold: PlanningFold, perSlice: number, range: CustomerRange | undefined): Generator<void, void, void> {
  const { from, recentFrom, trailingFrom } = fold;
  // The earliest date on or after each day boundary inside this part of the window (how long the facts stay true, PlanningFold.factsUntil).
  const boundaries = fold.boundaryDays();
  const nearest = boundaries.map(() => ', min(v.visit_date) FILTER (WHERE v.visit_date >= ?)').join('');
  // Each live customer seeks its window in visits_purchases (customer_id, visit_date, ...): covering, in id order.
  const purchases = (bounds: string) =>
    sqlite.prepare(
      `SELECT c.id, count(*) FILTER (WHERE v.visit_date >= ?), coalesce(sum(v.amount_fen) FILTER (WHERE v.visit_date >= ?), 0), min(v.visit_date), max(v.visit_date)${nearest}
       FROM customers c INDEXED BY customers_deleted_id
       JOIN visits v INDEXED BY visits_purchases ON v.customer_id = c.id AND v.visit_date >= ? AND v.visit_date < ? AND v.amount_fen > 0 AND v.deleted_at IS NULL
       WHERE c.deleted_at IS NULL${bounds}
       GROUP BY c.id`,
    ).raw(true);
  // Slices of customers in SQLite's id order, (lo, hi]; the first and last open-ended.
  const byId = inRange('id', range);
  const ids = sqlite.prepare(`SELECT id FROM customers WHERE deleted_at IS NULL${byId.sql} ORDER BY id`).pluck().all(...byId.args) as string[];
  const between: string[] = [];
  for (let i = 0; i < ids.length; i += perSlice) {
    let bounds = '';
    const args: unknown[] = [trailingFrom, trailingFrom, ...boundaries, from, recentFrom];
    // The slices' outer bounds are the range's (open without one).
    const after = i > 0 ? ids[i - 1] : range?.after;
    const upTo = i + perSlice < ids.length ? ids[i + perSlice - 1] : range?.upTo;
    if (after != null) {
      bounds += ' AND c.id > ?';
      args.push(after);
    }
    if (upTo != null) {
      bounds += ' AND c.id <= ?';
      args.push(upTo);
    }
    for (const r of purchases(bounds).iterate(...args) as Iterable<[string, number, number, string, string, ...(string | null)[]]>) {
      if (fold.addEarlierSummary(r[0], r[1], r[2], r[3], r[4], r.slice(5) as (string | null)[])) between.push(r[0]);
    }
    yield;
  }
  const free = sqlite.prepare(
    `SELECT customer_id, visit_date, amount_fen FROM visits INDEXED BY visits_free_by_date
     WHERE visit_date >= ? AND visit_date < ? AND amount_fen <= 0 AND deleted_at IS NULL${inRange('customer_id', range).sql}`,
  ).raw(true);
  for (let start = from; start < recentFrom; ) {
    const next = addDays(start, WINDOW_DAYS_PER_SLICE * 3);
    const end = next < recentFrom ? next : recentFrom;
    for (const r of free.iterate(start, end, ...inRange('customer_id', range).args) as Iterable<[string, string, number]>) fold.addEarlierDate(r[0], r[1], r[2]);
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

