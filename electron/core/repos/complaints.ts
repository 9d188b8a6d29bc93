import type { DB } from '../db/open';

/** Complaints: opened, later resolved (an unresolved or recent complaint turns the radar red). */

export async function liveComplaint(db: DB, id: string) {
  return db
    .selectFrom('complaints')
    .select(['id', 'customer_id', 'opened_on', 'resolved_on'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function insertComplaint(db: DB, k: { id: string; storeId: string; customerId: string; openedOn: string; summary: string; staffId: string; at: string }): Promise<void> {
  await db
    .insertInto('complaints')
    .values({
      id: k.id, store_id: k.storeId, customer_id: k.customerId, opened_on: k.openedOn, resolved_on: null, summary: k.summary, resolution: null,
      recorded_by: k.staffId, created_at: k.at, updated_at: k.at, deleted_at: null,
    })
    .execute();
}

/** Resolves an open complaint; 0 when it was already resolved. */
export async function resolveComplaint(db: DB, k: { id: string; resolvedOn: string; resolution: string; at: string }): Promise<number> {
  const r = await db
    .updateTable('complaints')
    .set({ resolved_on: k.resolvedOn, resolution: k.resolution, updated_at: k.at })
    .where('id', '=', k.id)
    .where('resolved_on', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
