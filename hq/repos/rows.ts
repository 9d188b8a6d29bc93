import { sql, type Kysely, type Transaction } from 'kysely';
import type { HqDatabase } from '../db/schema';
import type { CarVisitReading } from '../../shared/domain/rules/points';

/** The store's row store (sync_rows) and its change sequence. All writes of a store happen inside lockStore(). */

export type Db = Kysely<HqDatabase> | Transaction<HqDatabase>;

export interface StoredRow {
  data: Record<string, unknown>;
  seq: number;
  deleted: boolean;
}

/** Locks the store's row (serialising its writes) and returns its last_seq, or null when there is no such store. */
export async function lockStore(trx: Transaction<HqDatabase>, storeId: string): Promise<number | null> {
  const row = await trx.selectFrom('hq_stores').select('last_seq').where('store_id', '=', storeId).forUpdate().executeTakeFirst();
  return row ? Number(row.last_seq) : null;
}

export async function setLastSeq(trx: Transaction<HqDatabase>, storeId: string, lastSeq: number): Promise<void> {
  await trx.updateTable('hq_stores').set({ last_seq: lastSeq }).where('store_id', '=', storeId).execute();
}

export async function getRow(db: Db, storeId: string, tbl: string, pk: string): Promise<StoredRow | null> {
  const row = await db
    .selectFrom('sync_rows')
    .select(['data', 'seq', 'deleted'])
    .where('store_id', '=', storeId)
    .where('tbl', '=', tbl)
    .where('pk', '=', pk)
    .executeTakeFirst();
  return row ? { data: row.data as Record<string, unknown>, seq: Number(row.seq), deleted: row.deleted } : null;
}

/** Writes a row with its new seq; `isNew` keeps the per-table totals right. */
export async function putRow(trx: Transaction<HqDatabase>, storeId: string, tbl: string, pk: string, data: Record<string, unknown>, seq: number, isNew: boolean): Promise<void> {
  const json = JSON.stringify(data);
  await trx
    .insertInto('sync_rows')
    .values({ store_id: storeId, tbl, pk, data: json, seq, deleted: false })
    .onConflict((oc) => oc.columns(['store_id', 'tbl', 'pk']).doUpdateSet({ data: json, seq, deleted: false }))
    .execute();
  if (isNew) {
    await trx
      .insertInto('sync_totals')
      .values({ store_id: storeId, tbl, n: 1 })
      .onConflict((oc) => oc.columns(['store_id', 'tbl']).doUpdateSet({ n: sql`sync_totals.n + 1` }))
      .execute();
  }
}

/** Several rows of a store at once (absent keys are missing from the map); key = tbl + NUL + pk. */
export async function getRows(db: Db, storeId: string, keys: { tbl: string; pk: string }[]): Promise<Map<string, StoredRow>> {
  const out = new Map<string, StoredRow>();
  if (keys.length === 0) return out;
  const rows = await db
    .selectFrom('sync_rows')
    .select(['tbl', 'pk', 'data', 'seq', 'deleted'])
    .where('store_id', '=', storeId)
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('tbl', '=', k.tbl), eb('pk', '=', k.pk)]))))
    .execute();
  for (const r of rows) out.set(`${r.tbl}\u0000${r.pk}`, { data: r.data as Record<string, unknown>, seq: Number(r.seq), deleted: r.deleted });
  return out;
}

export interface RowWrite {
  tbl: string;
  pk: string;
  data: Record<string, unknown>;
  seq: number;
  deleted: boolean;
  /** Written again as HQ has it (a refused mutation's row, hq/sync/push.ts): already in the table. */
  resent?: boolean;
}

