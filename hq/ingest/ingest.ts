import type { Kysely } from 'kysely';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { isoDateIn } from '../../shared/domain/calendar/dates';
import { isValidMobile, normalizePhone } from '../../shared/domain/phone';
import { isNewEnergyPlate, isValidPlate, normalizePlate } from '../../shared/domain/plate';
import { VISIT_TYPES } from '../../shared/domain/types';
import type { HqDatabase } from '../db/schema';
import { storeByCode, writeAsHqIn } from '../repos/admin';
import { carMileageRows, findCustomerByPhone, visitEarners, findVehicleByVin, getRow, lockStore, visitSpendEntries } from '../repos/rows';
import { publishedRules } from '../rules/published';
import { carMileageAdjustment, entryToAdjust, visitPointsAdjustment } from '../sync/visit-points';
import { mileageNote } from '../../shared/domain/rules/points';

/**
 * Dealer-management-system ingest: one row = a customer (name, phone...), optionally a vehicle
 * (VIN, plate, brand, model, delivery date), optionally a visit of that vehicle (date, type,
 * amount, mileage, the dealer system's repair-order number) and optionally who referred the customer (the referrer's phone). Customers are
 * matched by phone and vehicles by VIN (updated in place, never duplicated); a visit by its
 * repair-order number, else its id is derived from store + VIN + date + type; a referral's from store + the customer referred, so
 * importing a file twice changes nothing. A bad row is reported with its line and field and writes
 * nothing; the others go on.
 */

export const INGEST_COLUMNS = [
  'name', 'phone', 'gender', 'birth_date', 'address', 'city',
  'vin', 'plate', 'brand', 'model', 'color', 'delivery_date', 'purchase_amount',
  'visit_date', 'visit_type', 'amount', 'mileage_km', 'ro_number',
  'referrer_phone', 'referred_on',
] as const;
export type IngestColumn = (typeof INGEST_COLUMNS)[number];

/** Header aliases a DMS export may use (Chinese and common English). */
const ALIASES: Record<string, IngestColumn> = {
  姓名: 'name', 客户姓名: 'name', 手机: 'phone', 手机号: 'phone', 电话: 'phone', mobile: 'phone', 性别: 'gender', 生日: 'birth_date', birthday: 'birth_date',
  地址: 'address', 城市: 'city', 车架号: 'vin', vin码: 'vin', 车牌: 'plate', 车牌号: 'plate', 品牌: 'brand', 车型: 'model', 颜色: 'color',
  交车日期: 'delivery_date', 购车金额: 'purchase_amount', 到店日期: 'visit_date', 维修日期: 'visit_date', 类型: 'visit_type', 维修类型: 'visit_type',
  金额: 'amount', 里程: 'mileage_km', mileage: 'mileage_km',
  工单号: 'ro_number', 维修工单号: 'ro_number', 工单编号: 'ro_number', 委托书号: 'ro_number', ro: 'ro_number', repair_order: 'ro_number',
  推荐人手机: 'referrer_phone', 推荐人手机号: 'referrer_phone', 推荐人电话: 'referrer_phone', referrer: 'referrer_phone', 推荐日期: 'referred_on',
};

export function columnOf(header: string): IngestColumn | null {
  const h = header.trim().toLowerCase().replace(/\s+/g, '_');
  if ((INGEST_COLUMNS as readonly string[]).includes(h)) return h as IngestColumn;
  return ALIASES[header.trim()] ?? ALIASES[h] ?? null;
}


export interface IngestRow {
  /** The line of the file (1 = the header) or the index in the request. */
  line: number;
  values: Partial<Record<IngestColumn, string>>;
}

export const ingestRequestSchema = z.strictObject({
  store: z.string().min(1).max(32),
  dryRun: z.boolean().optional(),
  rows: z
    .array(z.record(z.string().max(40), z.union([z.string().max(500), z.number(), z.null()])))
    .max(50_000),
});

export interface IngestError {
  line: number;
  field: string;
  message: string;
}
export interface IngestSummary {
  store: string;
  dryRun: boolean;
  added: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: IngestError[];
}

class RowError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const NAMESPACE = '6f1c64f0-55a5-4d8a-9a3e-6d1f0b1f7a52';

