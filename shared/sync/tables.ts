/**
 * What syncs, and who wins (ARCHITECTURE.md "Conflicts"). HQ applies a desk's row operations
 * by these policies; the desk applies pulled rows to the same tables.
 *
 * - 'master': HQ is authoritative (dealer-management data). A desk may not insert; it may update
 *   only `deskFields`, last writer wins per field in HQ arrival order. Other fields -> forbidden_field.
 * - 'append': insert only; an existing pk is a duplicate and is ignored (idempotent). Never updated.
 * - 'editable': insert; updates last-writer-wins per field in HQ arrival order.
 * - 'forward': insert or update; `status` only moves forward in `statusOrder` (a later status
 *   never goes back: done stays done), other fields last-writer-wins. A status the planner sets
 *   ranks below every outcome of a person (`plannerStatus`, tasks' 'void').
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
  /**
   * For 'forward': a status the planner gives a row, told from a person's same status by `field` = `value`
   * (a card the planner lapsed: skipped, skip_reason 'lapsed'). It ranks just below the group of `below`,
   * so a person's outcome from `below` on moves the row past it; the update that does so clears `field`
   * unless it sets it (forwardUpdate).
   */
  plannerStatus?: { status: string; field: string; value: string; below: string };
  /** For 'forward': fields an update moving the row to a status clears unless it sets them (a task done over a skip loses its skip reason). */
  clearedBy?: Readonly<Record<string, readonly string[]>>;
  /** The customer a row belongs to (scope checks: the customer must be in the device's store). */
  customerColumn?: string;
  /**
   * Columns the desk's schema holds unique besides the pk (rows with a NULL among them excepted, as
   * SQLite does): HQ refuses a new row that repeats another's (`invalid_row`), or every desk's pull
   * would fail on that constraint for good. electron/core/db/unique-keys.test.ts checks the schema.
   */
  uniqueKey?: readonly string[];
  /**
   * For 'editable': a change made before the one HQ holds (its `updated_at` earlier) is stale and
   * left out: HQ keeps its row and sends it again. Whole-row marks whose latest word is what counts
   * (a rainy day cleared at 11:00 is not marked again by a desk that comes online at noon with its
   * 9:00 mark). By the desks' clocks.
   */
  newestWins?: boolean;
}

export const SYNCED_TABLES: readonly SyncedTable[] = [
  { table: 'stores', pk: ['id'], policy: 'hq' },
  { table: 'staff', pk: ['id'], policy: 'hq' },
  {
    table: 'customers',
    pk: ['id'],
    policy: 'master',
    deskFields: ['marketing_consent', 'consent_recorded_at', 'consent_recorded_by', 'do_not_contact', 'advisor_id', 'note', 'updated_at'],
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
  // 'done' ranks above 'skipped': a contact made on one desk stands over a skip on another (refusing it threw its
  // follow-up log away), while a skip after a contact is refused.
  {
    table: 'tasks', pk: ['id'], policy: 'forward', statusOrder: [['open'], ['void'], ['skipped'], ['done']], customerColumn: 'customer_id',
    uniqueKey: ['customer_id', 'rule', 'occurrence'],
    clearedBy: { done: ['skip_reason'] },
  },
  {
    table: 'card_reminders',
    pk: ['id'],
    policy: 'forward',
    statusOrder: [['to_write'], ['written'], ['mailed', 'handed_over', 'skipped']],
    // The planner's lapse (an occasion passed unwritten) ranks below 'written': a card an advisor wrote late on a desk
    // that had not yet pulled another desk's lapse (a 'planner.align') is not refused.
    plannerStatus: { status: 'skipped', field: 'skip_reason', value: 'lapsed', below: 'written' },
    customerColumn: 'customer_id',
    uniqueKey: ['customer_id', 'occasion', 'subject_id', 'occasion_date'],
  },
  { table: 'appointments', pk: ['id'], policy: 'forward', statusOrder: [['booked'], ['arrived', 'cancelled']], customerColumn: 'customer_id' },
  // Store manager (migration 0009): who moved a customer to whom and why; offers and campaigns.
  { table: 'customer_assignments', pk: ['id'], policy: 'append', customerColumn: 'customer_id' },
  { table: 'campaigns', pk: ['id'], policy: 'editable' },
  // A day marked rainy (migration 0021): every desk of the store has umbrellas ready for its visitors.
  { table: 'store_days', pk: ['store_id', 'date'], policy: 'editable', newestWins: true },
  // Automatic messages (migration 0030): planned and sent by HQ only, every desk pulls the log.
  { table: 'auto_messages', pk: ['id'], policy: 'hq', customerColumn: 'customer_id' },
];

const byName = new Map(SYNCED_TABLES.map((t) => [t.table, t]));
export function syncedTable(name: string): SyncedTable | undefined {
  return byName.get(name);
}

/** The wire key of a row: its pk columns' values joined with ':'. */
export function rowKeyOf(table: SyncedTable, row: Record<string, unknown>): string {
  return table.pk.map((c) => String(row[c])).join(':');
}

/** What a 'forward' rank reads of a row: its status, and the field that tells the planner's status apart. */
export type StatusRow = Readonly<Record<string, unknown>>;

/** Whether a row has the planner's own status (SyncedTable.plannerStatus). */
function hasPlannerStatus(table: SyncedTable, row: StatusRow): boolean {
  const p = table.plannerStatus;
  return p !== undefined && row.status === p.status && row[p.field] === p.value;
}

/**
 * A row's rank in a 'forward' table's statusOrder (higher = further on; -1: not one of its statuses).
 * Ranks are doubled so the planner's status fits just below its `below` group.
 */
export function statusRank(table: SyncedTable, row: StatusRow): number {
  const order = table.statusOrder ?? [];
  const index = (s: unknown) => order.findIndex((group) => group.includes(s as string));
  if (typeof row.status !== 'string' || index(row.status) < 0) return -1;
  if (hasPlannerStatus(table, row)) return 2 * index(table.plannerStatus!.below) - 1;
  return 2 * index(row.status);
}

/** Whether a 'forward' table's row may move from status `from` to `to` (rows: the planner's status is told by another field). */
export function statusMayMove(table: SyncedTable, from: StatusRow, to: StatusRow): boolean {
  if (!table.statusOrder) return true;
  const a = statusRank(table, from);
  const b = statusRank(table, to);
  if (a < 0 || b < 0) return false;
  return b > a || (a === b && from.status === to.status);
}

/** A 'forward' row after an update: a person's outcome over the planner's status drops its mark (a lapsed card written late is not 'lapsed'). */
export function forwardUpdate(table: SyncedTable, existing: StatusRow, fields: StatusRow): Record<string, unknown> {
  const next: Record<string, unknown> = { ...existing, ...fields };
  const p = table.plannerStatus;
  if (p && hasPlannerStatus(table, existing) && !hasPlannerStatus(table, next) && !(p.field in fields)) next[p.field] = null;
  const status = fields.status;
  if (typeof status === 'string' && status !== existing.status) for (const f of table.clearedBy?.[status] ?? []) if (!(f in fields)) next[f] = null;
  return next;
}
