import type BetterSqlite3 from 'better-sqlite3';
import type { TrailingActivity } from '../../../shared/domain/rules/tier';

const statements = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();

/** A customer's spend and visits dated from `from` to `to` (both included): the trailing activity of a past day. */
export function activityBetween(sqlite: BetterSqlite3.Database, customerId: string, from: string, to: string): TrailingActivity {
  let s = statements.get(sqlite);
  if (!s) {
    s = sqlite.prepare('SELECT coalesce(sum(amount_fen), 0), count(*) FROM visits WHERE customer_id = ? AND visit_date >= ? AND visit_date <= ? AND deleted_at IS NULL').raw(true);
    statements.set(sqlite, s);
  }
  const [spendFen, visits] = s.get(customerId, from, to) as [number, number];
  return { spendFen, visits };
}
