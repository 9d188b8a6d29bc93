import type BetterSqlite3 from 'better-sqlite3';
import type { Change, MutationResult, RowOp } from '../../../shared/sync/protocol';
import { rowKeyOf, syncedTable, type SyncedTable } from '../../../shared/sync/tables';
import { namePinyin, searchKeysFor } from '../search/keys';
import { outboxEntry, settleRejected } from './outbox';
import { cachedStatement } from './statements';

/**
 * SQL of the sync client (electron/core/sync): rows pulled from HQ, local row operations replayed,
 * rejections recorded. Everything here runs inside the caller's better-sqlite3 transaction.
 * Table names come from shared/sync/tables.ts and column names are checked against the table's real
 * columns, so nothing from the wire is ever spliced into SQL unchecked.
 */

type Row = Record<string, unknown>;
const columnCache = new WeakMap<BetterSqlite3.Database, Map<string, Set<string>>>();

export function tableColumns(sqlite: BetterSqlite3.Database, table: string): Set<string> {
  let byTable = columnCache.get(sqlite);
  if (!byTable) columnCache.set(sqlite, (byTable = new Map()));
  let cols = byTable.get(table);
  if (!cols) {
    cols = new Set((sqlite.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
    byTable.set(table, cols);
  }
  return cols;
}


export class SyncDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncDataError';
  }
}

function known(table: string): SyncedTable {
  const t = syncedTable(table);
  if (!t) throw new SyncDataError(`table ${table} does not sync`);
  return t;
}

function checkedColumns(sqlite: BetterSqlite3.Database, table: string, row: Row): string[] {
  const cols = tableColumns(sqlite, table);
  const names = Object.keys(row).filter((c) => cols.has(c));
  return names;
}

/** SQLite binds numbers, strings, null; booleans become 0/1; objects (never expected) are refused. */
function bind(table: string, col: string, v: unknown): string | number | bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'bigint') return v;
  throw new SyncDataError(`${table}.${col} has a value SQLite cannot store: ${JSON.stringify(v)}`);
}

function pkWhere(t: SyncedTable): string {
  return t.pk.map((c) => `${c} = ?`).join(' AND ');
}

function pkValues(t: SyncedTable, pk: string): string[] {
  const parts = t.pk.length === 1 ? [pk] : pk.split(':');
  if (parts.length !== t.pk.length) throw new SyncDataError(`${t.table} key ${pk} does not have ${t.pk.length} parts`);
  return parts;
}

