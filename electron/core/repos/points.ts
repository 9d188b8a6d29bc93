import type { Kysely } from 'kysely';
import type { DbLedgerKind, EarnableVisit, LedgerEntryView } from '../../../shared/domain/points-view';
import type { Tier } from '../../../shared/domain/types';
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

export async function countLedger(db: Db, customerId: string): Promise<number> {
  const row = await db.selectFrom('points_ledger').select((eb) => eb.fn.countAll<number>().as('n')).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
  return Number(row.n);
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
      'l.note', 's.name as createdBy', 'l.created_at',
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
  }));
}

/** Recent purchase visits of the customer (on or before today) that earned no points yet. */
export async function earnableVisits(db: Db, customerId: string, today: string, points: (amountFen: number) => number, limit = 10): Promise<EarnableVisit[]> {
  const rows = await db
    .selectFrom('visits as v')
    .leftJoin('vehicles as vh', 'vh.id', 'v.vehicle_id')
    .select(['v.id', 'v.visit_date', 'v.amount_fen', 'vh.plate'])
    .where('v.customer_id', '=', customerId)
    .where('v.deleted_at', 'is', null)
    .where('v.amount_fen', '>', 0)
    .where('v.visit_date', '<=', today)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('points_ledger as l').select('l.id').whereRef('l.visit_id', '=', 'v.id').where('l.kind', '=', 'earn_visit'))),
    )
    .orderBy('v.visit_date', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, date: r.visit_date, amountFen: r.amount_fen, plate: r.plate, points: points(r.amount_fen) }));
}

export async function visitOf(db: Db, visitId: string): Promise<{ id: string; customerId: string; date: string; amountFen: number; deleted: boolean } | null> {
  const r = await db.selectFrom('visits').select(['id', 'customer_id', 'visit_date', 'amount_fen', 'deleted_at']).where('id', '=', visitId).executeTakeFirst();
  return r ? { id: r.id, customerId: r.customer_id, date: r.visit_date, amountFen: r.amount_fen, deleted: r.deleted_at !== null } : null;
}

export async function visitEarned(db: Db, visitId: string): Promise<boolean> {
  const r = await db.selectFrom('points_ledger').select('id').where('visit_id', '=', visitId).where('kind', '=', 'earn_visit').executeTakeFirst();
  return r !== undefined;
}

export async function pointsCustomer(db: Db, customerId: string): Promise<{ id: string; storeId: string; name: string; tier: Tier } | null> {
  const r = await db.selectFrom('customers').select(['id', 'store_id', 'name', 'tier']).where('id', '=', customerId).where('deleted_at', 'is', null).executeTakeFirst();
  return r ? { id: r.id, storeId: r.store_id, name: r.name, tier: r.tier } : null;
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
      created_by: e.createdBy, created_at: e.at,
    })
    .execute();
}
