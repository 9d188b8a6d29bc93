import { totalmem } from 'node:os';
import type BetterSqlite3 from 'better-sqlite3';
import { SYNCED_TABLES } from '../../../shared/sync/tables';
import { everySearchKey } from './bulk-keys';
import { forgetSetAside, idleTriggers, makeAgain, nonUniqueIndexes, type SchemaObject, setAside, setAsideUnder } from './set-aside';
import { SyncDataError } from './sync-apply';

/**
 * The initial sync of an empty desk as a bulk load (sync/pull.ts): what is set aside while the
 * store's rows are inserted (secondary indexes, idle triggers, reference checks) and put back,
 * once, at the end.
 */

const BOOTSTRAP_KEY = 'sync.bootstrap_indexes';

/** Whether this desk has nothing a pull would merge with: no store, no customers, nothing waiting to be pushed. */
export function deskIsEmpty(sqlite: BetterSqlite3.Database): boolean {
  return sqlite.prepare('SELECT NOT EXISTS (SELECT 1 FROM stores) AND NOT EXISTS (SELECT 1 FROM customers) AND NOT EXISTS (SELECT 1 FROM outbox)').pluck().get() === 1;
}

/** What an unfinished initial sync dropped (null when none is under way). */
const droppedObjects = (sqlite: BetterSqlite3.Database): SchemaObject[] | null => setAsideUnder(sqlite, BOOTSTRAP_KEY);

export function bootstrapUnderWay(sqlite: BetterSqlite3.Database): boolean {
  return droppedObjects(sqlite) !== null;
}

/**
 * Starts the initial sync of an empty desk as a bulk load, in one transaction, keeping in settings
 * what it drops so a desk stopped half-way still knows what to put back:
 * - the non-unique secondary indexes of the synced tables and search_keys (one sort each at the end
 *   instead of millions of scattered B-tree inserts); unique indexes stay (they guard the data);
 * - their triggers that are switched off by an empty table (set-aside.ts idleTriggers: on an
 *   empty desk none of those tables has a row).
 * Idempotent.
 */
export function beginBootstrap(sqlite: BetterSqlite3.Database): void {
  sqlite.transaction(() => {
    if (droppedObjects(sqlite) !== null) return;
    const tables = [...SYNCED_TABLES.map((t) => t.table), 'search_keys'];
    setAside(sqlite, BOOTSTRAP_KEY, [...nonUniqueIndexes(sqlite, tables), ...idleTriggers(sqlite, tables)]);
  })();
}

/** What finishBootstrap spent its time on (logged by the pull and printed by the initial sync bench). */
export interface BootstrapFinish {
  /** Search keys computed (pinyin, suffixes) and staged, ms; built by a worker (sync/bulk-finish.ts): waited for after the other indexes. */
  keysMs: number;
  /** Staged keys inserted into search_keys in key order, ms; from a worker's file: copied. */
  keysInsertMs: number;
  keys: number;
  /** The references of every row checked (foreign_key_check), ms. */
  referencesMs: number;
  /** Each re-created index and its ms, slowest first. */
  indexes: { name: string; ms: number }[];
}

/**
 * Ends the bulk load, in one transaction: every reference checked (the pages were loaded without
 * checks, bootstrapPragmas: a row referring to one HQ did not send fails the whole load here, and
 * nothing of this step is kept), every customer's search keys built in one pass (everySearchKey), then the dropped indexes and triggers made again. Does nothing
 * (null) when no bulk load is under way.
 *
 * The keys are staged in a TEMP table and inserted into search_keys sorted by its primary key
 * (kind, key, customer_id): appends to the B-tree instead of ~30 scattered inserts per customer.
 */
export function finishBootstrap(sqlite: BetterSqlite3.Database): BootstrapFinish | null {
  return sqlite.transaction((): BootstrapFinish | null => {
    const dropped = droppedObjects(sqlite);
    if (dropped === null) return null;
    const t0 = performance.now();
    checkReferences(sqlite);
    const tRefs = performance.now();
    sqlite.exec('DELETE FROM search_keys');
    sqlite.exec('DROP TABLE IF EXISTS temp.bootstrap_keys');
    sqlite.exec('CREATE TEMP TABLE bootstrap_keys (kind INTEGER NOT NULL, key TEXT NOT NULL, customer_id TEXT NOT NULL)');
    const stage = sqlite.prepare('INSERT INTO temp.bootstrap_keys (kind, key, customer_id) VALUES (?, ?, ?)');
    everySearchKey(sqlite, (kind, key, customerId) => stage.run(kind, key, customerId));
    const t1 = performance.now();
    const keys = sqlite.prepare('INSERT OR IGNORE INTO search_keys (kind, key, customer_id) SELECT kind, key, customer_id FROM temp.bootstrap_keys ORDER BY kind, key, customer_id').run().changes;
    sqlite.exec('DROP TABLE temp.bootstrap_keys');
    const t2 = performance.now();
    const indexes = makeAgain(sqlite, dropped);
    forgetSetAside(sqlite, BOOTSTRAP_KEY);
    return { keysMs: t1 - tRefs, keysInsertMs: t2 - t1, keys, referencesMs: tRefs - t0, indexes };
  })();
}