/** Inserts the row, or replaces the columns it carries when the key exists (a pulled row). */
export function upsertRow(sqlite: BetterSqlite3.Database, table: string, row: Row): void {
  const t = known(table);
  let values = row;
  if (table === 'customers' && typeof row.name === 'string' && (row.name_pinyin === undefined || row.name_initials === undefined)) {
    const py = namePinyin(row.name);
    values = { ...row, name_pinyin: py.full, name_initials: py.initials };
  }
  const cols = checkedColumns(sqlite, table, values);
  for (const c of t.pk) if (!cols.includes(c)) throw new SyncDataError(`${table} row has no ${c}`);
  const update = cols.filter((c) => !t.pk.includes(c));
  // UPDATE, then INSERT when there was no row. Not an UPSERT (INSERT ... ON CONFLICT DO UPDATE): its
  // conflict handling overrides the INSERT OR REPLACE inside the planner_wake / customer_status triggers,
  // which then fail with a UNIQUE error for a customer already marked.
  const pkArgs = t.pk.map((c) => bind(table, c, values[c]));
  if (update.length > 0) {
    const changed = cachedStatement(sqlite, `UPDATE ${table} SET ${update.map((c) => `${c} = ?`).join(', ')} WHERE ${pkWhere(t)}`).run(...update.map((c) => bind(table, c, values[c])), ...pkArgs).changes;
    if (changed > 0) return;
  } else if (cachedStatement(sqlite, `SELECT 1 FROM ${table} WHERE ${pkWhere(t)}`).get(...pkArgs)) {
    return;
  }
  cachedStatement(sqlite, `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => bind(table, c, values[c])));
}

export function deleteRow(sqlite: BetterSqlite3.Database, table: string, pk: string): void {
  const t = known(table);
  cachedStatement(sqlite, `DELETE FROM ${table} WHERE ${pkWhere(t)}`).run(...pkValues(t, pk));
}

/** Replays one local row operation (an insert, an update of its fields, a delete) on this database. */
export function applyRowOp(sqlite: BetterSqlite3.Database, op: RowOp): void {
  if (op.op === 'insert') {
    upsertRow(sqlite, op.table, op.row);
    return;
  }
  if (op.op === 'delete') {
    deleteRow(sqlite, op.table, op.pk);
    return;
  }
  const t = known(op.table);
  const cols = checkedColumns(sqlite, op.table, op.fields).filter((c) => !t.pk.includes(c));
  if (cols.length === 0) return;
  cachedStatement(sqlite, `UPDATE ${op.table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE ${pkWhere(t)}`).run(...cols.map((c) => bind(op.table, c, op.fields[c])), ...pkValues(t, op.pk));
}

/**
 * Undoes a refused local row operation: an inserted row is deleted, a deleted row comes back, updated
 * fields go back to their base where nobody changed them since.
 */
export function undoRowOp(sqlite: BetterSqlite3.Database, op: RowOp): void {
  const t = known(op.table);
  if (op.op === 'delete') {
    upsertRow(sqlite, op.table, op.row);
    return;
  }
  if (op.op === 'insert') {
    cachedStatement(sqlite, `DELETE FROM ${op.table} WHERE ${pkWhere(t)}`).run(...pkValues(t, op.pk));
    return;
  }
  const cols = checkedColumns(sqlite, op.table, op.base).filter((c) => !t.pk.includes(c));
  for (const c of cols) {
    cachedStatement(sqlite, `UPDATE ${op.table} SET ${c} = ? WHERE ${pkWhere(t)} AND ${c} IS ?`).run(bind(op.table, c, op.base[c]), ...pkValues(t, op.pk), bind(op.table, c, op.fields[c]));
  }
}

/** The customer a pulled change belongs to, for search keys and re-planning. */
export function customerOf(change: Change): string | null {
  const t = syncedTable(change.table);
  if (!t?.customerColumn) return null;
  if (change.row && typeof change.row[t.customerColumn] === 'string') return change.row[t.customerColumn] as string;
  if (t.customerColumn === 'id') return change.pk;
  return null;
}

/** Rows per table, for the mass-delete guard. */
export function tableRowCount(sqlite: BetterSqlite3.Database, table: string): number {
  known(table);
  return sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

/** Rebuilds the front-desk search keys of these customers from their name, phones and live plates. */
export function rebuildSearchKeys(sqlite: BetterSqlite3.Database, customerIds: Iterable<string>): void {
  const getCustomer = sqlite.prepare('SELECT name, phone, phone2, deleted_at FROM customers WHERE id = ?');
  const plates = sqlite.prepare('SELECT plate FROM vehicles WHERE customer_id = ? AND deleted_at IS NULL').pluck();
  const drop = sqlite.prepare('DELETE FROM search_keys WHERE customer_id = ?');
  const add = sqlite.prepare('INSERT OR IGNORE INTO search_keys (kind, key, customer_id) VALUES (?, ?, ?)');
  for (const id of customerIds) {
    drop.run(id);
    const c = getCustomer.get(id) as { name: string; phone: string; phone2: string | null; deleted_at: string | null } | undefined;
    if (!c || c.deleted_at) continue;
    const keys = searchKeysFor({ name: c.name, phones: [c.phone, c.phone2].filter((p): p is string => !!p), plates: plates.all(id) as string[] });
    for (const k of keys) add.run(k.kind, k.key, id);
  }
}

/**
 * Records what HQ refused (the "needs attention" list), settles the outbox entry as rejected and
 * undoes its row operations at this desk (HQ does not have them; keeping them would leave this desk
 * differing from HQ for good). Idempotent: a rejection seen twice (push answer and pull) is one row.
 * Returns the rejections that were new.
 */
export function recordRejections(sqlite: BetterSqlite3.Database, results: readonly MutationResult[], at: string): number {
  const exists = sqlite.prepare('SELECT 1 FROM sync_rejections WHERE mutation_id = ?').pluck();
  const insert = sqlite.prepare('INSERT INTO sync_rejections (id, mutation_id, name, args, code, message, received_at, resolved_at, details) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)');
  let added = 0;
  for (const r of results) {
    if (r.status !== 'rejected' || exists.get(r.id)) continue;
    const entry = outboxEntry(sqlite, r.id);
    let undone = false;
    if (entry && !entry.ops.length) undone = true;
    else if (entry) {
      try {
        sqlite.transaction(() => {
          for (const op of [...entry.ops].reverse()) if (syncedTable(op.table)) undoRowOp(sqlite, op);
        })();
        undone = true;
      } catch {
        undone = false; // e.g. a later local row refers to it: it stays, the list says so
      }
    }
    insert.run(`m${r.id}`, r.id, entry?.name ?? 'unknown', JSON.stringify(entry?.args ?? {}), r.code ?? 'invalid_row', r.message ?? '', at, JSON.stringify({ ...(r.details ?? {}), undone }));
    settleRejected(sqlite, r.id, at);
    added++;
  }
  return added;
}

export interface AttentionRow {
  id: string;
  mutation_id: number;
  name: string;
  args: string;
  code: string;
  message: string;
  received_at: string;
  resolved_at: string | null;
  details: string | null;
}

export function openRejections(sqlite: BetterSqlite3.Database): AttentionRow[] {
  return sqlite.prepare('SELECT * FROM sync_rejections WHERE resolved_at IS NULL ORDER BY mutation_id').all() as AttentionRow[];
}

export function resolveRejection(sqlite: BetterSqlite3.Database, id: string, at: string): boolean {
  return sqlite.prepare('UPDATE sync_rejections SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL').run(at, id).changes > 0;
}

export { rowKeyOf };
