import type { Staff } from '../../../shared/domain/types';
import type { DB } from '../db/open';

const columns = ['id', 'store_id', 'name', 'role', 'active'] as const;
type Row = { id: string; store_id: string; name: string; role: Staff['role']; active: 0 | 1 };
const toStaff = (r: Row): Staff => ({ id: r.id, storeId: r.store_id, name: r.name, role: r.role, active: r.active === 1 });

export async function listStaff(db: DB): Promise<Staff[]> {
  const rows = await db
    .selectFrom('staff')
    .select(columns)
    .where('deleted_at', 'is', null)
    .where('active', '=', 1)
    .orderBy('role', 'desc') // managers first
    .orderBy('name')
    .execute();
  return rows.map(toStaff);
}

export async function getStaff(db: DB, id: string): Promise<Staff | null> {
  const row = await db.selectFrom('staff').select(columns).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? toStaff(row) : null;
}
