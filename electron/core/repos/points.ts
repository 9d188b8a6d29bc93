import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { correctionOf, type DbLedgerKind, type LedgerEntryView } from '../../../shared/domain/points-view';
import type { Tier } from '../../../shared/domain/types';
import type { CarVisitState } from '../../../shared/domain/rules/points';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

/** The customer's balance: the sum of the append-only ledger. */
export async function pointsBalance(db: Db, customerId: string): Promise<number> {
  const row = await db
    .selectFrom('points_ledger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), eb.lit(0)).as('balance'))
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/** The latest ledger entries with who wrote them, the visit they were earned on and the other side of a transfer. */
export async function ledgerEntries(db: Db, customerId: string, limit: number, onlyId?: string): Promise<LedgerEntryView[]> {
  let q = db
    .selectFrom('points_ledger as l')
    .leftJoin('staff as s', 's.id', 'l.created_by')
    .leftJoin('visits as v', 'v.id', 'l.visit_id')
    .leftJoin('customers as cp', 'cp.id', 'l.counterparty_id')
    .select([
      'l.id', 'l.entry_date', 'l.kind', 'l.points', 'l.visit_id', 'v.visit_date', 'v.amount_fen', 'l.counterparty_id', 'cp.name as counterpartyName',
      'l.note', 's.name as createdBy', 'l.created_at', 'l.reverses_id',
    ])
    .where('l.customer_id', '=', customerId);
  if (onlyId) q = q.where('l.id', '=', onlyId);
  const rows = await q.orderBy('l.entry_date', 'desc').orderBy('l.created_at', 'desc').orderBy('l.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    date: r.entry_date,
    kind: r.kind as DbLedgerKind,
    points: r.points,
    visit: r.visit_id && r.visit_date ? { id: r.visit_id, date: r.visit_date, amountFen: r.amount_fen ?? 0 } : null,
    counterparty: r.counterparty_id ? { id: r.counterparty_id, name: r.counterpartyName ?? '' } : null,
    note: r.note,
    createdBy: r.createdBy,
    createdAt: r.created_at,
    corrects: correctionOf(r.kind, r.reverses_id),
  }));
}

export interface EarningVisit {
  id: string;
  customerId: string;
  vehicleId: string;
  date: string;
  amountFen: number;
  deleted: boolean;
  /** The odometer reading of this visit. */
  mileageKm: number | null;
}

/**
 * One customer's visits of one car, with their readings and whether each earned (spend or mileage):
 * what the count of mileage points reads (shared/domain/rules/points.ts visitMileage). Deleted ones
 * too (one that earned still counts). One EXISTS per kind: each goes through its partial unique index.
 */
const CAR_VISITS = `SELECT v.id, v.visit_date, v.mileage_km, v.deleted_at IS NOT NULL AS deleted,
    (EXISTS (SELECT 1 FROM points_ledger l WHERE l.visit_id = v.id AND l.kind = 'earn_visit' AND l.customer_id = v.customer_id)
      OR EXISTS (SELECT 1 FROM points_ledger l WHERE l.visit_id = v.id AND l.kind = 'mileage' AND l.customer_id = v.customer_id)) AS earned
  FROM visits v WHERE v.customer_id = ? AND v.vehicle_id = ?`;
type CarVisitRow = { id: string; visit_date: string; mileage_km: number | null; deleted: number; earned: number };
const carVisitState = (r: CarVisitRow): CarVisitState => ({ id: r.id, date: r.visit_date, km: r.mileage_km, deleted: r.deleted === 1, earned: r.earned === 1 });

/**
 * The visits the dealer system moved to another customer after this customer earned on them, of
 * any of their cars: still theirs for the count, earned, with their readings (as HQ counts them:
 * hq/repos/rows.ts carMileageRows). Through the customer's entries (ledger_customer), once per customer.
 */
const MOVED_VISITS = `SELECT DISTINCT v.id, v.vehicle_id, v.visit_date, v.mileage_km, v.deleted_at IS NOT NULL AS deleted, 1 AS earned
  FROM points_ledger l JOIN visits v ON v.id = l.visit_id
  WHERE l.customer_id = ? AND l.kind IN ('earn_visit', 'mileage') AND v.customer_id IS NOT ?`;