/** Writes rows (upserts and tombstones) with their seqs in one statement, and moves the per-table totals by `totalsDelta`. */
export async function putRows(trx: Transaction<HqDatabase>, storeId: string, rows: RowWrite[], totalsDelta: Map<string, number>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await trx
      .insertInto('sync_rows')
      .values(chunk.map((r) => ({ store_id: storeId, tbl: r.tbl, pk: r.pk, data: JSON.stringify(r.data), seq: r.seq, deleted: r.deleted })))
      .onConflict((oc) => oc.columns(['store_id', 'tbl', 'pk']).doUpdateSet((eb) => ({ data: eb.ref('excluded.data'), seq: eb.ref('excluded.seq'), deleted: eb.ref('excluded.deleted') })))
      .execute();
  }
  const deltas = [...totalsDelta].filter(([, n]) => n !== 0);
  if (deltas.length > 0) {
    await trx
      .insertInto('sync_totals')
      .values(deltas.map(([tbl, n]) => ({ store_id: storeId, tbl, n })))
      .onConflict((oc) => oc.columns(['store_id', 'tbl']).doUpdateSet({ n: sql`sync_totals.n + excluded.n` }))
      .execute();
  }
}

/** Tombstones a row (a desk's delete in an 'editable' table): pulled as op 'delete'. */
export async function deleteRow(trx: Transaction<HqDatabase>, storeId: string, tbl: string, pk: string, data: Record<string, unknown>, seq: number): Promise<void> {
  const r = await trx
    .updateTable('sync_rows')
    .set({ deleted: true, seq, data: JSON.stringify(data) })
    .where('store_id', '=', storeId)
    .where('tbl', '=', tbl)
    .where('pk', '=', pk)
    .where('deleted', '=', false)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) > 0) {
    await trx.updateTable('sync_totals').set({ n: sql`n - 1` }).where('store_id', '=', storeId).where('tbl', '=', tbl).execute();
  }
}

/**
 * `(data->>'col') = value AND ...` for a row key: the column names written out as literals (they are a
 * synced table's column names, never input), so that the expression indexes on data->>'visit_id' and
 * data->>'customer_id' (HQ migrations 0001, 0003, 0004) can serve the lookup.
 */
function sameValues(key: Readonly<Record<string, string>>) {
  return sql.join(Object.entries(key).map(([column, value]) => sql`(data->>${sql.lit(column)}) = ${value}`), sql` AND `);
}

/** Whether the store's ledger at HQ has an entry of `kind` with these values (visit_id, customer_id, counterparty_id). */
export async function ledgerEntryExists(db: Db, storeId: string, kind: string, key: Readonly<Record<string, string>>): Promise<boolean> {
  const row = await sql<{ found: number }>`
    SELECT 1 AS found FROM sync_rows
    WHERE store_id = ${storeId} AND tbl = 'points_ledger' AND NOT deleted AND (data->>'kind') = ${kind} AND ${sameValues(key)}
    LIMIT 1`.execute(db);
  return row.rows.length > 0;
}

/**
 * Whether another live row of the table (not `pk`) has these values in its unique columns
 * (shared/sync/tables.ts uniqueKey), among the customer's rows (HQ migration 0003's partial index: the
 * table named as a literal, so that every plan can use it; `tbl` is a synced table's name, never input).
 */
export async function otherRowWithKey(db: Db, storeId: string, tbl: string, pk: string, key: Readonly<Record<string, string>>): Promise<string | null> {
  const row = await sql<{ pk: string }>`
    SELECT pk FROM sync_rows
    WHERE store_id = ${storeId} AND tbl = ${sql.lit(tbl)} AND (data->>'customer_id') = ${key.customer_id ?? null} AND NOT deleted AND pk <> ${pk}
      AND ${sameValues(key)}
    LIMIT 1`.execute(db);
  return row.rows[0]?.pk ?? null;
}

