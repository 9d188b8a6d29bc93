import type { Kysely } from 'kysely';
import { cardPrompts, lunarOf, type CardItem, type CardStatus, type FamilyPrompt, type PromptInputs } from '../../../shared/domain/cards';
import type { OccasionKind } from '../../../shared/domain/calendar/occasions';
import type { RulesConfig } from '../../../shared/domain/rules/config';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

const CHUNK = 400;
const chunks = <T>(xs: readonly T[]): T[][] => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export interface CardFilter {
  advisorId?: string;
  from?: string;
  to: string;
  statuses: readonly CardStatus[] | null;
  limit: number;
}

function cardQuery(db: Db) {
  return db
    .selectFrom('card_reminders as r')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .leftJoin('staff as s', 's.id', 'r.advisor_id')
    .leftJoin('family_members as f', 'f.id', 'r.subject_id')
    .leftJoin('vehicles as v', 'v.id', 'r.subject_id')
    .select([
      'r.id', 'r.customer_id', 'c.name as customerName', 'c.tier', 'r.advisor_id', 's.name as advisorName', 'r.occasion', 'r.subject_id',
      'f.name as familyName', 'v.plate as subjectPlate', 'v.model as subjectModel', 'r.occasion_date', 'r.lunar_label', 'r.due_date', 'r.status',
      'r.skip_reason', 'r.written_at', 'r.sent_at', 'c.address', 'c.city',
    ])
    .where('c.deleted_at', 'is', null);
}

type CardRow = Awaited<ReturnType<ReturnType<typeof cardQuery>['execute']>>[number];

/** Cards due by `to` (from `from`), earliest due first: overdue cards lead. One more than `limit` tells it was cut. */
export async function listCards(db: Db, f: CardFilter): Promise<CardRow[]> {
  let q = cardQuery(db).where('r.due_date', '<=', f.to);
  if (f.from) q = q.where('r.due_date', '>=', f.from);
  if (f.advisorId) q = q.where('r.advisor_id', '=', f.advisorId);
  if (f.statuses) q = q.where('r.status', 'in', f.statuses);
  return q.orderBy('r.due_date').orderBy('r.occasion_date').orderBy('c.name').orderBy('r.id').limit(f.limit + 1).execute();
}

export async function cardRow(db: Db, id: string): Promise<CardRow | undefined> {
  return cardQuery(db).where('r.id', '=', id).executeTakeFirst();
}

/** What to mention, per customer: vehicles, visits with readings, preferences, family. */
export async function promptInputs(db: Db, customerIds: readonly string[]): Promise<Map<string, PromptInputs>> {
  const out = new Map<string, PromptInputs>();
  const get = (id: string): PromptInputs => {
    let v = out.get(id);
    if (!v) out.set(id, (v = { vehicles: [], visits: [], preferences: [], family: [] }));
    return v;
  };
  for (const ids of chunks([...new Set(customerIds)])) {
    const [vehicles, visits, prefs, family] = await Promise.all([
      db.selectFrom('vehicles').select(['id', 'customer_id', 'plate', 'brand', 'model', 'delivery_date', 'mileage_km']).where('customer_id', 'in', ids).where('deleted_at', 'is', null).orderBy('delivery_date').execute(),
      db
        .selectFrom('visits as v')
        .leftJoin('vehicles as vh', 'vh.id', 'v.vehicle_id')
        .select(['v.id', 'v.customer_id', 'v.vehicle_id', 'v.visit_date', 'v.amount_fen', 'v.mileage_km', 'v.type', 'vh.plate'])
        .where('v.customer_id', 'in', ids)
        .where('v.deleted_at', 'is', null)
        .execute(),
      db.selectFrom('preferences').select(['customer_id', 'category', 'value']).where('customer_id', 'in', ids).where('deleted_at', 'is', null).orderBy('noted_at', 'desc').execute(),
      db.selectFrom('family_members').select(['customer_id', 'relation', 'name', 'note']).where('customer_id', 'in', ids).where('deleted_at', 'is', null).orderBy('created_at').execute(),
    ]);
    for (const v of vehicles) get(v.customer_id).vehicles.push({ id: v.id, plate: v.plate, brand: v.brand, model: v.model, deliveryDate: v.delivery_date, mileageKm: v.mileage_km });
    for (const v of visits) {
      get(v.customer_id).visits.push({ id: v.id, vehicleId: v.vehicle_id, date: v.visit_date, amountFen: v.amount_fen, mileageKm: v.mileage_km, type: v.type, plate: v.plate });
    }
    for (const p of prefs) get(p.customer_id).preferences.push({ category: p.category, value: p.value });
    for (const m of family) get(m.customer_id).family.push({ relation: m.relation, name: m.name, note: m.note } satisfies FamilyPrompt);
  }
  return out;
}

export function toCardItem(r: CardRow, inputs: PromptInputs | undefined, asOf: string, rules: RulesConfig): CardItem {
  const occasion = r.occasion as OccasionKind;
  const subjectName = occasion === 'child_birthday' ? r.familyName : occasion === 'purchase_anniversary' && r.subjectPlate ? `${r.subjectPlate} ${r.subjectModel ?? ''}`.trim() : null;
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customerName,
    tier: r.tier,
    advisorId: r.advisor_id,
    advisorName: r.advisorName,
    occasion,
    subjectName,
    occasionDate: r.occasion_date,
    lunarLabel: lunarOf(r.occasion_date, r.lunar_label),
    keptLunar: r.lunar_label !== null,
    dueDate: r.due_date,
    status: r.status,
    skipReason: r.skip_reason,
    writtenAt: r.written_at,
    sentAt: r.sent_at,
    address: r.address,
    city: r.city,
    prompts: cardPrompts(inputs ?? { vehicles: [], visits: [], preferences: [], family: [] }, asOf, rules),
  };
}

export async function updateCardStatus(
  db: Db,
  u: { id: string; from: CardStatus; to: CardStatus; reason: string | null; staffId: string; at: string },
): Promise<number> {
  const set =
    u.to === 'written'
      ? { status: u.to, written_at: u.at }
      : u.to === 'skipped'
        ? { status: u.to, skip_reason: u.reason }
        : { status: u.to, sent_at: u.at };
  const r = await db
    .updateTable('card_reminders')
    .set({ ...set, updated_by: u.staffId, updated_at: u.at })
    .where('id', '=', u.id)
    .where('status', '=', u.from) // only from the state the decision was made on
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
