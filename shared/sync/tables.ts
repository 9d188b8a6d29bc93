/**
 * What syncs, and who wins (ARCHITECTURE.md "Conflicts"). HQ applies a desk's row operations
 * by these policies; the desk applies pulled rows to the same tables.
 *
 * - 'master': HQ is authoritative (dealer-management data). A desk may not insert; it may update
 *   only `deskFields`, last writer wins per field in HQ arrival order. Other fields -> forbidden_field.
 * - 'append': insert only; an existing pk is a duplicate and is ignored (idempotent). Never updated.
 * - 'editable': insert; updates last-writer-wins per field in HQ arrival order.
 * - 'forward': insert or update; `status` only moves forward in `statusOrder` (a later status
 *   never goes back: done stays done), other fields last-writer-wins.
 * - 'hq': written only by HQ (desk ops -> forbidden_table).
 *
 * pk: the column(s) whose values, joined with ':', are the row's key on the wire.
 */
export type SyncPolicy = 'master' | 'append' | 'editable' | 'forward' | 'hq';

export interface SyncedTable {
  table: string;
  pk: readonly string[];
  policy: SyncPolicy;
  /** For 'master': the fields a desk may change. */
  deskFields?: readonly string[];
  /** For 'forward': status values in order; a status may move to one at a later index (same index = equal rank). */
  statusOrder?: readonly (readonly string[])[];
  /** The customer a row belongs to (scope checks: the customer must be in the device's store). */
  customerColumn?: string;
}

export const SYNCED_TABLES: readonly SyncedTable[] = [
  { table: 'stores', pk: ['id'], policy: 'hq' },
  { table: 'staff', pk: ['id'], policy: 'hq' },
  {
    table: 'customers',
    pk: ['id'],
    policy: 'master',
    deskFields: ['marketing_consent', 'consent_recorded_at', 'do_not_contact', 'advisor_id', 'note', 'updated_at'],
    customerColumn: 'id',
  },
  { table: 'vehicles', pk: ['id'], policy: 'hq', customerColumn: 'customer_id' },
  { table: 'visits', pk: ['id'], policy: 'hq', customerColumn: 'customer_id' },
  { table: 'referrals', pk: ['id'], policy: 'hq', customerColumn: 'referrer_customer_id' },
  { table: 'family_members', pk: ['id'], policy: 'editable', customerColumn: 'customer_id' },
  { table: 'customer_channel_consents', pk: ['customer_id', 'channel'], policy: 'editable', customerColumn: 'customer_id' },
  { table: 'preferences', pk: ['id'], policy: 'editable', customerColumn: 'customer_id' },
  { table: 'complaints', pk: ['id'], policy: 'editable', customerColumn: 'customer_id' },
  { table: 'surveys', pk: ['id'], policy: 'append', customerColumn: 'customer_id' },
  { table: 'interactions', pk: ['id'], policy: 'append', customerColumn: 'customer_id' },
  { table: 'points_ledger', pk: ['id'], policy: 'append', customerColumn: 'customer_id' },
  // 'void' is the planner's (a task whose reason is gone) and ranks below a person's outcome: an advisor who completed or
  // skipped the task on a desk that had not yet pulled the void (a 'planner.align' from another desk) is not refused.
  { table: 'tasks', pk: ['id'], policy: 'forward', statusOrder: [['open'], ['void'], ['done', 'skipped']], customerColumn: 'customer_id' },
  {
    table: 'card_reminders',
    pk: ['id'],
    policy: 'forward',
    statusOrder: [['to_write'], ['written'], ['mailed', 'handed_over', 'skipped']],
    customerColumn: 'customer_id',
  },
  { table: 'appointments', pk: ['id'], policy: 'forward', statusOrder: [['booked'], ['arrived', 'cancelled']], customerColumn: 'customer_id' },
  // Store manager (migration 0009): who moved a customer to whom and why; offers and campaigns.
  { table: 'customer_assignments', pk: ['id'], policy: 'append', customerColumn: 'customer_id' },
  { table: 'campaigns', pk: ['id'], policy: 'editable' },
];

const byName = new Map(SYNCED_TABLES.map((t) => [t.table, t]));
export function syncedTable(name: string): SyncedTable | undefined {
  return byName.get(name);
}

/** The wire key of a row: its pk columns' values joined with ':'. */
export function rowKeyOf(table: SyncedTable, row: Record<string, unknown>): string {
  return table.pk.map((c) => String(row[c])).join(':');
}

/** Whether a 'forward' table's status may move from `from` to `to`. */
export function statusMayMove(table: SyncedTable, from: string, to: string): boolean {
  const order = table.statusOrder;
  if (!order) return true;
  const rank = (s: string) => order.findIndex((group) => group.includes(s));
  const a = rank(from);
  const b = rank(to);
  if (a < 0 || b < 0) return false;
  return b > a || from === to;
}
