import type BetterSqlite3 from 'better-sqlite3';
import { dropSchemaObjects, idleTriggers, makeAgain, triggerIsIdle } from '../repos/set-aside';

/**
 * Bulk-load support for the generator. Rows of the big tables arrive in primary
 * key (time) order, so their key indexes grow at the right edge. Secondary indexes
 * that would take scattered inserts are dropped and rebuilt from their own stored
 * SQL at the end: one sort each instead of millions of random B-tree inserts. Triggers
 * switched off by an empty table (set-aside.ts idleTriggers: in a new store they all are,
 * except the tier history's) are dropped too and made again at the end: each cost a check
 * per row written. This runs inside the generation's transaction, so a failure restores
 * them too.
 */

/**
 * The column each table's rows arrive in order of: visits, points and surveys day by
 * day; a customer's vehicles customer by customer, customers by id (search keys are
 * staged and inserted in their key's order at the end: statements.ts).
 * An index led by that column (after store_id, the same in every row) grows at its
 * right edge: cheaper to keep than to rebuild.
 */
const WRITE_ORDER: Record<string, string> = {
  visits: 'visit_date',
  points_ledger: 'entry_date',
  surveys: 'surveyed_on',
  customers: 'id',
  vehicles: 'customer_id',
};

export function setAsideForBulkLoad(sqlite: BetterSqlite3.Database): () => void {
  const indexes = (
    sqlite.prepare(`SELECT name, tbl_name AS tbl, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all() as {
      name: string;
      tbl: string;
      sql: string;
    }[]
  ).filter((index) => {
    const columns = (sqlite.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(index.name) as { name: string | null }[])
      .map((c) => c.name)
      .filter((name) => name !== 'store_id');
    return WRITE_ORDER[index.tbl] === undefined || columns[0] !== WRITE_ORDER[index.tbl];
  });
  const triggers = idleTriggers(sqlite);
  dropSchemaObjects(sqlite, [...indexes, ...triggers]);
  return () => {
    makeAgain(sqlite, indexes);
    // Still idle: the load writes none of the switch tables (else the triggers would have had work to do).
    const woken = triggers.filter((t) => !triggerIsIdle(sqlite, t)).map((t) => t.name);
    if (woken.length > 0) throw new Error(`The demo load switched on triggers it had set aside (${woken.join(', ')}); nothing was written.`);
    makeAgain(sqlite, triggers);
  };
}

/**
 * Connection settings for the bulk load; returns a function restoring the previous
 * ones. No fsync; foreign keys not enforced while loading (rows are written in
 * batches, children can precede their parents' batch; the tests check integrity
 * with PRAGMA foreign_key_check); a 256 MiB page cache (bigger only costs page
 * faults: the big tables are appended); and a rollback journal instead of WAL, so
 * the new store is written to disk once rather than twice. Must be called outside
 * a transaction (these pragmas are ignored inside one).
 */
export function tuneForBulkLoad(sqlite: BetterSqlite3.Database, customers: number): () => void {
  const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) as number;
  const journal = String(sqlite.pragma('journal_mode', { simple: true }));
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma(`cache_size = ${-Math.min(256 * 1024, Math.max(8 * 1024, customers * 4))}`); // KiB
  let leftWal = false;
  if (journal === 'wal') {
    try {
      // Refused while another connection reads the file: then the load simply stays in WAL.
      leftWal = String(sqlite.pragma('journal_mode = DELETE', { simple: true })) === 'delete';
    } catch {
      leftWal = false;
    }
  }
  return () => {
    try {
      if (leftWal) sqlite.pragma('journal_mode = WAL');
    } catch {
      // Another connection holds the file now; openDatabase puts it back in WAL on its next open.
    }
    sqlite.pragma(`cache_size = ${cacheSize}`);
    sqlite.pragma(`foreign_keys = ${foreignKeys}`);
    sqlite.pragma(`synchronous = ${synchronous}`);
  };
}
