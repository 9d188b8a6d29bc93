import type BetterSqlite3 from 'better-sqlite3';

/**
 * Indexes and triggers set aside for a bulk write and made again once at its end (the initial
 * sync's load, repos/bulk-load.ts; a store's first plan, repos/planner-bulk.ts). What was dropped
 * is kept in settings under the caller's key in the same transaction as the drops, so a run
 * stopped or crashed half-way still knows what to put back. Call inside the caller's transaction.
 * (The demo generator, whose load is one transaction, sets aside the same idle triggers itself.)
 */
export interface SchemaObject {
  name: string;
  sql: string;
}

/** The non-unique indexes of these tables (unique ones guard the data and stay), by name. */
export function nonUniqueIndexes(sqlite: BetterSqlite3.Database, tables: readonly string[]): SchemaObject[] {
  return (sqlite.prepare(`SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY name`).all(JSON.stringify(tables)) as SchemaObject[])
    .filter((i) => !/^\s*CREATE\s+UNIQUE\b/i.test(i.sql));
}

/** `WHEN EXISTS (SELECT 1 FROM switch)` first in a trigger's condition (then AND ... or nothing): it does nothing while `switch` is empty. */
const SWITCHED = /\bWHEN\s+EXISTS\s*\(\s*SELECT\s+1\s+FROM\s+(\w+)\s*\)\s*(?:AND\b|BEGIN\b)/i;

/**
 * The triggers on these tables (all tables: none given) that do nothing now, each switched off by
 * an empty table (the change markers of the customer status, the dashboard aggregates, the
 * planner's wake days, the sync capture). Each still costs a check per row written: ~40% of the
 * insert time of a visit.
 */
export function idleTriggers(sqlite: BetterSqlite3.Database, tables?: readonly string[]): SchemaObject[] {
  const triggers = (
    tables === undefined
      ? sqlite.prepare(`SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' ORDER BY name`).all()
      : sqlite.prepare(`SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY name`).all(JSON.stringify(tables))
  ) as SchemaObject[];
  return triggers.filter((t) => triggerIsIdle(sqlite, t));
}

/** Whether this trigger does nothing now: switched off by an empty table (see idleTriggers). */
export function triggerIsIdle(sqlite: BetterSqlite3.Database, trigger: SchemaObject): boolean {
  const off = SWITCHED.exec(trigger.sql)?.[1];
  return off !== undefined && sqlite.prepare(`SELECT NOT EXISTS (SELECT 1 FROM main."${off.replace(/"/g, '""')}")`).pluck().get() === 1;
}

/** What is set aside under `key` (null: nothing). */
export function setAsideUnder(sqlite: BetterSqlite3.Database, key: string): SchemaObject[] | null {
  const v = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  return v === undefined ? null : (JSON.parse(v) as SchemaObject[]);
}

/** Drops these indexes and triggers, noting them under `key`. */
export function setAside(sqlite: BetterSqlite3.Database, key: string, objects: readonly SchemaObject[]): void {
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(key, JSON.stringify(objects.map(({ name, sql }) => ({ name, sql }))));
  dropSchemaObjects(sqlite, objects);
}

/** Drops these indexes and triggers (makeAgain makes them again). */
export function dropSchemaObjects(sqlite: BetterSqlite3.Database, objects: readonly SchemaObject[]): void {
  for (const o of objects) {
    const type = /^\s*CREATE\s+TRIGGER\b/i.test(o.sql) ? 'TRIGGER' : 'INDEX';
    sqlite.exec(`DROP ${type} main."${o.name.replace(/"/g, '""')}"`);
  }
}

/** Makes these again (each only if missing: a finish may run twice); each index's time, slowest first. */
export function makeAgain(sqlite: BetterSqlite3.Database, objects: readonly SchemaObject[]): { name: string; ms: number }[] {
  const built: { name: string; ms: number }[] = [];
  for (const o of objects) {
    const start = performance.now();
    sqlite.exec(o.sql.replace(/^\s*CREATE\s+(INDEX|TRIGGER)\s+(?!IF\s+NOT\s+EXISTS)/i, 'CREATE $1 IF NOT EXISTS '));
    if (/^\s*CREATE\s+INDEX\b/i.test(o.sql)) built.push({ name: o.name, ms: performance.now() - start });
  }
  return built.sort((a, b) => b.ms - a.ms);
}

/** The bulk write under `key` is over: nothing is set aside any more. */
export function forgetSetAside(sqlite: BetterSqlite3.Database, key: string): void {
  sqlite.prepare('DELETE FROM settings WHERE key = ?').run(key);
}