function date(field: string, v: string | undefined, required: boolean): string | null {
  if (!v) {
    if (required) throw new RowError(field, `${field} is required`);
    return null;
  }
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v.trim());
  if (!m) throw new RowError(field, `${field} must be a date YYYY-MM-DD, got "${v}"`);
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) throw new RowError(field, `${field} ${v} is not a calendar date`);
  return iso;
}

function fen(field: string, v: string | undefined): number | null {
  if (!v) return null;
  if (!/^\d+(\.\d{1,2})?$/.test(v.trim())) throw new RowError(field, `${field} must be an amount in CNY (e.g. 1280.50), got "${v}"`);
  return Math.round(Number(v.trim()) * 100);
}

function int(field: string, v: string | undefined): number | null {
  if (!v) return null;
  if (!/^\d+$/.test(v.trim())) throw new RowError(field, `${field} must be a whole number, got "${v}"`);
  return Number(v.trim());
}

interface Parsed {
  customer: { name: string; phone: string; gender: string | null; birth_date: string | null; address: string | null; city: string | null };
  vehicle: { vin: string; plate: string; brand: string; model: string; color: string | null; delivery_date: string; purchase_amount_fen: number | null } | null;
  /** type and amount null: not in the row (a new visit is a maintenance visit of 0; a stored one keeps its own). */
  visit: { visit_date: string; type: string | null; amount_fen: number | null; mileage_km: number | null; ro_number: string | null } | null;
  /** Who referred this customer (a customer of the store, by phone), and when if the file says. */
  referral: { referrerPhone: string; referredOn: string | null } | null;
}

/** A visit type as a dealer's export writes it: the key in any case, or the desk's Chinese label (and common synonyms). */
const VISIT_TYPE_ALIASES: Readonly<Record<string, string>> = {
  保养: 'maintenance', 维修: 'repair', 保修: 'warranty', 索赔: 'warranty', 检测: 'inspection', 年检: 'inspection',
  钣喷: 'bodywork', 钣金: 'bodywork', 喷漆: 'bodywork', 精品加装: 'accessory', 精品: 'accessory', 免费检查: 'free_check', 活动: 'event',
};

function visitType(v: string | undefined): string | null {
  const raw = v?.trim();
  if (!raw) return null;
  const type = VISIT_TYPE_ALIASES[raw] ?? raw.toLowerCase().replace(/[\s-]+/g, '_');
  if (!(VISIT_TYPES as readonly string[]).includes(type)) throw new RowError('visit_type', `visit_type must be one of ${VISIT_TYPES.join(', ')} (or 保养, 维修, 保修, 检测, 钣喷, 精品加装, 免费检查, 活动), got "${raw}"`);
  return type;
}

