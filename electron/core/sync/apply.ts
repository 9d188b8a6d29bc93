import type BetterSqlite3 from 'better-sqlite3';
import { RULES_CONFIG_TABLE, type PullResponse, type RowOp } from '../../../shared/sync/protocol';
import { syncedTable } from '../../../shared/sync/tables';
import { settleUpTo, unsettledOutbox } from '../repos/outbox';
import { acceptedRefusal, applyRowOp, clearAcceptedRefusal, customerOf, deleteRow, insertPulledRow, localVehicleOwner, markSeen, rebuildSearchKeys, recordRejections, SyncDataError, tableRowCount, upsertRow } from '../repos/sync-apply';
import { saveRules } from '../repos/rules';
import { readCursor, writeCursor } from '../repos/sync-state';

export interface GuardOptions {
  /** A page may delete at most this share of a table's local rows (default 0.3). */
  maxDeleteShare: number;
  /** Pages deleting fewer rows than this are never refused (small tables; default 50). */
  minDeletes: number;
}
export const DEFAULT_GUARD: GuardOptions = { maxDeleteShare: 0.3, minDeletes: 50 };

export type PageOutcome =
  | { ok: true; applied: number; customers: string[]; cursor: number; rejected: number; rulesChanged: boolean }
  | { ok: false; reason: 'mass_delete'; table: string; deletes: number; rows: number };

/**
 * Applies one pull page: every change, the settlement of pushed mutations, new rejections and the new
 * cursor, in ONE SQLite transaction. Any error (a bad row, a constraint) rolls everything back: the old
 * cursor stays and no row of the page is written; the page is fetched again next time.
 *
 * Rows with an unsettled local mutation keep the local intent: the server row is applied, then the
 * pending operations' fields are applied on top, until HQ settles the mutation (and its own row,
 * which includes it, arrives in a later page).
 */
export interface ApplyOptions {
  /**
   * The initial sync of an empty desk (beginBootstrap): rows are INSERTed (upsert only for a row
   * sent twice) and search keys are left to finishBootstrap, built once for everyone.
   */
  bootstrap?: boolean;
  /** A resync from cursor 0 (cursor_expired): note every key HQ sends, for the sweep at its end (repos/sync-apply markSeen). */
  markSeen?: boolean;
}

export function applyPullPage(sqlite: BetterSqlite3.Database, page: PullResponse, at: string, guard: GuardOptions = DEFAULT_GUARD, options: ApplyOptions = {}): PageOutcome {
  const bootstrap = options.bootstrap === true;
  // Mass-delete guard (Joplin's fail-safe): checked before anything is written.
  const deletes = new Map<string, number>();
  // Not while an empty desk loads its store: every row it has came from HQ in this load (tombstones HQ
  // still holds would otherwise trip it against a table with nothing in it yet).
  if (!bootstrap) for (const c of page.changes) if (c.op === 'delete') deletes.set(c.table, (deletes.get(c.table) ?? 0) + 1);
  // A manager accepted exactly this refusal (sync.acceptRefused): that table's deletes pass once.
  const accepted = deletes.size > 0 ? acceptedRefusal(sqlite) : null;
  let usedAcceptance = false;
  for (const [table, n] of deletes) {
    if (!syncedTable(table)) continue; // refused below with a clear error
    const rows = tableRowCount(sqlite, table);
    if (n >= guard.minDeletes && n > guard.maxDeleteShare * rows) {
      if (accepted?.table === table && accepted.deletes === n) usedAcceptance = true;
      else return { ok: false, reason: 'mass_delete', table, deletes: n, rows };
    }
  }

  return sqlite.transaction((): PageOutcome => {
    if (readCursor(sqlite) > page.cursor) throw new SyncDataError(`HQ answered with cursor ${page.cursor}, behind this desk's ${readCursor(sqlite)}`);
    // Settle first (foreign keys still immediate, so an undo that would orphan a row is refused and kept).
    const rejected = recordRejections(sqlite, page.rejections, at);
    settleUpTo(sqlite, page.lastMutationId, at);

    const pending = new Map<string, RowOp[]>();
    for (const e of unsettledOutbox(sqlite)) {
      for (const op of e.ops) {
        const key = `${op.table}\u0000${op.pk}`;
        const list = pending.get(key);
        if (list) list.push(op);
        else pending.set(key, [op]);
      }
    }

    // A page is consistent only as a whole (a visit may come before its vehicle): check references at commit.
    sqlite.pragma('defer_foreign_keys = ON');
    const customers = new Set<string>();
    const searchCustomers = new Set<string>();
    const protectedKeys = new Set<string>();
    let rulesChanged = false;
    for (const change of page.changes) {
      if (change.table === RULES_CONFIG_TABLE) {
        // The rules config HQ publishes (global scope): kept in settings, validated first. One that does
        // not validate is not stored (the desk keeps the config it has) and is logged for support.
        const saved = change.op === 'upsert' && change.row ? saveRules(sqlite, change.row.config) : null;
        if (saved?.ok) rulesChanged = true;
        else console.warn(`[sync] rules config of change ${change.seq} not applied`, saved && !saved.ok ? saved.field : change.op);
        continue;
      }
      const table = syncedTable(change.table);
      if (!table) throw new SyncDataError(`change ${change.seq}: table ${change.table} does not sync`);
      if (options.markSeen && change.op === 'upsert') markSeen(sqlite, change.table, change.pk);
      // A car sold on to another customer (or deleted): its plate leaves its former owner's search keys, or
      // the front desk typing the plate found the previous owner too, with their preferences.
      const formerOwner = !bootstrap && change.table === 'vehicles' ? localVehicleOwner(sqlite, change.pk) : null;
      if (formerOwner) searchCustomers.add(formerOwner);
      if (change.op === 'upsert') {
        if (!change.row || typeof change.row !== 'object') throw new SyncDataError(`change ${change.seq}: an upsert of ${change.table} ${change.pk} without a row`);
        if (bootstrap) insertPulledRow(sqlite, change.table, change.row);
        else upsertRow(sqlite, change.table, change.row);
      } else {
        deleteRow(sqlite, change.table, change.pk);
      }
      const customer = customerOf(change);
      if (customer) {
        customers.add(customer);
        if (!bootstrap && (change.table === 'customers' || change.table === 'vehicles')) searchCustomers.add(customer);
      }
      const key = `${change.table}\u0000${change.pk}`;
      if (pending.has(key)) protectedKeys.add(key);
    }
    for (const key of protectedKeys) {
      for (const op of pending.get(key)!) {
        // Local intent wins until settled: an insert's whole row, an update's fields.
        applyRowOp(sqlite, op);
      }
    }
    rebuildSearchKeys(sqlite, searchCustomers);
    if (usedAcceptance) clearAcceptedRefusal(sqlite);
    writeCursor(sqlite, page.cursor, at);
    return { ok: true, applied: page.changes.length, customers: [...customers], cursor: page.cursor, rejected, rulesChanged };
  })();
}
