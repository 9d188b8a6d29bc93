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