/**
 * A value PostgreSQL's jsonb cannot hold (a NUL character, half of an emoji cut in two) is refused
 * by its column here: else the whole import failed with a database error naming no line.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function refuseUnstorable(v: Partial<Record<IngestColumn, string>>): void {
  for (const [column, value] of Object.entries(v)) {
    if (typeof value === 'string' && (value.includes('\u0000') || LONE_SURROGATE.test(value))) {
      throw new RowError(column, `${column} holds a character that cannot be stored (a NUL or half of an emoji)`);
    }
  }
}

/** Validates one row; throws RowError naming the column. */
export function parseRow(v: Partial<Record<IngestColumn, string>>): Parsed {
  refuseUnstorable(v);
  const name = v.name?.trim();
  if (!name) throw new RowError('name', 'name is required');
  if (name.length > 80) throw new RowError('name', 'name is longer than 80 characters');
  const rawPhone = v.phone?.trim();
  if (!rawPhone) throw new RowError('phone', 'phone is required');
  if (!isValidMobile(rawPhone)) throw new RowError('phone', `phone "${rawPhone}" is not a mainland mobile number`);
  const gender = v.gender?.trim() || null;
  const g = gender === null ? null : ({ male: 'male', m: 'male', 男: 'male', female: 'female', f: 'female', 女: 'female' } as Record<string, string>)[gender.toLowerCase()];
  if (g === undefined) throw new RowError('gender', `gender must be male or female, got "${gender}"`);
  const customer = { name, phone: normalizePhone(rawPhone), gender: g, birth_date: date('birth_date', v.birth_date, false), address: v.address?.trim() || null, city: v.city?.trim() || null };

  let vehicle: Parsed['vehicle'] = null;
  const vin = v.vin?.trim().toUpperCase();
  if (vin) {
    if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) throw new RowError('vin', `vin "${vin}" is not a 17-character VIN`);
    const plate = normalizePlate(v.plate ?? '');
    if (!plate) throw new RowError('plate', 'plate is required with a vin');
    if (!isValidPlate(plate)) throw new RowError('plate', `plate "${v.plate}" is not a licence plate`);
    const brand = v.brand?.trim();
    if (!brand) throw new RowError('brand', 'brand is required with a vin');
    const model = v.model?.trim();
    if (!model) throw new RowError('model', 'model is required with a vin');
    vehicle = { vin, plate, brand, model, color: v.color?.trim() || null, delivery_date: date('delivery_date', v.delivery_date, true)!, purchase_amount_fen: fen('purchase_amount', v.purchase_amount) };
  }

  let visit: Parsed['visit'] = null;
  if (v.visit_date?.trim()) {
    if (!vehicle) throw new RowError('vin', 'a visit needs the vehicle: vin is required with visit_date');
    const type = visitType(v.visit_type);
    const ro = v.ro_number?.trim() || null;
    if (ro !== null && ro.length > 40) throw new RowError('ro_number', 'ro_number is longer than 40 characters');
    visit = { visit_date: date('visit_date', v.visit_date, true)!, type, amount_fen: fen('amount', v.amount), mileage_km: int('mileage_km', v.mileage_km), ro_number: ro };
  } else if (v.ro_number?.trim()) throw new RowError('visit_date', 'visit_date is required with ro_number');

  let referral: Parsed['referral'] = null;
  const referrer = v.referrer_phone?.trim();
  if (referrer) {
    if (!isValidMobile(referrer)) throw new RowError('referrer_phone', `referrer_phone "${referrer}" is not a mainland mobile number`);
    const referrerPhone = normalizePhone(referrer);
    if (referrerPhone === customer.phone) throw new RowError('referrer_phone', 'referrer_phone is the customer\'s own phone: a customer cannot refer themselves');
    referral = { referrerPhone, referredOn: date('referred_on', v.referred_on, false) };
  } else if (v.referred_on?.trim()) throw new RowError('referrer_phone', 'referrer_phone is required with referred_on');
  return { customer, vehicle, visit, referral };
}

const same = (a: Record<string, unknown>, b: Record<string, unknown>) => Object.keys(b).every((k) => JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null));

class DryRunRollback extends Error {}

const referrerKept = (name: string) => new RowError('referrer_phone', `${name} was already referred by another customer; an import does not change a referrer`);

