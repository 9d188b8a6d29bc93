import type BetterSqlite3 from 'better-sqlite3';
import type { Change, MutationResult, RowOp } from '../../../shared/sync/protocol';
import { rowKeyOf, SYNCED_TABLES, syncedTable, type SyncedTable } from '../../../shared/sync/tables';
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

interface InsertShape {
  /** Every key of the rows of this shape, in order (the columns plus any the desk does not have). */
  keys: string[];
  cols: string[];
  insert: BetterSqlite3.Statement;
}
const insertShapes = new WeakMap<BetterSqlite3.Database, Map<string, InsertShape>>();
/** The shape the last row of each table had: rows of a page share one, so most rows skip the lookup. */
const lastShapes = new WeakMap<BetterSqlite3.Database, Map<string, InsertShape>>();

/** Whether the row has exactly these keys in this order (no array built: this runs for every row of an initial sync). */
function hasKeys(row: Row, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in row) if (k !== keys[i++]) return false;
  return i === keys.length;
}

function insertShape(sqlite: BetterSqlite3.Database, table: string, values: Row): InsertShape {
  let last = lastShapes.get(sqlite);
  if (!last) lastShapes.set(sqlite, (last = new Map()));
  const recent = last.get(table);
  if (recent && hasKeys(values, recent.keys)) return recent;
  let shapes = insertShapes.get(sqlite);
  if (!shapes) insertShapes.set(sqlite, (shapes = new Map()));
  const keys = Object.keys(values);
  const shapeKey = `${table}\u0000${keys.join('\u0000')}`;
  let shape = shapes.get(shapeKey);
  if (!shape) {
    const t = known(table);
    const cols = checkedColumns(sqlite, table, values);
    for (const c of t.pk) if (!cols.includes(c)) throw new SyncDataError(`${table} row has no ${c}`);
    shape = { keys, cols, insert: sqlite.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`) };
    shapes.set(shapeKey, shape);
  }
  last.set(table, shape);
  return shape;
}

/**
 * A pulled row into a desk that does not have it yet (the initial sync): one prepared INSERT per
 * row shape (table + the row's keys), no UPDATE first. A row that is there after all (HQ sent it
 * twice: it changed while the initial sync ran) falls back to upsertRow.
 */
export function insertPulledRow(sqlite: BetterSqlite3.Database, table: string, row: Row): void {
  let values = row;
  if (table === 'customers' && typeof row.name === 'string' && (row.name_pinyin === undefined || row.name_initials === undefined)) {
    const py = namePinyin(row.name);
    values = { ...row, name_pinyin: py.full, name_initials: py.initials };
  }
  const shape = insertShape(sqlite, table, values);
  const cols = shape.cols;
  const args = new Array<string | number | bigint | null>(cols.length);
  for (let i = 0; i < cols.length; i++) {
    const v = values[cols[i]!];
    args[i] = typeof v === 'string' || typeof v === 'number' ? v : bind(table, cols[i]!, v);
  }
  try {
    shape.insert.run(args);
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
    upsertRow(sqlite, table, row);
  }
}

/** The customer a vehicle belongs to here now (null: not here): a pulled change may move the car to another owner, or delete it. */
export function localVehicleOwner(sqlite: BetterSqlite3.Database, vehicleId: string): string | null {
  return (cachedStatement(sqlite, 'SELECT customer_id FROM vehicles WHERE id = ?').pluck().get(vehicleId) as string | undefined) ?? null;
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

// ------------------------------------------------------------------ sweep after a full resync

/**
 * While a desk reads the whole store again (cursor_expired -> cursor 0), the key of every row HQ
 * sends is noted in a TEMP table (this connection only, ~3M keys at 100k customers: a resync
 * interrupted by a restart starts again from cursor 0, sync/pull.ts). Then the synced rows HQ did
 * not send are the ones it no longer has.
 */
export function startSeen(sqlite: BetterSqlite3.Database): void {
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS sync_seen (tbl TEXT NOT NULL, pk TEXT NOT NULL, PRIMARY KEY (tbl, pk)) WITHOUT ROWID');
  sqlite.exec('DELETE FROM temp.sync_seen');
}

export function markSeen(sqlite: BetterSqlite3.Database, table: string, pk: string): void {
  cachedStatement(sqlite, 'INSERT OR IGNORE INTO temp.sync_seen (tbl, pk) VALUES (?, ?)').run(table, pk);
}

/** Whether this connection is noting the keys of a resync (startSeen ran and no endSeen since). */
export function seenUnderWay(sqlite: BetterSqlite3.Database): boolean {
  return sqlite.prepare("SELECT count(*) FROM sqlite_temp_master WHERE name = 'sync_seen'").pluck().get() === 1;
}

export function endSeen(sqlite: BetterSqlite3.Database): void {
  sqlite.exec('DROP TABLE IF EXISTS temp.sync_seen');
}

/** Tables the desk's planner fills itself (HQ holds only the rows someone acted on): swept only with their customer. */
const PLANNER_TABLES = new Set(['tasks', 'card_reminders']);
const keyExpr = (t: SyncedTable) => t.pk.map((c) => `CAST(${c} AS TEXT)`).join(" || ':' || ");

/** Synced rows HQ did not send during the resync, by table (planner tables left out), without `keep` (table NUL pk). */
export function unseenRows(sqlite: BetterSqlite3.Database, keep: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of SYNCED_TABLES) {
    if (PLANNER_TABLES.has(t.table)) continue;
    const keys = (sqlite.prepare(`SELECT k FROM (SELECT ${keyExpr(t)} AS k FROM ${t.table}) WHERE k NOT IN (SELECT pk FROM temp.sync_seen WHERE tbl = ?)`).pluck().all(t.table) as string[]).filter(
      (k) => !keep.has(`${t.table}\u0000${k}`),
    );
    if (keys.length > 0) out.set(t.table, keys);
  }
  return out;
}

/**
 * Deletes the unseen rows, children before parents; a swept customer's unseen planner rows go with
 * it. A row something local still refers to (a foreign key) is kept and counted. One transaction.
 */
export function sweepRows(sqlite: BetterSqlite3.Database, unseen: ReadonlyMap<string, string[]>, keep: ReadonlySet<string>): { deleted: number; kept: number } {
  return sqlite.transaction(() => {
    let deleted = 0;
    let kept = 0;
    const gone = new Set(unseen.get('customers') ?? []);
    // The owners of swept cars: their plates leave the search keys too.
    const searchAgain = new Set(gone);
    for (const id of unseen.get('vehicles') ?? []) {
      const owner = localVehicleOwner(sqlite, id);
      if (owner) searchAgain.add(owner);
    }
    for (const t of [...SYNCED_TABLES].reverse()) {
      let keys = unseen.get(t.table) ?? [];
      if (PLANNER_TABLES.has(t.table) && gone.size > 0) {
        keys = (sqlite.prepare(`SELECT id, customer_id FROM ${t.table} WHERE id NOT IN (SELECT pk FROM temp.sync_seen WHERE tbl = ?)`).all(t.table) as { id: string; customer_id: string }[])
          .filter((r) => gone.has(r.customer_id) && !keep.has(`${t.table}\u0000${r.id}`))
          .map((r) => r.id);
      }
      for (const pk of keys) {
        try {
          sqlite.exec('SAVEPOINT sweep_row');
          deleteRow(sqlite, t.table, pk);
          sqlite.exec('RELEASE sweep_row');
          deleted++;
        } catch (error) {
          sqlite.exec('ROLLBACK TO sweep_row');
          sqlite.exec('RELEASE sweep_row');
          if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw error;
          kept++;
        }
      }
    }
    if (searchAgain.size > 0) rebuildSearchKeys(sqlite, searchAgain);
    return { deleted, kept };
  })();
}

// ------------------------------------------------------------------ "accept anyway" for the mass-delete guard

const ACCEPT_KEY = 'sync.accept_refusal';
export interface AcceptedRefusal {
  table: string;
  deletes: number;
}

/**
 * A manager let the next pull apply the page the mass-delete guard refused (exactly that table and
 * number of deletes): kept until a page uses it, with an audit entry of who and when.
 */
export function acceptRefusal(sqlite: BetterSqlite3.Database, refusal: AcceptedRefusal, staffId: string, at: string): void {
  sqlite.transaction(() => {
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(ACCEPT_KEY, JSON.stringify({ table: refusal.table, deletes: refusal.deletes }));
    sqlite
      .prepare("INSERT INTO audit_log (at, staff_id, action, entity, entity_id, detail) VALUES (?, ?, 'update', 'sync_refusal', ?, ?)")
      .run(at, staffId, refusal.table, JSON.stringify({ accepted: true, deletes: refusal.deletes }));
  })();
}

export function acceptedRefusal(sqlite: BetterSqlite3.Database): AcceptedRefusal | null {
  const v = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(ACCEPT_KEY) as string | undefined;
  return v === undefined ? null : (JSON.parse(v) as AcceptedRefusal);
}

export function clearAcceptedRefusal(sqlite: BetterSqlite3.Database): void {
  sqlite.prepare('DELETE FROM settings WHERE key = ?').run(ACCEPT_KEY);
}
