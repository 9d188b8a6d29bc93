import type BetterSqlite3 from 'better-sqlite3';

/**
 * A store's first plan (no task and no card yet) inserts ~185k rows at 100k customers into the
 * tasks and card_reminders indexes, scattered: their non-unique secondary indexes are dropped for
 * it and built once at the end (one sort each: first plan 9.4 -> 5.7 s, the rebuild 0.4 s of it).
 * Unique indexes stay (INSERT OR IGNORE relies on them). The dropped SQL is kept in settings in the
 * same transaction, so a run stopped or crashed half-way still gets its indexes back.
 */
const KEY = 'planner.bulk_indexes';
const TABLES = ['tasks', 'card_reminders'];

/** Drops the indexes when both tables are empty; whether it did. */
export function dropPlannedIndexesIfEmpty(sqlite: BetterSqlite3.Database): boolean {
  return sqlite.transaction(() => {
    if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(KEY) !== undefined) return true; // dropped by a run that did not finish
    if (sqlite.prepare('SELECT EXISTS (SELECT 1 FROM tasks) OR EXISTS (SELECT 1 FROM card_reminders)').pluck().get() === 1) return false;
    const indexes = (sqlite.prepare(`SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${TABLES.map(() => '?').join(', ')}) ORDER BY name`).all(...TABLES) as {
      name: string;
      sql: string;
    }[]).filter((i) => !/^\s*CREATE\s+UNIQUE\b/i.test(i.sql));
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(KEY, JSON.stringify(indexes.map((i) => i.sql)));
    for (const i of indexes) sqlite.exec(`DROP INDEX main."${i.name.replace(/"/g, '""')}"`);
    return true;
  })();
}

/** Builds again what dropPlannedIndexesIfEmpty dropped (nothing when nothing is dropped), in one transaction. */
export function rebuildPlannedIndexes(sqlite: BetterSqlite3.Database): void {
  sqlite.transaction(() => {
    const value = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
    if (value === undefined) return;
    for (const sql of JSON.parse(value) as string[]) sqlite.exec(sql.replace(/^\s*CREATE\s+INDEX\s+(?!IF\s+NOT\s+EXISTS)/i, 'CREATE INDEX IF NOT EXISTS '));
    sqlite.prepare('DELETE FROM settings WHERE key = ?').run(KEY);
  })();
}