type MovedVisitRow = CarVisitRow & { vehicle_id: string };

/**
 * The mileage points a customer's entries hold for each of their cars: mileage earnings and HQ's
 * mileage corrections (the adjustments naming the entry they adjust) of its visits, a visit moved to
 * another customer since included. Once per customer (a fleet's panel read it once per car).
 */
const HELD_BY_CAR = `SELECT v.vehicle_id, sum(l.points) AS held
  FROM points_ledger l JOIN visits v ON v.id = l.visit_id
  WHERE l.customer_id = ? AND (l.kind = 'mileage' OR (l.kind = 'adjustment' AND l.reverses_id IS NOT NULL))
  GROUP BY v.vehicle_id`;
type HeldRow = { vehicle_id: string; held: number };

/** What a customer's entries say about all their cars: visits moved away that still count, and what each car holds. */
interface CustomerCars {
  moved: MovedVisitRow[];
  held: Map<string, number>;
}
const customerCarsOf = (moved: MovedVisitRow[], held: HeldRow[]): CustomerCars => ({ moved, held: new Map(held.map((h) => [h.vehicle_id, Number(h.held)])) });

/** A customer's car as the count of mileage points reads it: its visits and what its entries hold. */
export interface CarMileageNow {
  visits: CarVisitState[];
  held: number;
}
const carMileageOf = (own: CarVisitRow[], cars: CustomerCars, vehicleId: string): CarMileageNow => ({
  visits: [...own, ...cars.moved.filter((m) => m.vehicle_id === vehicleId)].map(carVisitState),
  held: cars.held.get(vehicleId) ?? 0,
});

export async function carMileageNow(db: Db, customerId: string, vehicleId: string): Promise<CarMileageNow> {
  // The panel's statements as they are.
  const own = await db.executeQuery<CarVisitRow>(CompiledQuery.raw(CAR_VISITS, [customerId, vehicleId]));
  const moved = await db.executeQuery<MovedVisitRow>(CompiledQuery.raw(MOVED_VISITS, [customerId, customerId]));
  const held = await db.executeQuery<HeldRow>(CompiledQuery.raw(HELD_BY_CAR, [customerId]));
  return carMileageOf(own.rows, customerCarsOf(moved.rows, held.rows), vehicleId);
}

export async function visitOf(db: Db, visitId: string): Promise<EarningVisit | null> {
  const { rows } = await sql<{ id: string; customer_id: string; vehicle_id: string; visit_date: string; amount_fen: number; deleted_at: string | null; mileage_km: number | null }>`
    SELECT v.id, v.customer_id, v.vehicle_id, v.visit_date, v.amount_fen, v.deleted_at, v.mileage_km FROM visits v WHERE v.id = ${visitId}`.execute(db);
  const r = rows[0];
  return r ? { id: r.id, customerId: r.customer_id, vehicleId: r.vehicle_id, date: r.visit_date, amountFen: r.amount_fen, deleted: r.deleted_at !== null, mileageKm: r.mileage_km } : null;
}

/** A successful referral HQ recorded for this referrer, and whether its points were earned. */
export interface EarningReferral {
  id: string;
  referredCustomerId: string | null;
  referredName: string | null;
  referredOn: string;
  status: string;
  earned: boolean;
}

const REFERRAL_EARNED = `EXISTS (SELECT 1 FROM points_ledger l WHERE l.kind = 'referral' AND l.customer_id = r.referrer_customer_id AND l.counterparty_id = r.referred_customer_id)`;

export async function referralOf(db: Db, referralId: string, referrerId: string): Promise<EarningReferral | null> {
  const { rows } = await sql<{ id: string; referred_customer_id: string | null; referred_name: string | null; referred_on: string; status: string; earned: number }>`
    SELECT r.id, r.referred_customer_id, r.referred_name, r.referred_on, r.status, ${sql.raw(REFERRAL_EARNED)} AS earned
    FROM referrals r WHERE r.id = ${referralId} AND r.referrer_customer_id = ${referrerId} AND r.deleted_at IS NULL`.execute(db);
  const r = rows[0];
  return r ? { id: r.id, referredCustomerId: r.referred_customer_id, referredName: r.referred_name, referredOn: r.referred_on, status: r.status, earned: r.earned === 1 } : null;
}

