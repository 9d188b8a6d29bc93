import type { Kysely } from 'kysely';
import type { AppointmentView, TodayAppointment } from '../../../shared/domain/booking';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

function appointmentQuery(db: Db) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('customers as c', 'c.id', 'a.customer_id')
    .leftJoin('vehicles as v', 'v.id', 'a.vehicle_id')
    .leftJoin('staff as s', 's.id', 'a.created_by')
    .select([
      'a.id', 'a.customer_id', 'c.name as customerName', 'c.tier', 'c.phone', 'c.advisor_id', 'a.vehicle_id', 'v.plate', 'v.model', 'a.slot_date', 'a.slot_time',
      'a.status', 'a.note', 's.name as createdBy', 'a.created_at',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof appointmentQuery>['execute']>>[number];

const toView = (r: Row): AppointmentView => ({
  id: r.id, customerId: r.customer_id, customerName: r.customerName, tier: r.tier, vehicleId: r.vehicle_id, plate: r.plate, model: r.model,
  date: r.slot_date, time: r.slot_time, status: r.status, note: r.note, createdBy: r.createdBy, createdAt: r.created_at,
});

export async function appointmentById(db: Db, id: string): Promise<AppointmentView | null> {
  const r = await appointmentQuery(db).where('a.id', '=', id).executeTakeFirst();
  return r ? toView(r) : null;
}

/** Live (not cancelled) bookings per date and time in [from, to]: 'date|time' -> count. */
export async function bookedCounts(db: Db, storeId: string, from: string, to: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('appointments')
    .select(['slot_date', 'slot_time', (eb) => eb.fn.countAll<number>().as('n')])
    .where('store_id', '=', storeId)
    .where('slot_date', '>=', from)
    .where('slot_date', '<=', to)
    .where('status', '!=', 'cancelled')
    .groupBy(['slot_date', 'slot_time'])
    .execute();
  return new Map(rows.map((r) => [`${r.slot_date}|${r.slot_time}`, Number(r.n)]));
}

/** The customer's live bookings from `from` on. */
export async function customerAppointments(db: Db, customerId: string, from: string): Promise<AppointmentView[]> {
  const rows = await appointmentQuery(db)
    .where('a.customer_id', '=', customerId)
    .where('a.slot_date', '>=', from)
    .where('a.status', '!=', 'cancelled')
    .orderBy('a.slot_date')
    .orderBy('a.slot_time')
    .execute();
  return rows.map(toView);
}

/** The day's appointments (cancelled left out) with each customer's preferences, in time order. */
export async function dayAppointments(db: Db, storeId: string, date: string): Promise<TodayAppointment[]> {
  const rows = await appointmentQuery(db)
    .leftJoin('staff as adv', 'adv.id', 'c.advisor_id')
    .select('adv.name as advisorName')
    .where('a.store_id', '=', storeId)
    .where('a.slot_date', '=', date)
    .where('a.status', '!=', 'cancelled')
    .orderBy('a.slot_time')
    .orderBy('c.name')
    .execute();
  const ids = [...new Set(rows.map((r) => r.customer_id))];
  const prefs =
    ids.length === 0
      ? []
      : await db.selectFrom('preferences').select(['customer_id', 'category', 'value']).where('customer_id', 'in', ids).where('deleted_at', 'is', null).orderBy('noted_at', 'desc').execute();
  const by = new Map<string, { category: string; value: string }[]>();
  for (const p of prefs) by.set(p.customer_id, [...(by.get(p.customer_id) ?? []), { category: p.category, value: p.value }]);
  return rows.map((r) => ({ ...toView(r), phone: r.phone, advisorName: r.advisorName, preferences: by.get(r.customer_id) ?? [] }));
}

export async function insertAppointment(
  db: Db,
  a: { id: string; storeId: string; customerId: string; vehicleId: string | null; date: string; time: string; reserved: boolean; note: string | null; staffId: string; at: string },
): Promise<void> {
  await db
    .insertInto('appointments')
    .values({
      id: a.id, store_id: a.storeId, customer_id: a.customerId, vehicle_id: a.vehicleId, slot_date: a.date, slot_time: a.time, reserved: a.reserved ? 1 : 0,
      status: 'booked', note: a.note, created_by: a.staffId, created_at: a.at, updated_by: a.staffId, updated_at: a.at,
    })
    .execute();
}

export async function setAppointmentStatus(db: Db, u: { id: string; from: 'booked'; to: 'arrived' | 'cancelled'; staffId: string; at: string }): Promise<number> {
  const r = await db
    .updateTable('appointments')
    .set({ status: u.to, updated_by: u.staffId, updated_at: u.at })
    .where('id', '=', u.id)
    .where('status', '=', u.from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function vehicleOwner(db: Db, vehicleId: string): Promise<string | null> {
  const r = await db.selectFrom('vehicles').select('customer_id').where('id', '=', vehicleId).where('deleted_at', 'is', null).executeTakeFirst();
  return r?.customer_id ?? null;
}

export async function firstVehicle(db: Db, customerId: string): Promise<string | null> {
  const r = await db.selectFrom('vehicles').select('id').where('customer_id', '=', customerId).where('deleted_at', 'is', null).orderBy('delivery_date', 'desc').orderBy('id').executeTakeFirst();
  return r?.id ?? null;
}

export async function customerVehicles(db: Db, customerId: string): Promise<{ id: string; plate: string; model: string }[]> {
  return db.selectFrom('vehicles').select(['id', 'plate', 'model']).where('customer_id', '=', customerId).where('deleted_at', 'is', null).orderBy('delivery_date', 'desc').orderBy('id').execute();
}
