import type BetterSqlite3 from 'better-sqlite3';
import type { DB } from '../db/open';
import { cachedStatement } from './statements';

export async function getSetting(db: DB, key: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function setSetting(db: DB, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** The same, synchronously, for background work that runs outside a desk call. */
export function settingNow(sqlite: BetterSqlite3.Database, key: string): string | null {
  return (cachedStatement(sqlite, 'SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

export function putSettingNow(sqlite: BetterSqlite3.Database, key: string, value: string): void {
  cachedStatement(sqlite, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
