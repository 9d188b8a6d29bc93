import type BetterSqlite3 from 'better-sqlite3';
import { addDays } from '../../../shared/domain/rules/days';
import { nthVisitor } from '../../../shared/domain/rules/surprises';
import { hasIndexes } from '../repos/indexes';
import { nthVisitorAwards } from '../repos/nth-visitor-awards';
import { visitStores } from '../repos/planner-inputs-whole-store';
import { plannedId } from './ids';
import type { PlanContext } from './desired';
import type { DesiredTask } from './rows';

/**
 * The store's Nth visitor (1,000th, 2,000th...): visits are numbered by (date, id) across
 * the store; a round number among the recent visits is a surprise for that visit's customer.
 * A number once given (its task open, done or skipped) stays with that customer: a visit
 * arriving later (from HQ, or typed in late with an earlier date) renumbers the visits, but
 * must not take the prize from one customer and give it to another, or give it twice. An
 * open prize stays wanted through the grace window, as its visit's would.
 */
export function nthVisitorTasks(sqlite: BetterSqlite3.Database, ctx: PlanContext): DesiredTask[] {
  const from = addDays(ctx.today, -ctx.rules.surprises.graceDays);
  const stores = visitStores(sqlite);
  const before = liveVisitsBefore(sqlite, from, stores);
  // Through visits_store_date, a store at a time (a full scan of the visits otherwise). The join only
  // checks that the customer exists (their index alone); store and advisor are read for the winners.
  const byStore = sqlite
    .prepare(
      `SELECT v.id, v.customer_id, v.visit_date FROM visits v JOIN customers c ON c.id = v.customer_id
       WHERE v.store_id = ? AND v.visit_date >= ? AND v.visit_date <= ? AND v.deleted_at IS NULL ORDER BY v.visit_date, v.id`,
    )
    .raw(true);
  const recent = stores.flatMap((store) => byStore.all(store, from, ctx.today) as [string, string, string][]);
  if (stores.length > 1) recent.sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const customer = sqlite.prepare('SELECT store_id, advisor_id FROM customers WHERE id = ?');
  const rule = 'surprise_nth_visitor';
  const awards = nthVisitorAwards(sqlite);
  const tasks: DesiredTask[] = [];
  for (const a of awards.values()) {
    const c = a.status === 'open' && a.dueDate >= from ? (customer.get(a.customerId) as { store_id: string; advisor_id: string | null } | undefined) : undefined;
    if (c === undefined) continue; // given and done with, past the window, or the customer is gone
    tasks.push({ id: a.id, customerId: a.customerId, storeId: a.storeId, advisorId: c.advisor_id, rule, occurrence: a.occurrence, kind: 'surprise', channel: null, dueDate: a.dueDate, reason: a.reason });
  }
  recent.forEach(([visitId, customerId, visitDate], i) => {
    for (const s of nthVisitor(before + i, before + i + 1, ctx.rules)) {
      if (awards.has(s.occurrence)) continue;
      const c = customer.get(customerId) as { store_id: string; advisor_id: string | null };
      tasks.push({
        id: plannedId(customerId, rule, s.occurrence), customerId, storeId: c.store_id, advisorId: c.advisor_id,
        rule, occurrence: s.occurrence, kind: 'surprise', channel: null, dueDate: visitDate,
        reason: JSON.stringify({ ...s.reason, visitId }),
      });
    }
  });
  return tasks;
}

/**
 * Visits (not deleted) dated before `from`. Without a full scan of the visits: all of them
 * (a b-tree count), less those from `from` on (date index), less the deleted ones before
 * `from` (partial index visits_deleted, migration 0002; a scan on a database without it).
 */
function liveVisitsBefore(sqlite: BetterSqlite3.Database, from: string, stores: readonly string[]): number {
  if (!hasIndexes(sqlite, 'visits_deleted')) return sqlite.prepare('SELECT count(*) FROM visits WHERE deleted_at IS NULL AND visit_date < ?').pluck().get(from) as number;
  const all = sqlite.prepare('SELECT count(*) FROM visits').pluck().get() as number;
  const since = sqlite.prepare('SELECT count(*) FROM visits WHERE store_id = ? AND visit_date >= ?').pluck();
  let later = 0;
  for (const store of stores) later += since.get(store, from) as number;
  const deleted = sqlite.prepare('SELECT count(*) FROM visits INDEXED BY visits_deleted WHERE deleted_at IS NOT NULL AND visit_date < ?').pluck().get(from) as number;
  return all - later - deleted;
}