/** The customer's live, open tasks of these rules at HQ (their ids), by the customer index of HQ migration 0003. */
export async function openTasksOfRules(db: Db, storeId: string, customerId: string, rules: readonly string[]): Promise<string[]> {
  if (rules.length === 0) return [];
  const rows = await sql<{ pk: string }>`
    SELECT pk FROM sync_rows
    WHERE store_id = ${storeId} AND tbl = 'tasks' AND (data->>'customer_id') = ${customerId} AND NOT deleted
      AND (data->>'status') = 'open' AND (data->>'rule') IN (${sql.join(rules)})`.execute(db);
  return rows.rows.map((r) => r.pk);
}

/** The customer's points balance at HQ (sum of the ledger). */
export async function pointsBalance(db: Db, storeId: string, customerId: string): Promise<number> {
  const row = await sql<{ balance: string | number | null }>`
    SELECT COALESCE(SUM((data->>'points')::bigint), 0) AS balance FROM sync_rows
    WHERE store_id = ${storeId} AND tbl = 'points_ledger' AND (data->>'customer_id') = ${customerId} AND NOT deleted`.execute(db);
  return Number(row.rows[0]?.balance ?? 0);
}

export async function findCustomerByPhone(db: Db, storeId: string, phone: string): Promise<{ pk: string; data: Record<string, unknown> } | null> {
  const row = await db
    .selectFrom('sync_rows')
    .select(['pk', 'data'])
    .where('store_id', '=', storeId)
    .where('tbl', '=', 'customers')
    .where(sql`data->>'phone'`, '=', phone)
    .where('deleted', '=', false)
    .executeTakeFirst();
  return row ? { pk: row.pk, data: row.data as Record<string, unknown> } : null;
}

export async function findVehicleByVin(db: Db, storeId: string, vin: string): Promise<{ pk: string; data: Record<string, unknown> } | null> {
  const row = await db
    .selectFrom('sync_rows')
    .select(['pk', 'data'])
    .where('store_id', '=', storeId)
    .where('tbl', '=', 'vehicles')
    .where(sql`data->>'vin'`, '=', vin)
    .where('deleted', '=', false)
    .executeTakeFirst();
  return row ? { pk: row.pk, data: row.data as Record<string, unknown> } : null;
}

export interface ChangeRow {
  seq: number;
  tbl: string;
  pk: string;
  /** The row as PostgreSQL prints the stored JSONB: sent on as it is, never parsed and re-encoded. */
  json: string;
  deleted: boolean;
}

/** A page of the store's change log as the JSON text of its `changes` items (protocol Change), ready to splice. */
export interface ChangesPage {
  /** Changes in the page (at most the limit asked). */
  count: number;
  /** The seq of its last change (null: none). */
  lastSeq: number | null;
  /** Whether more changes follow it. */
  hasMore: boolean;
  /** Its changes as comma-separated JSON objects, in seq order ('' when none). */
  json: string;
}

/**
 * The store's rows changed after `cursor` (up to `upTo`, when given), in seq order, at most `limit`: a keyset read on the
 * (store_id, seq) index (sync_rows_seq), no OFFSET, however deep the cursor. PostgreSQL renders
 * each change as JSON text and joins them: HQ's process gets one string per page instead of
 * `limit` rows to decode and re-join (a 10,000-row page cost ~80 ms of HQ's CPU as rows, the
 * bottleneck of an initial sync). One row more than `limit` is read to tell whether more follow.
 */