/** Imports rows into a store, in one transaction (a dry run rolls it back): the summary and each bad row's line and field. */
export async function ingestRows(db: Kysely<HqDatabase>, storeCode: string, input: (IngestRow | Record<string, unknown>)[], opts: { dryRun: boolean }): Promise<IngestSummary> {
  const store = await storeByCode(db, storeCode);
  if (!store) {
    return { store: storeCode, dryRun: opts.dryRun, added: 0, updated: 0, unchanged: 0, rejected: input.length, errors: [{ line: 0, field: 'store', message: `No store with code ${storeCode}` }] };
  }
  const rows: IngestRow[] = input.map((r, i) => ('line' in r && 'values' in r ? (r as IngestRow) : { line: i + 1, values: toValues(r as Record<string, unknown>) }));
  const summary: IngestSummary = { store: storeCode, dryRun: opts.dryRun, added: 0, updated: 0, unchanged: 0, rejected: 0, errors: [] };
  const storeId = store.storeId;
  const today = isoDateIn(new Date(), store.timezone);
  try {
    await db.transaction().execute(async (trx) => {
      // The store's lock before the first read: two imports of one store at once (a POST retried after a
      // timeout) each found no customer for a new phone and both created one (a second VIN too, which
      // the desks' unique index then refused on every pull); a desk's push between a read and the
      // write was overwritten.
      await lockStore(trx, storeId);
      const reject = (row: IngestRow, e: RowError) => {
        summary.rejected += 1;
        summary.errors.push({ line: row.line, field: e.field, message: e.message });
      };
      const accepted: { row: IngestRow; parsed: Parsed; added: boolean; updated: boolean }[] = [];
      for (const row of rows) {
        try {
          accepted.push({ row, parsed: parseRow(row.values), added: false, updated: false });
        } catch (e) {
          if (!(e instanceof RowError)) throw e;
          reject(row, e);
        }
      }
      // Two lines of the file that are one customer (a phone) or one visit (a car's day and type without a
      // repair-order number) but say different things: the later is refused. Taken both, the later won
      // silently, and every import of the file changed the row back and forth.
      for (const [item, e] of repeatedInFile(accepted)) {
        reject(item.row, e);
        accepted.splice(accepted.indexOf(item), 1);
      }
      // Referrals are decided before anything is written, so that a row is imported whole or not at all.
      const refused = await refusedReferrals(trx, storeId, storeCode, accepted);
      for (const [item, e] of refused) reject(item.row, e);
      const rowsIn = accepted.filter((a) => !refused.has(a));
      // Then the rows in file order (a later line wins), and their referrals once every referrer is in.
      for (const item of rowsIn) Object.assign(item, await importCustomerRow(trx, storeId, item.parsed, today));
      for (const item of rowsIn) {
        if (!item.parsed.referral) continue;
        const written = await importReferral(trx, storeId, item.parsed, item.parsed.referral, today);
        item.added ||= written.added;
        item.updated ||= written.updated;
      }
      for (const item of rowsIn) {
        if (item.added) summary.added += 1;
        else if (item.updated) summary.updated += 1;
        else summary.unchanged += 1;
      }
      summary.errors.sort((a, b) => a.line - b.line);
      if (opts.dryRun) throw new DryRunRollback();
    });
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  return summary;
}

type Trx = Parameters<typeof writeAsHqIn>[0];

/** Lines that repeat an earlier line's customer (its phone) or visit with other values, and why. */
function repeatedInFile<T extends { row: IngestRow; parsed: Parsed }>(items: readonly T[]): Map<T, RowError> {
  const out = new Map<T, RowError>();
  const customers = new Map<string, T>();
  const visits = new Map<string, T>();
  const differs = (a: Record<string, unknown>, b: Record<string, unknown>) => Object.keys(a).some((k) => a[k] !== null && b[k] !== null && a[k] !== b[k]);
  for (const item of items) {
    const { customer, vehicle, visit } = item.parsed;
    const first = customers.get(customer.phone);
    if (first && differs(first.parsed.customer, customer)) {
      out.set(item, new RowError('phone', `line ${first.row.line} gives phone ${customer.phone} to ${first.parsed.customer.name}: one phone is one customer`));
      continue;
    }
    if (!first) customers.set(customer.phone, item);
    if (!vehicle || !visit) continue;
    // One visit: its repair-order number, or without one the car's day and type. A number repeated with
    // other values (an order's items on separate lines) set the visit to each in turn, and once its points
    // were earned, every import wrote two opposite corrections.
    const key = visit.ro_number !== null ? `ro|${visit.ro_number}` : `${vehicle.vin}|${visit.visit_date}|${visit.type ?? 'maintenance'}`;
    const same = visits.get(key);
    if (same && differs({ ...same.parsed.visit!, vin: same.parsed.vehicle!.vin }, { ...visit, vin: vehicle.vin })) {
      out.set(item, new RowError('ro_number', visit.ro_number !== null
        ? `line ${same.row.line} has repair order ${visit.ro_number} too, with other values: one line per order (its total amount)`
        : `line ${same.row.line} is a visit of this car on ${visit.visit_date} too: give each its repair-order number (ro_number / 工单号)`));
    } else if (!same) visits.set(key, item);
  }
  return out;
}
/** A row's writes, staged, and whether they add or change anything. */
type Staged = { writes: { tbl: string; pk: string; data: Record<string, unknown> }[]; added: boolean; updated: boolean };

/**
 * The values a row gives. An empty cell or a column the file lacks changes nothing stored: the
 * dealer system's monthly visit export carries no birthday, address or car colour, and importing
 * it after the customer master wiped them (and a visit without its amount column became free).
 */
const given = (fields: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined));

