import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from '../../../shared/domain/types';
import type { DB } from '../db/open';

export async function getStore(db: DB): Promise<Store | null> {
  const row = await db
    .selectFrom('stores')
    .select(['id', 'code', 'name', 'timezone'])
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .executeTakeFirst();
  return row ?? null;
}

/** The store's time zone (its calendar days), Asia/Shanghai before a store is set up. */
export function storeTimezone(sqlite: BetterSqlite3.Database): string {
  return (sqlite.prepare('SELECT timezone FROM stores LIMIT 1').pluck().get() as string | undefined) ?? 'Asia/Shanghai';
}