export async function changesPage(db: Db, storeId: string, cursor: number, limit: number, upTo: number | null = null): Promise<ChangesPage> {
  const slice = upTo === null ? sql`` : sql` AND seq <= ${upTo}`;
  const { rows } = await sql<{ count: string; last_seq: string | null; has_more: boolean; json: string }>`
    WITH page AS (
      SELECT seq, tbl, pk, data, deleted, row_number() OVER (ORDER BY seq) AS n
      FROM (SELECT seq, tbl, pk, data, deleted FROM sync_rows WHERE store_id = ${storeId} AND seq > ${cursor}${slice} ORDER BY seq LIMIT ${limit + 1}) r
    )
    SELECT count(*) FILTER (WHERE n <= ${limit}) AS count, max(seq) FILTER (WHERE n <= ${limit}) AS last_seq, count(*) > ${limit} AS has_more,
      coalesce(string_agg(
        concat('{"seq":', seq, ',"table":', to_json(tbl), ',"pk":', to_json(pk), CASE WHEN deleted THEN ',"op":"delete","row":null}' ELSE concat(',"op":"upsert","row":', data::text, '}') END),
        ',' ORDER BY seq) FILTER (WHERE n <= ${limit}), '') AS json
    FROM page`.execute(db);
  const r = rows[0]!;
  return { count: Number(r.count), lastSeq: r.last_seq === null ? null : Number(r.last_seq), hasMore: r.has_more, json: r.json };
}

export async function storeSeqs(db: Db, storeId: string): Promise<{ lastSeq: number; minSeq: number } | null> {
  const row = await db.selectFrom('hq_stores').select(['last_seq', 'min_seq']).where('store_id', '=', storeId).executeTakeFirst();
  return row ? { lastSeq: Number(row.last_seq), minSeq: Number(row.min_seq) } : null;
}

export async function totals(db: Db, storeId: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('sync_totals').select(['tbl', 'n']).where('store_id', '=', storeId).execute();
  return Object.fromEntries(rows.map((r) => [r.tbl, Number(r.n)]));
}

/** Drops the store's tombstones and raises min_seq to last_seq: older cursors then get cursor_expired. */
export async function compactTombstones(db: Kysely<HqDatabase>, storeId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const last = await lockStore(trx, storeId);
    if (last === null) return 0;
    const gone = await trx.deleteFrom('sync_rows').where('store_id', '=', storeId).where('deleted', '=', true).executeTakeFirst();
    await trx.updateTable('hq_stores').set({ min_seq: last }).where('store_id', '=', storeId).execute();
    return Number(gone.numDeletedRows);
  });
}

export async function logSecurity(db: Db, entry: { storeId: string; deviceId: string | null; kind: string; detail: Record<string, unknown> }): Promise<void> {
  await db
    .insertInto('security_log')
    .values({ store_id: entry.storeId, device_id: entry.deviceId, kind: entry.kind, detail: JSON.stringify(entry.detail), at: new Date().toISOString() })
    .execute();
}

export async function securityLog(db: Db, storeId: string): Promise<{ at: string; deviceId: string | null; kind: string; detail: Record<string, unknown> }[]> {
  const rows = await db.selectFrom('security_log').selectAll().where('store_id', '=', storeId).orderBy('id').execute();
  return rows.map((r) => ({ at: r.at, deviceId: r.device_id, kind: r.kind, detail: r.detail as Record<string, unknown> }));
}

/**
 * The store's ledger entries at HQ that name this visit and count its spend: its earning and HQ's
 * corrections of its amount (migration 0004's index). A correction of a mileage reading names the
 * entry it adjusts (reverses_id) and is not one of them.
 */
export async function visitSpendEntries(db: Db, storeId: string, visitId: string): Promise<Record<string, unknown>[]> {
  const rows = await sql<{ data: Record<string, unknown> }>`
    SELECT data FROM sync_rows
    WHERE store_id = ${storeId} AND tbl = 'points_ledger' AND (data->>'visit_id') = ${visitId} AND NOT deleted
      AND ((data->>'kind') = 'earn_visit' OR ((data->>'kind') = 'adjustment' AND (data->>'reverses_id') IS NULL))`.execute(db);
  return rows.rows.map((r) => r.data);
}

/** The customers whose entries earned on a visit (its spend or its kilometres; migration 0004's index), whoever's visit it is now. */
export async function visitEarners(db: Db, storeId: string, visitId: string): Promise<string[]> {
  const rows = await sql<{ customer_id: string }>`
    SELECT DISTINCT data->>'customer_id' AS customer_id FROM sync_rows
    WHERE store_id = ${storeId} AND tbl = 'points_ledger' AND (data->>'visit_id') = ${visitId} AND NOT deleted
      AND (data->>'kind') IN ('earn_visit', 'mileage')`.execute(db);
  return rows.rows.map((r) => r.customer_id);
}

