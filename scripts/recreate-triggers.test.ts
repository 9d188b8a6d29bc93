import { afterEach, describe, expect, it } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3';
import { migratedSchema, recreateTriggers } from './recreate-triggers.mjs';

describe('recreate-triggers', () => {
  let sqlite: BetterSqlite3.Database | null = null;
  afterEach(() => sqlite?.close());

  it('finds every row-copying trigger of every table complete after the migrations', () => {
    sqlite = migratedSchema();
    const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    expect(tables.length).toBeGreaterThan(20);
    for (const table of tables) expect(recreateTriggers(sqlite, table), table).toEqual([]);
  });

  it('re-creates the triggers of a table given a column, which then copy it', () => {
    sqlite = migratedSchema();
    sqlite.exec('ALTER TABLE interactions ADD COLUMN mood TEXT');
    const lines = recreateTriggers(sqlite, 'interactions');
    // The capture triggers (insert, update, delete): dropped and created again.
    expect(lines.filter((l) => l.startsWith('DROP TRIGGER'))).toEqual([
      'DROP TRIGGER sync_capture_interactions_delete;',
      'DROP TRIGGER sync_capture_interactions_insert;',
      'DROP TRIGGER sync_capture_interactions_update;',
    ]);
    sqlite.exec(lines.join('\n'));
    expect(recreateTriggers(sqlite, 'interactions')).toEqual([]);
    const triggers = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_capture_interactions_%'`).pluck().all() as string[];
    expect(triggers).toHaveLength(3);
    for (const sql of triggers) expect(sql).toMatch(/'mood', (OLD|NEW)\.mood\)/);
  });

  it('refuses a table that does not exist', () => {
    sqlite = migratedSchema();
    expect(() => recreateTriggers(sqlite!, 'no_such_table')).toThrow(/no table named no_such_table/);
  });
});
