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

/**
 * Takes or renews the store's sending lease for `seconds` (migration 0007), by the database's clock
 * (not each process's): true when `holder` has it, false when another holder's has not run out.
 */
export async function claimSendLease(db: Db, storeId: string, holder: string, seconds: number): Promise<boolean> {
  const rows = await sql<{ holder: string }>`
    INSERT INTO message_send_leases (store_id, holder, until) VALUES (${storeId}, ${holder}, now() + make_interval(secs => ${seconds}))
    ON CONFLICT (store_id) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
      WHERE message_send_leases.holder = EXCLUDED.holder OR message_send_leases.until < now()
    RETURNING holder`.execute(db);
  return rows.rows.length > 0;
}

/** Gives the store's sending lease back (only the holder's own). */
export async function releaseSendLease(db: Db, storeId: string, holder: string): Promise<void> {
  await sql`DELETE FROM message_send_leases WHERE store_id = ${storeId} AND holder = ${holder}`.execute(db);
}

/**
 * Claims one message for the gateway (migration 0008): true for the first claim, and for a claim
 * older than an hour with no outcome since (its process stopped); false when another holder has it.
 */
export async function claimAttempt(db: Db, storeId: string, messageId: string, holder: string): Promise<boolean> {
  const rows = await sql<{ message_id: string }>`
    INSERT INTO message_attempts (message_id, store_id, holder, at) VALUES (${messageId}, ${storeId}, ${holder}, now())
    ON CONFLICT (message_id) DO UPDATE SET holder = EXCLUDED.holder, at = EXCLUDED.at
      WHERE message_attempts.at < now() - interval '1 hour'
    RETURNING message_id`.execute(db);
  return rows.rows.length > 0;
}

/** Gives a claim back (the gateway answered "later": the next round tries again). */
export async function releaseAttempt(db: Db, messageId: string, holder: string): Promise<void> {
  await sql`DELETE FROM message_attempts WHERE message_id = ${messageId} AND holder = ${holder}`.execute(db);
}

/** Forgets the store's claims older than two days: their messages have an outcome or were given up. */
export async function forgetOldAttempts(db: Db, storeId: string): Promise<void> {
  await sql`DELETE FROM message_attempts WHERE store_id = ${storeId} AND at < now() - interval '2 days'`.execute(db);
}
