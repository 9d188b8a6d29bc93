import type BetterSqlite3 from 'better-sqlite3';

/** The sync client's bookkeeping: the pull cursor (sync_cursors) and connection settings (settings, keys 'sync.*'). */
export const STORE_SCOPE = 'store';

export function readCursor(sqlite: BetterSqlite3.Database): number {
  const v = sqlite.prepare('SELECT cursor FROM sync_cursors WHERE scope = ?').pluck().get(STORE_SCOPE) as string | undefined;
  return v === undefined ? 0 : Number(v);
}

export function writeCursor(sqlite: BetterSqlite3.Database, cursor: number, at: string): void {
  sqlite
    .prepare('INSERT INTO sync_cursors (scope, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT (scope) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at')
    .run(STORE_SCOPE, String(cursor), at);
}

/** resync_started: a full resync (cursor_expired) is under way until its sweep (sync/pull.ts). */
export type SyncSettingKey = 'hq_url' | 'device_id' | 'device_name' | 'last_success_at' | 'initial_done' | 'resync_started';

export function readSyncSetting(sqlite: BetterSqlite3.Database, key: SyncSettingKey): string | null {
  return (sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(`sync.${key}`) as string | undefined) ?? null;
}

export function writeSyncSetting(sqlite: BetterSqlite3.Database, key: SyncSettingKey, value: string | null): void {
  if (value === null) sqlite.prepare('DELETE FROM settings WHERE key = ?').run(`sync.${key}`);
  else sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(`sync.${key}`, value);
}

export function hasStore(sqlite: BetterSqlite3.Database): boolean {
  return (sqlite.prepare('SELECT count(*) FROM stores').pluck().get() as number) > 0;
}

export function storeId(sqlite: BetterSqlite3.Database): string | null {
  return (sqlite.prepare('SELECT id FROM stores LIMIT 1').pluck().get() as string | undefined) ?? null;
}

export function storeName(sqlite: BetterSqlite3.Database): string | null {
  return (sqlite.prepare('SELECT name FROM stores LIMIT 1').pluck().get() as string | undefined) ?? null;
}

/** Whether this desk's initial sync from HQ has completed (false for a desk never connected). */
export function initialSyncDone(sqlite: BetterSqlite3.Database): boolean {
  return readSyncSetting(sqlite, 'initial_done') !== null;
}
