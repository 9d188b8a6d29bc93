import type { Birthday, CustomerDetail, CustomerSummary, Preference, Vehicle, Visit, VisitType, PreferenceCategory } from '../../../shared/domain/types';
import type { DB } from '../db/open';
import type { CustomersTable } from '../db/schema';

const RECENT_VISITS = 10;

/** Name, tier, phone and plates for many customers at once, in the order of `ids`. */
export async function customerSummaries(db: DB, ids: readonly string[]): Promise<CustomerSummary[]> {
  if (ids.length === 0) return [];
  const [rows, plates] = await Promise.all([
    db
      .selectFrom('customers as c')
      .leftJoin('staff as s', 's.id', 'c.advisor_id')
      .select(['c.id', 'c.name', 'c.phone', 'c.tier', 's.name as advisorName'])
      .where('c.id', 'in', ids)
      .where('c.deleted_at', 'is', null)
      .execute(),
    db
      .selectFrom('vehicles')
      .select(['customer_id', 'plate'])
      .where('customer_id', 'in', ids)
      .where('deleted_at', 'is', null)
      .orderBy('delivery_date', 'desc')
      .execute(),
  ]);
  const platesBy = new Map<string, string[]>();
  for (const p of plates) platesBy.set(p.customer_id, [...(platesBy.get(p.customer_id) ?? []), p.plate]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id: r.id, name: r.name, phone: r.phone, tier: r.tier, plates: platesBy.get(id) ?? [], advisorName: r.advisorName }] : [];
  });
}

function birthdayOf(c: Pick<CustomersTable, 'birthday_calendar' | 'birth_date' | 'birthday_lunar_month' | 'birthday_lunar_day' | 'birthday_lunar_leap'>): Birthday | null {
  if (c.birthday_calendar === 'lunar' && c.birthday_lunar_month && c.birthday_lunar_day) {
    return {
      calendar: 'lunar',
      year: c.birth_date ? Number(c.birth_date.slice(0, 4)) : null,
      month: c.birthday_lunar_month,
      day: c.birthday_lunar_day,
      leap: c.birthday_lunar_leap === 1,
    };
  }
  return c.birth_date ? { calendar: 'solar', date: c.birth_date } : null;
}

export async function getCustomerDetail(db: DB, id: string): Promise<CustomerDetail | null> {
  const c = await db
    .selectFrom('customers as c')
    .leftJoin('staff as s', 's.id', 'c.advisor_id')
    .selectAll('c')
    .select(['s.name as advisorName'])
    .where('c.id', '=', id)
    .where('c.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!c) return null;

  const [vehicles, visits, preferences] = await Promise.all([
    db
      .selectFrom('vehicles')
      .select(['id', 'plate', 'vin', 'brand', 'model', 'color', 'is_new_energy', 'delivery_date', 'mileage_km'])
      .where('customer_id', '=', id)
      .where('deleted_at', 'is', null)
      .orderBy('delivery_date', 'desc')
      .execute(),
    db
      .selectFrom('visits as v')
      .leftJoin('vehicles as vh', 'vh.id', 'v.vehicle_id')
      .leftJoin('staff as s', 's.id', 'v.advisor_id')
      .select(['v.id', 'v.vehicle_id', 'vh.plate', 'v.visit_date', 'v.type', 'v.amount_fen', 'v.mileage_km', 's.name as advisorName'])
      .where('v.customer_id', '=', id)
      .where('v.deleted_at', 'is', null)
      .orderBy('v.visit_date', 'desc')
      .limit(RECENT_VISITS)
      .execute(),
    db
      .selectFrom('preferences as p')
      .leftJoin('staff as s', 's.id', 'p.noted_by')
      .select(['p.id', 'p.category', 'p.value', 's.name as notedBy', 'p.noted_at'])
      .where('p.customer_id', '=', id)
      .where('p.deleted_at', 'is', null)
      .orderBy('p.noted_at', 'desc')
      .execute(),
  ]);

  return {
    id: c.id,
    name: c.name,
    gender: c.gender,
    phones: [c.phone, ...(c.phone2 ? [c.phone2] : [])],
    tier: c.tier,
    birthday: birthdayOf(c),
    advisor: c.advisor_id && c.advisorName ? { id: c.advisor_id, name: c.advisorName } : null,
    memberSince: c.member_since,
    marketingConsent: c.marketing_consent === 1,
    doNotContact: c.do_not_contact === 1,
    vehicles: vehicles.map(
      (v): Vehicle => ({
        id: v.id,
        plate: v.plate,
        vin: v.vin,
        brand: v.brand,
        model: v.model,
        color: v.color,
        isNewEnergy: v.is_new_energy === 1,
        deliveryDate: v.delivery_date,
        mileageKm: v.mileage_km,
      }),
    ),
    recentVisits: visits.map(
      (v): Visit => ({
        id: v.id,
        vehicleId: v.vehicle_id,
        plate: v.plate,
        visitDate: v.visit_date,
        type: v.type as VisitType,
        amountFen: v.amount_fen,
        mileageKm: v.mileage_km,
        advisorName: v.advisorName,
      }),
    ),
    preferences: preferences.map(
      (p): Preference => ({ id: p.id, category: p.category as PreferenceCategory, value: p.value, notedBy: p.notedBy, notedAt: p.noted_at }),
    ),
  };
}

export async function countCustomers(db: DB): Promise<number> {
  const row = await db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}