/**
 * Whether the visit has earned its points (its spend, its mileage) already. One lookup per kind:
 * each goes through its partial unique index (ledger_visit_earned, ledger_visit_mileage), which
 * `kind IN (...)` cannot use (a scan of the whole ledger, ~1.3M rows at 100k customers).
 */
export async function visitEarned(db: Db, visitId: string): Promise<boolean> {
  for (const kind of ['earn_visit', 'mileage'] as const) {
    const r = await db.selectFrom('points_ledger').select('id').where('visit_id', '=', visitId).where('kind', '=', kind).executeTakeFirst();
    if (r !== undefined) return true;
  }
  return false;
}

/** A customer who can hold points, and the day their store's points programme started (null: no start). */
export async function pointsCustomer(db: Db, customerId: string): Promise<{ id: string; storeId: string; name: string; tier: Tier; pointsFrom: string | null } | null> {
  const r = await db
    .selectFrom('customers as c')
    .leftJoin('stores as s', 's.id', 'c.store_id')
    .select(['c.id', 'c.store_id', 'c.name', 'c.tier', 's.points_from'])
    .where('c.id', '=', customerId)
    .where('c.deleted_at', 'is', null)
    .executeTakeFirst();
  return r ? { id: r.id, storeId: r.store_id, name: r.name, tier: r.tier, pointsFrom: r.points_from ?? null } : null;
}

export interface LedgerRow {
  id: string;
  storeId: string;
  customerId: string;
  date: string;
  kind: DbLedgerKind;
  points: number;
  visitId?: string | null;
  counterpartyId?: string | null;
  note?: string | null;
  /** A visit's spend points: the rate they were earned at (points_rate; HQ follows a corrected amount with it). */
  pointsRate?: number | null;
  createdBy: string;
  at: string;
}

/** Appends one entry (the ledger is never updated). */
export async function appendLedger(db: Db, e: LedgerRow): Promise<void> {
  await db
    .insertInto('points_ledger')
    .values({
      id: e.id, store_id: e.storeId, customer_id: e.customerId, entry_date: e.date, kind: e.kind, points: e.points,
      visit_id: e.visitId ?? null, counterparty_id: e.counterpartyId ?? null, reverses_id: null, note: e.note ?? null,
      created_by: e.createdBy, created_at: e.at, points_rate: e.pointsRate ?? null,
    })
    .execute();
}

// The account panel's reads on prepared statements kept per connection (opened with every customer).
export const PANEL_SQL = {
  totals: 'SELECT coalesce(sum(points), 0) AS balance, count(*) AS n FROM points_ledger WHERE customer_id = ?',
  entries: `SELECT l.id, l.entry_date, l.kind, l.points, l.visit_id, v.visit_date, v.amount_fen, l.counterparty_id, cp.name AS counterpartyName,
      l.note, s.name AS createdBy, l.created_at, l.reverses_id
    FROM points_ledger l
    LEFT JOIN staff s ON s.id = l.created_by
    LEFT JOIN visits v ON v.id = l.visit_id
    LEFT JOIN customers cp ON cp.id = l.counterparty_id
    WHERE l.customer_id = ? ORDER BY l.entry_date DESC, l.created_at DESC, l.id DESC LIMIT ?`,
  earnable: `SELECT v.id, v.visit_date, v.amount_fen, vh.plate, v.vehicle_id, v.mileage_km FROM visits v LEFT JOIN vehicles vh ON vh.id = v.vehicle_id
    WHERE v.customer_id = ? AND v.deleted_at IS NULL AND (v.amount_fen > 0 OR v.mileage_km IS NOT NULL) AND v.visit_date <= ? AND v.visit_date >= ?
      AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.visit_id = v.id AND l.kind = 'earn_visit')
      AND NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.visit_id = v.id AND l.kind = 'mileage')
    ORDER BY v.visit_date DESC LIMIT ?`,
  carVisits: CAR_VISITS,
  movedVisits: MOVED_VISITS,
  heldByCar: HELD_BY_CAR,
  earnableReferrals: `SELECT r.id, r.referred_on, coalesce(c.name, r.referred_name) AS name FROM referrals r LEFT JOIN customers c ON c.id = r.referred_customer_id
    WHERE r.referrer_customer_id = ? AND r.status = 'success' AND r.deleted_at IS NULL AND r.referred_customer_id IS NOT NULL AND r.referred_on >= ? AND NOT ${REFERRAL_EARNED}
    ORDER BY r.referred_on DESC, r.id LIMIT 20`,
} as const;
const prepared = new WeakMap<BetterSqlite3.Database, Record<keyof typeof PANEL_SQL, BetterSqlite3.Statement>>();
function st(sqlite: BetterSqlite3.Database) {
  let s = prepared.get(sqlite);
  if (!s) prepared.set(sqlite, (s = Object.fromEntries(Object.entries(PANEL_SQL).map(([k, q]) => [k, sqlite.prepare(q)])) as Record<keyof typeof PANEL_SQL, BetterSqlite3.Statement>));
  return s;
}

