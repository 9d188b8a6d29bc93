import { sql, type Kysely } from 'kysely';
import type { HqDatabase } from '../db/schema';

type Db = Kysely<HqDatabase>;

/** The store's cars delivered on or after `since` (migration 0006's index), as HQ holds them. */
export async function recentDeliveries(db: Db, storeId: string, since: string): Promise<Record<string, unknown>[]> {
  const rows = await sql<{ data: Record<string, unknown> }>`
    SELECT data FROM sync_rows
    WHERE store_id = ${storeId} AND tbl = 'vehicles' AND (data->>'delivery_date') >= ${since} AND NOT deleted`.execute(db);
  return rows.rows.map((r) => r.data);
}

/** The store's automatic messages still to send, oldest due first. */
export async function queuedMessages(db: Db, storeId: string, limit: number): Promise<Record<string, unknown>[]> {
  const rows = await sql<{ data: Record<string, unknown> }>`
    SELECT data FROM sync_rows
    WHERE store_id = ${storeId} AND tbl = 'auto_messages' AND (data->>'status') = 'queued' AND NOT deleted
    ORDER BY (data->>'due_date'), pk LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => r.data);
}
