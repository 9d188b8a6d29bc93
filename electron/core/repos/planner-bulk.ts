import type BetterSqlite3 from 'better-sqlite3';
import { forgetSetAside, makeAgain, nonUniqueIndexes, setAside, setAsideUnder } from './set-aside';

/**
 * A store's first plan (no task and no card yet) inserts ~185k rows at 100k customers into the
 * tasks and card_reminders indexes, scattered: their non-unique secondary indexes are set aside
 * for it and built once at the end (one sort each: first plan 9.4 -> 5.7 s, the rebuild 0.4 s of
 * it). Unique indexes stay (INSERT OR IGNORE relies on them). Kept in settings (set-aside.ts), so
 * a run stopped or crashed half-way still gets its indexes back.
 */
const KEY = 'planner.bulk_indexes';
const TABLES = ['tasks', 'card_reminders'];

/** Drops the indexes when both tables are empty (or a first plan that did not finish dropped them); whether they are dropped. */
export function dropPlannedIndexesIfEmpty(sqlite: BetterSqlite3.Database): boolean {
  return sqlite.transaction(() => {
    if (setAsideUnder(sqlite, KEY) !== null) return true;
    if (sqlite.prepare('SELECT EXISTS (SELECT 1 FROM tasks) OR EXISTS (SELECT 1 FROM card_reminders)').pluck().get() === 1) return false;
    setAside(sqlite, KEY, nonUniqueIndexes(sqlite, TABLES));
    return true;
  })();
}

/** Builds again what dropPlannedIndexesIfEmpty dropped (nothing when nothing is dropped), in one transaction. */
export function rebuildPlannedIndexes(sqlite: BetterSqlite3.Database): void {
  sqlite.transaction(() => {
    const dropped = setAsideUnder(sqlite, KEY);
    if (dropped === null) return;
    makeAgain(sqlite, dropped);
    forgetSetAside(sqlite, KEY);
  })();
}