/** Stages one row: `whole` when there is none yet, else `fields` over the stored row if any differs. */
function stage(out: Staged, tbl: string, pk: string, stored: Record<string, unknown> | undefined, fields: Record<string, unknown>, whole: () => Record<string, unknown>, at: string): void {
  if (!stored) {
    out.added = true;
    out.writes.push({ tbl, pk, data: whole() });
  } else if (!same(stored, fields)) {
    out.updated = true;
    out.writes.push({ tbl, pk, data: { ...stored, ...fields, updated_at: at } });
  }
}

const referralIdOf = (storeId: string, customerId: string) => uuidv5(`${storeId}|referral|${customerId}`, NAMESPACE);

/**
 * The rows whose referral cannot be recorded, with why: a referrer neither a customer of the
 * store nor the customer of a row that is imported (found again until nothing changes: a row
 * refused takes its customer out), another referrer than one HQ recorded already (its 6,000
 * points may be paid; the desks pay once per referrer), or another referrer than an earlier
 * line of the file gave the same customer.
 */
async function refusedReferrals<T extends { parsed: Parsed }>(trx: Trx, storeId: string, storeCode: string, items: readonly T[]): Promise<Map<T, RowError>> {
  const refused = new Map<T, RowError>();
  const inStore = new Map<string, { pk: string; data: Record<string, unknown> } | null>();
  const customerOf = async (phone: string) => {
    if (!inStore.has(phone)) inStore.set(phone, await findCustomerByPhone(trx, storeId, phone));
    return inStore.get(phone)!;
  };
  const firstReferrer = new Map<string, string>();
  for (const item of items) {
    const { customer, referral } = item.parsed;
    if (!referral) continue;
    const first = firstReferrer.get(customer.phone);
    if (first === undefined) firstReferrer.set(customer.phone, referral.referrerPhone);
    else if (first !== referral.referrerPhone) refused.set(item, referrerKept(customer.name));
    const found = await customerOf(customer.phone);
    if (found === null || refused.has(item)) continue;
    const recorded = (found.data.referred_by_id as string | null | undefined) ?? ((await getRow(trx, storeId, 'referrals', referralIdOf(storeId, found.pk)))?.data.referrer_customer_id as string | undefined) ?? null;
    if (recorded !== null && recorded !== (await customerOf(referral.referrerPhone))?.pk) refused.set(item, referrerKept(customer.name));
  }
  for (let changed = true; changed; ) {
    changed = false;
    const phones = new Set(items.filter((i) => !refused.has(i)).map((i) => i.parsed.customer.phone));
    for (const item of items) {
      const referral = item.parsed.referral;
      if (!referral || refused.has(item) || phones.has(referral.referrerPhone) || (await customerOf(referral.referrerPhone)) !== null) continue;
      refused.set(item, new RowError('referrer_phone', `no customer with phone ${referral.referrerPhone} in store ${storeCode}, nor in a row of this file that is imported`));
      changed = true;
    }
  }
  return refused;
}

