import type BetterSqlite3 from 'better-sqlite3';

/**
 * Bulk-load phase of the generator, inside its one transaction:
 * - secondary indexes are dropped and rebuilt at the end from their own stored SQL
 *   (one sort each instead of millions of random B-tree inserts);
 * - the biggest tables are first appended to unindexed temp staging tables, then
 *   moved into place in primary-key order, so their key indexes grow at the right edge.
 * A failure rolls the transaction back, indexes included; staging tables are temp.
 */
export const STAGED = {
  // Dependency order: surveys and points reference visits.
  visits: 'id',
  surveys: 'id',
  points_ledger: 'id',
  search_keys: 'kind, key, customer_id',
} as const;
export type StagedTable = keyof typeof STAGED;

export function stageOf(table: StagedTable): string {
  return `temp.demo_stage_${table}`;
}

export interface BulkLoad {
  /** Moves staged rows into place and rebuilds the indexes. */
  finish(): void;
}

export function beginBulkLoad(sqlite: BetterSqlite3.Database): BulkLoad {
  const indexes = sqlite
    .prepare(`SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`)
    .all() as { name: string; sql: string }[];
  for (const index of indexes) sqlite.exec(`DROP INDEX main."${index.name.replace(/"/g, '""')}"`);
  const tables = Object.keys(STAGED) as StagedTable[];
  for (const table of tables) {
    sqlite.exec(`DROP TABLE IF EXISTS ${stageOf(table)}`);
    sqlite.exec(`CREATE TEMP TABLE ${stageOf(table).slice('temp.'.length)} AS SELECT * FROM main.${table} WHERE 0`);
  }
  return {
    finish() {
      for (const table of tables) {
        console.time('move ' + table);
        sqlite.exec(`INSERT INTO main.${table} SELECT * FROM ${stageOf(table)} ORDER BY ${STAGED[table]}`);
        sqlite.exec(`DROP TABLE ${stageOf(table)}`);
        console.timeEnd('move ' + table);
      }
      console.time('indexes');
      for (const index of indexes) sqlite.exec(index.sql);
      console.timeEnd('indexes');
    },
  };
}

/** Connection settings for the bulk load; returns a function restoring the previous ones. */
export function tuneForBulkLoad(sqlite: BetterSqlite3.Database, customers: number): () => void {
  const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  const tempStore = sqlite.pragma('temp_store', { simple: true }) as number;
  sqlite.pragma('synchronous = OFF');
  if (process.env.JM) sqlite.pragma('journal_mode = ' + process.env.JM);
  if (process.env.THREADS) sqlite.pragma('threads = ' + process.env.THREADS);
  sqlite.pragma('temp_store = MEMORY');
  // About 12 KiB of pages per customer, capped at 1 GiB (negative = KiB).
  sqlite.pragma(`cache_size = ${-Math.min(4 << 20, Math.max(2000, customers * 30))}`);
  return () => {
    sqlite.pragma(`cache_size = ${cacheSize}`);
    sqlite.pragma(`temp_store = ${tempStore}`);
    sqlite.pragma(`synchronous = ${synchronous}`);
  };
}
