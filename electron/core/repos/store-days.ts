import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

export interface StoreDayRow {
  rainy: boolean;
  markedBy: string | null;
  markedByName: string | null;
  updatedAt: string;
}

/** The store's mark for a day (migration 0021), or null if nobody marked it. */
export async function storeDay(db: Kysely<Database> | Transaction<Database>, storeId: string, date: string): Promise<StoreDayRow | null> {
  const row = await db
    .selectFrom('store_days as d')
    .leftJoin('staff as s', 's.id', 'd.marked_by')
    .select(['d.rainy', 'd.marked_by', 's.name', 'd.updated_at'])
    .where('d.store_id', '=', storeId)
    .where('d.date', '=', date)
    .executeTakeFirst();
  return row ? { rainy: row.rainy === 1, markedBy: row.marked_by, markedByName: row.name, updatedAt: row.updated_at } : null;
}

/** Marks a day rainy or not: one row per store and day, set again rather than deleted (it syncs last writer wins). */
export async function markStoreDay(trx: Transaction<Database>, m: { storeId: string; date: string; rainy: boolean; staffId: string; at: string }): Promise<void> {
  const rainy = m.rainy ? 1 : 0;
  await trx
    .insertInto('store_days')
    .values({ store_id: m.storeId, date: m.date, rainy, marked_by: m.staffId, created_at: m.at, updated_at: m.at })
    .onConflict((oc) => oc.columns(['store_id', 'date']).doUpdateSet({ rainy, marked_by: m.staffId, updated_at: m.at }))
    .execute();
}