/**
 * One customer's visits of one car at HQ (deleted ones too) with their readings, and the customer's
 * ledger entries naming a visit of that car, one moved to another customer since included: what the
 * recount of the car's mileage points needs (shared/domain/rules/points.ts mileageOwed), as the
 * desks read it (electron/core/repos/points.ts carMileageNow). A visit moved after this customer
 * earned on it is still one of this customer's visits of the car (its points and its reading stay
 * counted for them). Migration 0009's index finds the visits, 0001's the customer's entries.
 */
export async function carMileageRows(
  db: Db,
  storeId: string,
  customerId: string,
  vehicleId: string,
): Promise<{ visits: CarVisitReading[]; entries: Map<string, Record<string, unknown>>; pointsFrom: string | null }> {
  const visits = await sql<{ pk: string; data: Record<string, unknown>; deleted: boolean }>`
    SELECT pk, data, deleted FROM sync_rows
    WHERE store_id = ${storeId} AND tbl = 'visits' AND (data->>'customer_id') = ${customerId} AND (data->>'vehicle_id') = ${vehicleId}`.execute(db);
  const named = await sql<{ pk: string; data: Record<string, unknown>; visit: Record<string, unknown>; visitDeleted: boolean }>`
    SELECT l.pk, l.data, v.data AS visit, v.deleted AS "visitDeleted" FROM sync_rows l JOIN sync_rows v ON v.store_id = l.store_id AND v.tbl = 'visits' AND v.pk = (l.data->>'visit_id')
    WHERE l.store_id = ${storeId} AND l.tbl = 'points_ledger' AND (l.data->>'customer_id') = ${customerId} AND NOT l.deleted
      AND (v.data->>'vehicle_id') = ${vehicleId}`.execute(db);
  const entries = new Map<string, Record<string, unknown>>();
  const moved = new Map<string, CarVisitReading>();
  for (const r of named.rows) {
    entries.set(r.pk, r.data);
    const earning = r.data.kind === 'earn_visit' || r.data.kind === 'mileage';
    if (earning && r.visit.customer_id !== customerId) moved.set(String(r.data.visit_id), carVisitReading(String(r.data.visit_id), r.visit, r.visitDeleted));
  }
  // The store's points programme start (its row's points_from; desk migration 0033): what the desks count from.
  const store = await sql<{ points_from: string | null }>`
    SELECT data->>'points_from' AS points_from FROM sync_rows WHERE store_id = ${storeId} AND tbl = 'stores' AND pk = ${storeId}`.execute(db);
  return {
    pointsFrom: store.rows[0]?.points_from ?? null,
    visits: [...visits.rows.map((v) => carVisitReading(v.pk, v.data, v.deleted)), ...moved.values()],
    entries,
  };
}

/** A visit row at HQ as the count of a car's mileage points reads it. */
export function carVisitReading(pk: string, data: Record<string, unknown>, deleted: boolean): CarVisitReading {
  return { id: pk, date: String(data.visit_date), km: typeof data.mileage_km === 'number' ? data.mileage_km : null, deleted: deleted || data.deleted_at != null };
}

/** The store's appointments of one day at HQ (any status), keyed by pk (migration 0005's index). */
export async function appointmentsOfDay(db: Db, storeId: string, day: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = await sql<{ pk: string; data: Record<string, unknown> }>`
    SELECT pk, data FROM sync_rows
    WHERE store_id = ${storeId} AND tbl = 'appointments' AND (data->>'slot_date') = ${day} AND NOT deleted`.execute(db);
  return new Map(rows.rows.map((r) => [r.pk, r.data]));
}
