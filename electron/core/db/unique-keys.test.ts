import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS } from './migrations.generated';
import { SYNCED_TABLES } from '../../../shared/sync/tables';

/**
 * HQ refuses a pushed row that repeats another's unique columns (shared/sync/tables.ts uniqueKey), so
 * that no desk's pull ever fails on a constraint: the list must name every unique constraint of the
 * desk's synced tables besides the pk (partial ones excepted: the points ledger's, shared/sync/earned-once.ts), on the tables desks write.
 */
describe('unique keys of the synced tables', () => {
  it('are the ones the desk schema holds', () => {
    const sqlite = new BetterSqlite3(':memory:');
    for (const m of MIGRATIONS) sqlite.exec(m.sql);
    const found: Record<string, string[][]> = {};
    // Rows only HQ writes (stores, vehicles...) are HQ's to keep unique.
    for (const t of SYNCED_TABLES.filter((x) => x.policy !== 'hq')) {
      const indexes = sqlite.prepare(`SELECT name, "unique", origin, partial FROM pragma_index_list(?)`).all(t.table) as { name: string; unique: number; origin: string; partial: number }[];
      for (const i of indexes) {
        if (!i.unique || i.origin === 'pk' || i.partial) continue;
        const columns = (sqlite.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(i.name) as string[]);
        if (columns.length === t.pk.length && columns.every((c, k) => c === t.pk[k])) continue; // the pk of a table with a rowid
        (found[t.table] ??= []).push(columns);
      }
    }
    sqlite.close();
    const declared = Object.fromEntries(SYNCED_TABLES.filter((t) => t.uniqueKey).map((t) => [t.table, [[...t.uniqueKey!]]]));
    expect(found).toEqual(declared);
  });
});