/** A row's customer, vehicle and visit: what it added or changed. */
async function importCustomerRow(trx: Trx, storeId: string, parsed: Parsed, today: string): Promise<{ added: boolean; updated: boolean }> {
  const at = new Date().toISOString();
  const out: Staged = { writes: [], added: false, updated: false };
  let corrected: { id: string; store_id: string; amount_fen: number } | null = null;
  let correctedKm: { id: string; vehicleIds: string[]; oldKm: number | null; newKm: number | null } | null = null;
  const found = await findCustomerByPhone(trx, storeId, parsed.customer.phone);
  const customerId = found?.pk ?? uuidv7();
  // A birth date given to a customer who had none is a solar birthday (newCustomer; a lunar one is the desk's to keep).
  const born = parsed.customer.birth_date !== null && !found?.data.birthday_calendar ? { birthday_calendar: 'solar' } : {};
  stage(out, 'customers', customerId, found?.data, { ...given(parsed.customer), ...born }, () => newCustomer(customerId, storeId, parsed.customer, at), at);
  if (parsed.vehicle) {
    const v = parsed.vehicle;
    const all = { customer_id: customerId, plate: v.plate, brand: v.brand, model: v.model, color: v.color, delivery_date: v.delivery_date, purchase_amount_fen: v.purchase_amount_fen, is_new_energy: isNewEnergyPlate(v.plate) ? 1 : 0 };
    const fields = given(all);
    const existing = await findVehicleByVin(trx, storeId, v.vin);
    // A corrected delivery date keeps the one first imported beside it: the desks' new-owner steps stay
    // the same tasks, re-dated, instead of starting again (lifecycle.ts newOwner; desk migration 0023).
    // A car sold on to another customer starts afresh: the earlier owner's date is not the new owner's.
    const before = existing?.data;
    if (before && before.customer_id !== customerId) fields.first_delivery_date = null;
    else if (before && before.delivery_date !== v.delivery_date) fields.first_delivery_date = before.first_delivery_date ?? before.delivery_date;
    const vehicleId = existing?.pk ?? uuidv7();
    stage(out, 'vehicles', vehicleId, existing?.data, fields, () => ({ id: vehicleId, store_id: storeId, vin: v.vin, ...all, mileage_km: null, mileage_recorded_on: null, first_delivery_date: null, created_at: at, updated_at: at, deleted_at: null }), at);
    if (parsed.visit) {
      const s = parsed.visit;
      const visitId = await visitIdOf(trx, storeId, v.vin, s);
      const prev = await getRow(trx, storeId, 'visits', visitId);
      const all = { customer_id: customerId, vehicle_id: vehicleId, visit_date: s.visit_date, type: s.type ?? 'maintenance', amount_fen: s.amount_fen ?? 0, mileage_km: s.mileage_km };
      const vf = given({ ...all, type: s.type, amount_fen: s.amount_fen });
      stage(out, 'visits', visitId, prev?.data, vf, () => ({ id: visitId, store_id: storeId, ...all, advisor_id: null, note: null, created_at: at, updated_at: at, deleted_at: null }), at);
      if (prev && s.amount_fen !== null && prev.data.amount_fen !== s.amount_fen) corrected = { id: visitId, store_id: storeId, amount_fen: s.amount_fen };
      const oldKm = typeof prev?.data.mileage_km === 'number' ? prev.data.mileage_km : null;
      const newKm = s.mileage_km ?? oldKm;
      if (prev && (newKm !== oldKm || prev.data.vehicle_id !== vehicleId)) {
        correctedKm = { id: visitId, vehicleIds: [...new Set([vehicleId, String(prev.data.vehicle_id)])], oldKm, newKm };
      }
    }
  }
  if (out.writes.length > 0) await writeAsHqIn(trx, storeId, out.writes);
  // A corrected amount of a visit its customer earned on: the points follow (sync/visit-points.ts).
  const adjustment = corrected && visitPointsAdjustment(corrected, await visitSpendEntries(trx, storeId, corrected.id), { date: today, at });
  if (adjustment) await writeAsHqIn(trx, storeId, [{ tbl: 'points_ledger', pk: String(adjustment.id), data: adjustment }]);
  // A corrected reading (or car) of a visit: the mileage points of each car it counts in follow, its
  // customer's and those of the customers who earned on it (a visit moved to another customer after
  // it earned stays counted for them, with its reading: the same repair order often comes back with both changed).
  if (correctedKm) {
    const rules = await publishedRules(trx);
    const customers = new Set([customerId, ...(await visitEarners(trx, storeId, correctedKm.id))]);
    for (const customer of customers) {
      for (const vehicle of correctedKm.vehicleIds) {
        const car = await carMileageRows(trx, storeId, customer, vehicle);
        const reverses = entryToAdjust(car, correctedKm.id);
        const names = reverses && { store_id: storeId, customer_id: customer, visit_id: correctedKm.id, reverses_id: reverses, note: mileageNote(correctedKm.oldKm, correctedKm.newKm) };
        const kmAdjustment = names && carMileageAdjustment(car, names, rules, { date: today, at });
        if (kmAdjustment) await writeAsHqIn(trx, storeId, [{ tbl: 'points_ledger', pk: String(kmAdjustment.id), data: kmAdjustment }]);
      }
    }
  }
  return { added: out.added, updated: out.updated };
}

