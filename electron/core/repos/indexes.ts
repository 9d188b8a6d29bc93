import type BetterSqlite3 from 'better-sqlite3';

/**
 * Whether this database has every one of these indexes. Readers that lean on an index pick a
 * plainer statement without it: an older schema, or a bulk load that set indexes aside (set-aside.ts).
 */
export function hasIndexes(sqlite: BetterSqlite3.Database, ...names: string[]): boolean {
  const found = sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN (SELECT value FROM json_each(?))`).pluck().get(JSON.stringify(names)) as number;
  return found === new Set(names).size;
}

/**
 * ` INDEXED BY name` while the index is there, else '' (SQLite picks another way). A reader the
 * front desk calls must not fail while a store's first plan or a bulk load has set the index
 * aside for a while (planner-bulk.ts, bulk-load.ts): its answer is the same, only slower.
 */
export function indexedBy(sqlite: BetterSqlite3.Database, name: string): string {
  return hasIndexes(sqlite, name) ? ` INDEXED BY ${name}` : '';
}
