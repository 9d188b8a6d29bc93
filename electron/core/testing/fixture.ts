import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { namePinyin, searchKeysFor } from '../search/keys';

/** A real SQLite file in a temp folder with real migrations; removed by `cleanup`. */
export function tempDbFile(): { file: string; dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'desk-test-'));
  return { file: join(dir, 'store.sqlite'), dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function createTestStore(): Promise<{ opened: OpenedDatabase; file: string; cleanup(): Promise<void> }> {
  const tmp = tempDbFile();
  const opened = openDatabase(tmp.file);
  const at = '2026-01-01T00:00:00.000Z';
  await opened.db.insertInto('stores').values({ id: 'store-1', code: 'T01', name: '测试店', timezone: 'Asia/Shanghai', address: null, phone: null, created_at: at, updated_at: at, deleted_at: null }).execute();
  await opened.db
    .insertInto('staff')
    .values([
      { id: 'mgr-1', store_id: 'store-1', name: '周店长', role: 'manager', phone: null, active: 1, created_at: at, updated_at: at, deleted_at: null },
      { id: 'adv-1', store_id: 'store-1', name: '李顾问', role: 'advisor', phone: null, active: 1, created_at: at, updated_at: at, deleted_at: null },
      { id: 'adv-2', store_id: 'store-1', name: '陈顾问', role: 'advisor', phone: null, active: 0, created_at: at, updated_at: at, deleted_at: null },
    ])
    .execute();
  return {
    opened,
    file: tmp.file,
    cleanup: async () => {
      await opened.close();
      tmp.cleanup();
    },
  };
}

export interface FixtureCustomer {
  id: string;
  name: string;
  phone: string;
  phone2?: string;
  plates?: string[];
  tier?: 'normal' | 'silver' | 'gold' | 'diamond';
  deliveryDate?: string;
  birthDate?: string;
  memberSince?: string;
  advisorId?: string;
  doNotContact?: boolean;
}

/** Inserts a customer with vehicles and search keys, as the demo generator and sync do. */
export async function addCustomer(opened: OpenedDatabase, c: FixtureCustomer): Promise<void> {
  const at = '2026-01-01T00:00:00.000Z';
  const py = namePinyin(c.name);
  await opened.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('customers')
      .values({
        id: c.id, store_id: 'store-1', name: c.name, name_pinyin: py.full, name_initials: py.initials, gender: null, phone: c.phone, phone2: c.phone2 ?? null,
        birthday_calendar: c.birthDate ? 'solar' : null, birth_date: c.birthDate ?? null, birthday_lunar_month: null, birthday_lunar_day: null, birthday_lunar_leap: 0, wedding_date: null,
        address: null, city: null, advisor_id: c.advisorId ?? 'adv-1', member_since: c.memberSince ?? null, tier: c.tier ?? 'normal', tier_since: null, marketing_consent: 1,
        consent_recorded_at: null, do_not_contact: c.doNotContact ? 1 : 0, referred_by_id: null, note: null, created_at: at, updated_at: at, deleted_at: null,
      })
      .execute();
    for (const [i, plate] of (c.plates ?? []).entries()) {
      await tx
        .insertInto('vehicles')
        .values({
          id: `${c.id}-v${i}`, store_id: 'store-1', customer_id: c.id, plate, vin: `VIN${c.id}${i}`.padEnd(17, '0').slice(0, 17), brand: '大众', model: '帕萨特',
          color: null, is_new_energy: plate.length === 8 ? 1 : 0, delivery_date: c.deliveryDate ?? '2024-05-01', purchase_amount_fen: null, mileage_km: 12_000,
          mileage_recorded_on: null, created_at: at, updated_at: at, deleted_at: null,
        })
        .execute();
    }
    const keys = searchKeysFor({ name: c.name, phones: [c.phone, ...(c.phone2 ? [c.phone2] : [])], plates: c.plates ?? [] }, py);
    await tx.insertInto('search_keys').values(keys.map((k) => ({ ...k, customer_id: c.id }))).onConflict((oc) => oc.doNothing()).execute();
  });
}

/** A service visit on the customer's first vehicle. */
export async function addVisit(opened: OpenedDatabase, v: { id: string; customerId: string; date: string; amountFen: number; mileageKm?: number }): Promise<void> {
  const at = `${v.date}T02:00:00.000Z`;
  await opened.db
    .insertInto('visits')
    .values({
      id: v.id, store_id: 'store-1', customer_id: v.customerId, vehicle_id: `${v.customerId}-v0`, visit_date: v.date, type: 'maintenance',
      amount_fen: v.amountFen, mileage_km: v.mileageKm ?? null, advisor_id: 'adv-1', note: null, created_at: at, updated_at: at, deleted_at: null,
    })
    .execute();
}

/** A satisfaction survey (score 0-10) of the customer. */
export async function addSurvey(opened: OpenedDatabase, s: { id: string; customerId: string; date: string; score: number }): Promise<void> {
  const at = `${s.date}T03:00:00.000Z`;
  await opened.db
    .insertInto('surveys')
    .values({ id: s.id, store_id: 'store-1', customer_id: s.customerId, visit_id: null, surveyed_on: s.date, score: s.score, comment: null, recorded_by: 'adv-1', created_at: at, updated_at: at, deleted_at: null })
    .execute();
}

/** The customer was brought by `referrerId` (customers.referred_by_id, what the metrics count). */
export async function setReferrer(opened: OpenedDatabase, customerId: string, referrerId: string): Promise<void> {
  await opened.db.updateTable('customers').set({ referred_by_id: referrerId }).where('id', '=', customerId).execute();
}
