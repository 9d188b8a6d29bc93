import type { DB } from '../db/open';

/** Queues a local mutation for the sync client to push to HQ (written in the caller's transaction). */
export async function appendOutbox(db: DB, m: { name: string; args: Record<string, unknown>; at: string }): Promise<void> {
  await db.insertInto('outbox').values({ name: m.name, args: JSON.stringify(m.args), created_at: m.at }).execute();
}

export async function countPendingOutbox(db: DB): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('settled_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}
