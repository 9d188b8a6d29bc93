import type { RowOp } from '../../../shared/sync/protocol';
import { rowKeyOf, syncedTable } from '../../../shared/sync/tables';

/** One row the capture triggers of migration 0008 copied (OLD and NEW as JSON text). */
export interface CapturedRow {
  tbl: string;
  op: 'insert' | 'update' | 'delete';
  old: string | null;
  new: string | null;
}

type Row = Record<string, unknown>;

/**
 * The row operations of one mutation from what the triggers captured, in order of each row's first
 * change. Several changes to one row become one op: an insert then updates is one insert of the final
 * row (an insert then a delete, nothing); updates are one update whose fields are the columns that
 * differ between the first OLD and the last NEW (base = their first OLD values); a row that existed
 * and was deleted is one delete carrying the row as it was before the mutation. An update that changed
 * nothing is left out.
 */
export function capturedToOps(captured: readonly CapturedRow[]): RowOp[] {
  const byRow = new Map<string, { table: string; pk: string; inserted: boolean; deleted: boolean; first: Row; last: Row }>();
  for (const c of captured) {
    const table = syncedTable(c.tbl);
    if (!table) throw new Error(`captured a write to ${c.tbl}, which is not a synced table`);
    const next = c.new === null ? null : (JSON.parse(c.new) as Row);
    const before = c.old === null ? null : (JSON.parse(c.old) as Row);
    const any = (before ?? next)!;
    const pk = rowKeyOf(table, any);
    if (before && next && rowKeyOf(table, next) !== pk) throw new Error(`a mutation changed the primary key of ${c.tbl} ${pk}; sync cannot carry that`);
    const key = `${c.tbl}\u0000${pk}`;
    const seen = byRow.get(key);
    if (seen) {
      seen.deleted = c.op === 'delete';
      if (next) seen.last = next;
    } else {
      byRow.set(key, { table: c.tbl, pk, inserted: c.op === 'insert', deleted: c.op === 'delete', first: before ?? next!, last: next ?? before! });
    }
  }
  const ops: RowOp[] = [];
  for (const r of byRow.values()) {
    if (r.deleted) {
      if (!r.inserted) ops.push({ op: 'delete', table: r.table, pk: r.pk, row: r.first });
      continue;
    }
    if (r.inserted) {
      ops.push({ op: 'insert', table: r.table, pk: r.pk, row: r.last });
      continue;
    }
    const fields: Row = {};
    const base: Row = {};
    for (const [col, value] of Object.entries(r.last)) {
      if (r.first[col] !== value) {
        fields[col] = value;
        base[col] = r.first[col] ?? null;
      }
    }
    if (Object.keys(fields).length > 0) ops.push({ op: 'update', table: r.table, pk: r.pk, fields, base, row: r.last });
  }
  return ops;
}