interface EntryRow {
  id: string; entry_date: string; kind: string; points: number; visit_id: string | null; visit_date: string | null; amount_fen: number | null;
  counterparty_id: string | null; counterpartyName: string | null; note: string | null; createdBy: string | null; created_at: string; reverses_id: string | null;
}

/** How many visits the panel reads per one it shows: most with a reading still earn, a run of free checks may not. */
const EARNABLE_READ_FACTOR = 10;
/** The visits that may still earn the panel shows, latest first. */
export const EARNABLE_SHOWN = 10;

/** Balance, entry count, the latest entries and the visits that may still earn (spend or mileage; the caller counts what): what the points panel shows. */
export function pointsAccountRows(
  sqlite: BetterSqlite3.Database,
  customerId: string,
  days: { today: string; pointsFrom: string | null },
  limit: number,
  earnableLimit = EARNABLE_SHOWN,
) {
  const s = st(sqlite);
  const totals = s.totals.get(customerId) as { balance: number; n: number };
  const entries = (s.entries.all(customerId, limit) as EntryRow[]).map(
    (r): LedgerEntryView => ({
      id: r.id, date: r.entry_date, kind: r.kind as DbLedgerKind, points: r.points,
      visit: r.visit_id && r.visit_date ? { id: r.visit_id, date: r.visit_date, amountFen: r.amount_fen ?? 0 } : null,
      counterparty: r.counterparty_id ? { id: r.counterparty_id, name: r.counterpartyName ?? '' } : null,
      note: r.note, createdBy: r.createdBy, createdAt: r.created_at, corrects: correctionOf(r.kind, r.reverses_id),
    }),
  );
  // Visits with a reading may earn nothing (their kilometres are paid): read more, the caller keeps the first earnableLimit that earn.
  const rows = s.earnable.all(customerId, days.today, days.pointsFrom ?? '', earnableLimit * EARNABLE_READ_FACTOR) as { id: string; visit_date: string; amount_fen: number; plate: string | null; vehicle_id: string; mileage_km: number | null }[];
  // Each car's visits once, for what earning each visit adds to its mileage points.
  const cars = new Map<string, CarMileageNow>();
  let customerCars: CustomerCars | null = null;
  for (const r of rows) {
    if (r.mileage_km === null || cars.has(r.vehicle_id)) continue;
    customerCars ??= customerCarsOf(s.movedVisits.all(customerId, customerId) as MovedVisitRow[], s.heldByCar.all(customerId) as HeldRow[]);
    cars.set(r.vehicle_id, carMileageOf(s.carVisits.all(customerId, r.vehicle_id) as CarVisitRow[], customerCars, r.vehicle_id));
  }
  const earnable = rows.map((r) => ({ ...r, car: cars.get(r.vehicle_id) ?? null }));
  const referrals = s.earnableReferrals.all(customerId, days.pointsFrom ?? '') as { id: string; referred_on: string; name: string | null }[];
  return { balance: Number(totals.balance), entryCount: Number(totals.n), entries, earnable, referrals };
}
