import { readFileSync, writeFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDbFile } from '../testing/fixture';
import { MIGRATIONS } from './migrations.generated';
import { applyMigrations, DatabaseFileError, LATEST_SCHEMA_VERSION, openDatabase } from './open';

describe('openDatabase', () => {
  let tmp = tempDbFile();
  afterEach(() => {
    tmp.cleanup();
    tmp = tempDbFile();
  });

  it('applies every migration to an empty file, with WAL and foreign keys on', async () => {
    const opened = openDatabase(tmp.file);
    expect(opened.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(opened.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL: a saved change survives a power cut
    await opened.close();
  });

  it('is idempotent: reopening changes nothing', async () => {
    await openDatabase(tmp.file).close();
    const again = openDatabase(tmp.file);
    expect(again.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    await again.close();
  });

  it('applies an upgrade whole or not at all: a migration that fails leaves the schema the earlier app opens', () => {
    const raw = new BetterSqlite3(tmp.file);
    applyMigrations(raw, 0, MIGRATIONS.filter((m) => m.version <= 16));
    const tables = () => raw.prepare("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'index', 'trigger')").pluck().get();
    const before = tables();
    const failing = [...MIGRATIONS.filter((m) => m.version > 16 && m.version <= 20), { version: 21, sql: 'CREATE TABLE broken (x); SELECT no_such_function();' }];
    expect(() => applyMigrations(raw, 16, failing)).toThrow(/no_such_function/);
    expect(raw.pragma('user_version', { simple: true })).toBe(16);
    expect(tables()).toBe(before);
    // Opened by this app when a pending migration fails (here migration 21's table is in the way): said in
    // words, the file left at 16.
    raw.exec('CREATE TABLE store_days (x)');
    raw.close();
    expect(() => openDatabase(tmp.file)).toThrowError(/left as it was \(schema 16\)/);
    const after = new BetterSqlite3(tmp.file);
    expect(after.pragma('user_version', { simple: true })).toBe(16);
    after.close();
  });

  it('refuses a database from a newer schema and leaves it untouched', () => {
    const raw = new BetterSqlite3(tmp.file);
    raw.exec('CREATE TABLE customers (id); CREATE TABLE settings (key); CREATE TABLE future (x)');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const before = readFileSync(tmp.file);
    expect(() => openDatabase(tmp.file)).toThrowError(DatabaseFileError);
    expect(() => openDatabase(tmp.file)).toThrowError(/newer Retention Desk/);
    expect(readFileSync(tmp.file).equals(before)).toBe(true);
  });

  it('reports a file that is not SQLite as corrupt and does not overwrite it', () => {
    writeFileSync(tmp.file, 'this is a spreadsheet, not a database'.repeat(100));
    const before = readFileSync(tmp.file);
    try {
      openDatabase(tmp.file);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DatabaseFileError);
      expect((error as DatabaseFileError).reason).toBe('corrupt');
    }
    expect(readFileSync(tmp.file).equals(before)).toBe(true);
  });

  it('reports a SQLite file with a damaged body as corrupt', async () => {
    const opened = openDatabase(tmp.file);
    await opened.close();
    const bytes = readFileSync(tmp.file);
    bytes.fill(0xff, 100, Math.min(bytes.length, 4096)); // wreck the schema page, keep the header
    writeFileSync(tmp.file, bytes);
    expect(() => openDatabase(tmp.file)).toThrowError(DatabaseFileError);
  });

  it('drops the koi seed a desk made before the draw was seeded by the store (migration 17)', async () => {
    const raw = new BetterSqlite3(tmp.file);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 16)) raw.exec(migration.sql);
    raw.pragma('user_version = 16');
    raw.prepare("INSERT INTO settings (key, value) VALUES ('koi_seed', 'abc'), ('other', 'kept')").run();
    raw.close();
    const opened = openDatabase(tmp.file);
    const keys = opened.sqlite.prepare("SELECT key FROM settings WHERE key IN ('koi_seed', 'other')").pluck().all();
    expect(keys).toEqual(['other']);
    await opened.close();
  });

  it('holds the lapsed cards of a day to come, which older desks forgot HQ may hold (migration 22)', async () => {
    const raw = new BetterSqlite3(tmp.file);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 21)) raw.exec(migration.sql);
    raw.pragma('user_version = 21');
    raw.pragma('foreign_keys = OFF');
    const card = raw.prepare("INSERT INTO card_reminders (id, store_id, customer_id, advisor_id, occasion, occasion_date, due_date, status, skip_reason, created_at, updated_at) VALUES (?, 's', 'c', 'a', 'birthday', ?, ?, ?, ?, 'x', 'x')");
    card.run('k-coming', '2999-12-05', '2999-11-28', 'skipped', 'lapsed');
    card.run('k-gone', '2000-12-05', '2000-11-28', 'skipped', 'lapsed');
    card.run('k-person', '2999-12-05', '2999-11-28', 'skipped', '客户搬家');
    card.run('k-open', '2999-12-05', '2999-11-28', 'to_write', null);
    raw.close();
    const opened = openDatabase(tmp.file);
    expect(opened.sqlite.prepare('SELECT tbl, pk FROM sync_held').all()).toEqual([{ tbl: 'card_reminders', pk: 'k-coming' }]);
    await opened.close();
  });
});