const ON_SEARCH_KEYS = /\bON\s+"?search_keys"?\s*\(/i;

/** The SQL of the dropped search_keys indexes (made again by the keys file, then copied with it); null when no load is under way. */
export function droppedSearchKeyIndexes(sqlite: BetterSqlite3.Database): string[] | null {
  return droppedObjects(sqlite)?.filter((o) => ON_SEARCH_KEYS.test(o.sql)).map((o) => o.sql) ?? null;
}

/**
 * The first step of a finish whose search keys are built in a worker (sync/bulk-finish.ts), in
 * one transaction: every reference checked, every dropped index and trigger made again except
 * search_keys' indexes (finishWithSearchKeysFile makes them with the keys). Null when no bulk
 * load is under way.
 */
export function rebuildAllButSearchKeys(sqlite: BetterSqlite3.Database): Pick<BootstrapFinish, 'referencesMs' | 'indexes'> | null {
  return sqlite.transaction(() => {
    const dropped = droppedObjects(sqlite);
    if (dropped === null) return null;
    const t0 = performance.now();
    checkReferences(sqlite);
    const referencesMs = performance.now() - t0;
    return { referencesMs, indexes: makeAgain(sqlite, dropped.filter((o) => !ON_SEARCH_KEYS.test(o.sql))) };
  })();
}

/**
 * The last step: the keys file's rows (repos/bulk-keys.ts) into the emptied search_keys with its
 * indexes (SQLite copies the pages: same table and index definitions, empty destination), and the
 * load marked finished, in one transaction. Returns the keys copied.
 */
export function finishWithSearchKeysFile(sqlite: BetterSqlite3.Database, file: string): number {
  sqlite.prepare('ATTACH DATABASE ? AS bulk_keys').run(file);
  try {
    return sqlite.transaction(() => {
      const dropped = droppedObjects(sqlite) ?? [];
      sqlite.exec('DELETE FROM main.search_keys');
      makeAgain(sqlite, dropped.filter((o) => ON_SEARCH_KEYS.test(o.sql)));
      const keys = sqlite.prepare('INSERT INTO main.search_keys SELECT * FROM bulk_keys.search_keys').run().changes;
      forgetSetAside(sqlite, BOOTSTRAP_KEY);
      return keys;
    })();
  } finally {
    sqlite.exec('DETACH DATABASE bulk_keys');
  }
}

/** Every row's references checked at once (~5 s for 3.4M rows); the first broken one is named. */
function checkReferences(sqlite: BetterSqlite3.Database): void {
  const broken = sqlite.prepare('PRAGMA main.foreign_key_check').all() as { table: string; rowid: number; parent: string; fkid: number }[];
  if (broken.length === 0) return;
  const first = broken[0]!;
  const column = (sqlite.prepare(`PRAGMA main.foreign_key_list("${first.table.replace(/"/g, '""')}")`).all() as { id: number; from: string }[]).find((f) => f.id === first.fkid)?.from ?? '?';
  throw new SyncDataError(
    `initial sync: ${broken.length} row(s) refer to rows HQ did not send; the first: ${first.table} row ${first.rowid}, column ${column}, to ${first.parent}`,
  );
}

/** The bootstrap's page cache: an eighth of the machine's memory, at least 256 MiB, at most 1 GiB. */
export function bootstrapCacheBytes(totalMemory: number): number {
  return Math.min(1024 * 1024 * 1024, Math.max(256 * 1024 * 1024, Math.floor(totalMemory / 8)));
}

/**
 * Connection settings while the initial sync loads; returns the restore. A big page cache (the
 * default 2 MiB thrashes on a big store: bootstrapCacheBytes), sorts and TEMP tables in memory (the
 * index and search key builds at the end), a WAL checkpoint every 64 MiB instead of every 4 MiB
 * (each checkpoint syncs the file; a 10,000-row page alone is several MiB), and no reference checks
 * per row: HQ sends rows in the order of their last change, so a page may refer to a row that comes
 * later; finishBootstrap checks every reference once (and HQ need not send parents ahead: deferRefs).
 */
export function bootstrapPragmas(sqlite: BetterSqlite3.Database, totalMemory = totalmem()): () => void {
  const cache = sqlite.pragma('cache_size', { simple: true }) as number;
  const checkpoint = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  const tempStore = sqlite.pragma('temp_store', { simple: true }) as number;
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) as number;
  const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
  sqlite.pragma(`cache_size = -${Math.floor(bootstrapCacheBytes(totalMemory) / 1024)}`);
  // A thousand pages need not each reach the disk: a load cut short by a power cut starts again.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('wal_autocheckpoint = 16384');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('foreign_keys = OFF');
  return () => {
    sqlite.pragma(`cache_size = ${cache}`);
    sqlite.pragma(`wal_autocheckpoint = ${checkpoint}`);
    sqlite.pragma(`temp_store = ${tempStore}`);
    sqlite.pragma(`foreign_keys = ${foreignKeys}`);
    sqlite.pragma(`synchronous = ${synchronous}`);
  };
}
