import type BetterSqlite3 from 'better-sqlite3';

/** An Nth-visitor prize already given: its task, as the planner would want it again. */
export interface NthVisitorAward {
  id: string;
  customerId: string;
  storeId: string;
  occurrence: string;
  status: 'open' | 'done' | 'skipped';
  dueDate: string;
  reason: string;
}

/** The Nth-visitor tasks not voided, by round number (migration 0018's partial index when it is there). */
export function nthVisitorAwards(sqlite: BetterSqlite3.Database): Map<string, NthVisitorAward> {
  const rows = sqlite
    .prepare(
      `SELECT id, customer_id, store_id, occurrence, status, due_date, reason FROM tasks
       WHERE rule = 'surprise_nth_visitor' AND status <> 'void' ORDER BY occurrence, due_date, id`,
    )
    .raw(true)
    .all() as [string, string, string, string, NthVisitorAward['status'], string, string][];
  const out = new Map<string, NthVisitorAward>();
  for (const [id, customerId, storeId, occurrence, status, dueDate, reason] of rows) {
    // Two desks that each gave the same number before they synced: the earliest visit keeps it.
    if (!out.has(occurrence)) out.set(occurrence, { id, customerId, storeId, occurrence, status, dueDate, reason });
  }
  return out;
}
