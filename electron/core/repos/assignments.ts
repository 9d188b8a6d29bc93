import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Transaction } from 'kysely';
import type { AssignmentEntry, CustomerHistoryEntry } from '../../../shared/api/areas/team';
import type { Database } from '../db/schema';

/** Customer reassignment (issue 6): the customers' advisor, their open work, and the append-only record with the reason. */

export interface Reassignment {
  customers: readonly { id: string; storeId: string; fromAdvisorId: string | null; assignmentId: string }[];
  toAdvisorId: string;
  reason: string;
  byStaffId: string;
  at: string;
}

/** Live customers by id with their store and advisor (missing ids are left out). */
export function customersForAssignment(sqlite: BetterSqlite3.Database, ids: readonly string[]): { id: string; store_id: string; advisor_id: string | null }[] {
  return sqlite
    .prepare('SELECT id, store_id, advisor_id FROM customers WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids)) as { id: string; store_id: string; advisor_id: string | null }[];
}

/** How many open tasks and cards (to write, written) each of these customers has: the rows a reassignment moves with them. */
export function openWorkCounts(sqlite: BetterSqlite3.Database, ids: readonly string[]): Map<string, number> {
  const rows = sqlite
    .prepare(
      `SELECT customer_id, count(*) FROM (
         SELECT customer_id FROM tasks WHERE status = 'open' AND customer_id IN (SELECT value FROM json_each(@ids))
         UNION ALL SELECT customer_id FROM card_reminders WHERE status IN ('to_write', 'written') AND customer_id IN (SELECT value FROM json_each(@ids)))
       GROUP BY customer_id`,
    )
    .raw()
    .all({ ids: JSON.stringify(ids) }) as [string, number][];
  return new Map(rows);
}

/** Moves the customers, their open tasks and their open card reminders (to write, written) to the advisor; returns the rows moved. */
export async function reassignCustomers(trx: Transaction<Database>, r: Reassignment): Promise<{ tasks: number; cards: number }> {
  const ids = JSON.stringify(r.customers.map((c) => c.id));
  const inList = sql<boolean>`customer_id IN (SELECT value FROM json_each(${ids}))`;
  await trx.updateTable('customers').set({ advisor_id: r.toAdvisorId, updated_at: r.at }).where(sql<boolean>`id IN (SELECT value FROM json_each(${ids}))`).execute();
  const tasks = await trx
    .updateTable('tasks')
    .set({ advisor_id: r.toAdvisorId, advisor_pinned: 0, updated_at: r.at })
    .where(inList)
    .where('status', '=', 'open')
    .where((eb) => eb.or([eb('advisor_id', 'is', null), eb('advisor_id', '!=', r.toAdvisorId), eb('advisor_pinned', '=', 1)]))
    .executeTakeFirst();
  const cards = await trx
    .updateTable('card_reminders')
    .set({ advisor_id: r.toAdvisorId, updated_at: r.at })
    .where(inList)
    .where('status', 'in', ['to_write', 'written'])
    .where((eb) => eb.or([eb('advisor_id', 'is', null), eb('advisor_id', '!=', r.toAdvisorId)]))
    .executeTakeFirst();
  // Chunked: SQLite limits the variables of one statement.
  for (let i = 0; i < r.customers.length; i += 500) {
    await trx
      .insertInto('customer_assignments')
      .values(
        r.customers.slice(i, i + 500).map((c) => ({
          id: c.assignmentId, store_id: c.storeId, customer_id: c.id, from_advisor_id: c.fromAdvisorId, to_advisor_id: r.toAdvisorId, reason: r.reason,
          by_staff_id: r.byStaffId, at: r.at,
        })),
      )
      .execute();
  }
  return { tasks: Number(tasks.numUpdatedRows), cards: Number(cards.numUpdatedRows) };
}

type AssignmentRow = [string, string, string | null, string | null, string, string | null, string, string, string | null, string];

const toEntry = (r: AssignmentRow): AssignmentEntry => ({
  id: r[0], customerId: r[1], fromAdvisorId: r[2], fromAdvisorName: r[3], toAdvisorId: r[4], toAdvisorName: r[5], reason: r[6], byStaffId: r[7], byStaffName: r[8], at: r[9],
});

/** A customer's recorded advisor changes, newest first. */
export function assignmentsOf(sqlite: BetterSqlite3.Database, customerId: string): AssignmentEntry[] {
  const rows = sqlite
    .prepare(
      `SELECT a.id, a.customer_id, a.from_advisor_id, f.name, a.to_advisor_id, t.name, a.reason, a.by_staff_id, b.name, a.at
       FROM customer_assignments a LEFT JOIN staff f ON f.id = a.from_advisor_id LEFT JOIN staff t ON t.id = a.to_advisor_id LEFT JOIN staff b ON b.id = a.by_staff_id
       WHERE a.customer_id = ? ORDER BY a.at DESC, a.id DESC`,
    )
    .raw()
    .all(customerId) as AssignmentRow[];
  return rows.map(toEntry);
}

/** The customer's follow-ups and finished tasks (newest first, at most `limit` of each) for the history. */
export function workHistoryOf(sqlite: BetterSqlite3.Database, customerId: string, limit: number): CustomerHistoryEntry[] {
  const follow = sqlite
    .prepare(
      `SELECT i.occurred_at, s.name, i.channel, i.outcome, i.note FROM interactions i LEFT JOIN staff s ON s.id = i.staff_id
       WHERE i.customer_id = ? ORDER BY i.occurred_at DESC LIMIT ?`,
    )
    .raw()
    .all(customerId, limit) as [string, string | null, string, string, string | null][];
  const tasks = sqlite
    .prepare(
      `SELECT coalesce(t.completed_at, t.updated_at), s.name, t.rule, t.status, t.outcome, t.skip_reason, t.reason FROM tasks t LEFT JOIN staff s ON s.id = t.completed_by
       WHERE t.customer_id = ? AND t.status IN ('done', 'skipped') ORDER BY 1 DESC LIMIT ?`,
    )
    .raw()
    .all(customerId, limit) as [string, string | null, string, 'done' | 'skipped', string | null, string | null, string][];
  return [
    ...follow.map(([at, staffName, channel, outcome, note]): CustomerHistoryEntry => ({
      kind: 'follow_up', at, staffName, summary: [channel, outcome, note].filter(Boolean).join(' · '), assignment: null, followUp: { channel, outcome, note },
    })),
    ...tasks.map(([at, staffName, rule, status, outcome, skipReason, reason]): CustomerHistoryEntry => ({
      kind: 'task', at, staffName, summary: [rule, status, outcome ?? skipReason].filter(Boolean).join(' · '), assignment: null,
      task: { rule, status, outcome, skipReason, reason: parsedReason(reason) },
    })),
  ];
}

/** A task's stored reason ({ code, ... }); a text that is not one (written by hand) gives none. */
function parsedReason(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