/**
 * A visit's id: by its repair-order number when the row has one (a later row with the same number is
 * that visit corrected: a new day, type, amount or mileage updates it in place), else derived from
 * VIN + day + type (so a corrected day or type is a second visit: nothing else tells them apart).
 * The first row naming a number takes the visit imported before without one (same car, day and
 * type), unless another number has it (two repair orders of one car on one day).
 */
async function visitIdOf(trx: Trx, storeId: string, vin: string, visit: NonNullable<Parsed['visit']>): Promise<string> {
  const derived = uuidv5(`${storeId}|${vin}|${visit.visit_date}|${visit.type ?? 'maintenance'}`, NAMESPACE);
  if (visit.ro_number === null) return derived;
  const known = await trx.selectFrom('visit_refs').select('visit_id').where('store_id', '=', storeId).where('ro_number', '=', visit.ro_number).executeTakeFirst();
  if (known) return known.visit_id;
  const taken = await trx.selectFrom('visit_refs').select('ro_number').where('store_id', '=', storeId).where('visit_id', '=', derived).executeTakeFirst();
  const id = taken ? uuidv5(`${storeId}|ro|${visit.ro_number}`, NAMESPACE) : derived;
  await trx.insertInto('visit_refs').values({ store_id: storeId, ro_number: visit.ro_number, visit_id: id }).execute();
  return id;
}

/**
 * A row's referral, once its customer and the referrer are in: one per customer referred, a
 * success (they are in the dealer's system, so they became a customer: referral points, the
 * top-referrer surprise), and the customer's referred_by_id (the referral metrics count it).
 * Its day: the file's, else the one recorded, else the car's delivery, else the store's today.
 */
async function importReferral(trx: Trx, storeId: string, parsed: Parsed, referral: NonNullable<Parsed['referral']>, today: string): Promise<{ added: boolean; updated: boolean }> {
  const at = new Date().toISOString();
  const referrer = (await findCustomerByPhone(trx, storeId, referral.referrerPhone))!;
  const customer = (await findCustomerByPhone(trx, storeId, parsed.customer.phone))!;
  const out: Staged = { writes: [], added: false, updated: false };
  stage(out, 'customers', customer.pk, customer.data, { referred_by_id: referrer.pk }, () => customer.data, at);
  const referralId = referralIdOf(storeId, customer.pk);
  const prev = await getRow(trx, storeId, 'referrals', referralId);
  const referredOn = referral.referredOn ?? (prev?.data.referred_on as string | undefined) ?? parsed.vehicle?.delivery_date ?? today;
  const rf = { referrer_customer_id: referrer.pk, referred_customer_id: customer.pk, referred_name: parsed.customer.name, referred_on: referredOn, status: 'success' };
  stage(out, 'referrals', referralId, prev?.data, rf, () => ({ id: referralId, store_id: storeId, ...rf, created_at: at, updated_at: at, deleted_at: null }), at);
  if (out.writes.length > 0) await writeAsHqIn(trx, storeId, out.writes);
  return { added: out.added, updated: out.updated };
}

function toValues(r: Record<string, unknown>): Partial<Record<IngestColumn, string>> {
  const out: Partial<Record<IngestColumn, string>> = {};
  for (const [k, v] of Object.entries(r)) {
    const col = columnOf(k);
    if (col && v !== null && v !== undefined && String(v).trim() !== '') out[col] = String(v).trim();
  }
  return out;
}

function newCustomer(id: string, storeId: string, c: Parsed['customer'], at: string): Record<string, unknown> {
  return {
    id, store_id: storeId, name: c.name, name_pinyin: '', name_initials: '', gender: c.gender, phone: c.phone, phone2: null,
    birthday_calendar: c.birth_date ? 'solar' : null, birth_date: c.birth_date, birthday_lunar_month: null, birthday_lunar_day: null, birthday_lunar_leap: 0,
    wedding_date: null, address: c.address, city: c.city, advisor_id: null, member_since: null, tier: 'normal', tier_since: null,
    marketing_consent: 0, consent_recorded_at: null, consent_recorded_by: null, do_not_contact: 0, referred_by_id: null, note: null, created_at: at, updated_at: at, deleted_at: null,
  };
}
