import { describe, expect, it } from 'vitest';
import { REFERENCES } from '../../../shared/sync/references';
import { SYNCED_TABLES } from '../../../shared/sync/tables';
import { openDatabase } from '../db/open';
import { tempDbFile } from '../testing/fixture';

describe('the references HQ pulls parents forward by', () => {
  it('are exactly the foreign keys between synced tables in the desk schema', async () => {
    const tmp = tempDbFile();
    const opened = openDatabase(tmp.file);
    try {
      const synced = new Set(SYNCED_TABLES.map((t) => t.table));
      const schema: Record<string, { column: string; table: string }[]> = {};
      for (const table of synced) {
        const keys = (opened.sqlite.prepare(`PRAGMA foreign_key_list("${table}")`).all() as { from: string; table: string; to: string }[]).filter((k) => synced.has(k.table));
        for (const k of keys) expect({ table, to: k.to }).toEqual({ table, to: 'id' });
        if (keys.length > 0) schema[table] = keys.map((k) => ({ column: k.from, table: k.table }));
      }
      const sorted = (m: Readonly<Record<string, readonly { column: string; table: string }[]>>) =>
        Object.fromEntries(Object.entries(m).map(([t, refs]) => [t, [...refs].sort((a, b) => a.column.localeCompare(b.column))]));
      expect(sorted(REFERENCES)).toEqual(sorted(schema));
    } finally {
      await opened.close();
      tmp.cleanup();
    }
  });
});
