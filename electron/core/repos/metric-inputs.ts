import type BetterSqlite3 from 'better-sqlite3';
import { customerSince, type MetricCustomer } from '../../../shared/domain/rules/metrics';

/** The store's customers as the metrics need them, read with raw statements in table order. */
export function loadMetricCustomers(sqlite: BetterSqlite3.Database): MetricCustomer[] {
  type Mutable = { visits: { date: string; amountFen: number }[]; surveys: { date: string; score0to10: number }[]; deliveryDates: string[]; referredSince: (string | null)[]; referredBy: string | null };
  const byId = new Map<string, Mutable>();
  for (const [id, referredBy] of sqlite.prepare('SELECT id, referred_by_id FROM customers WHERE deleted_at IS NULL').raw(true).iterate() as Iterable<[string, string | null]>) {
    byId.set(id, { visits: [], surveys: [], deliveryDates: [], referredSince: [], referredBy });
  }
  for (const [id, date, amountFen] of sqlite.prepare('SELECT customer_id, visit_date, amount_fen FROM visits WHERE deleted_at IS NULL').raw(true).iterate() as Iterable<[string, string, number]>) {
    byId.get(id)?.visits.push({ date, amountFen });
  }
  for (const [id, date, score] of sqlite.prepare('SELECT customer_id, surveyed_on, score FROM surveys WHERE deleted_at IS NULL').raw(true).iterate() as Iterable<[string, string, number]>) {
    byId.get(id)?.surveys.push({ date, score0to10: score });
  }
  for (const [id, date] of sqlite.prepare('SELECT customer_id, delivery_date FROM vehicles WHERE deleted_at IS NULL').raw(true).iterate() as Iterable<[string, string]>) {
    byId.get(id)?.deliveryDates.push(date);
  }
  for (const c of byId.values()) if (c.referredBy) byId.get(c.referredBy)?.referredSince.push(customerSince(c.visits, c.deliveryDates));
  return [...byId.values()];
}
