import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { HqDatabase } from '../db/schema';
import { getRow, lockStore, putRow, setLastSeq, type Db } from './rows';

export interface StoreRow {
  storeId: string;
  code: string;
  name: string;
  timezone: string;
  lastSeq: number;
}

export async function storeByCode(db: Db, code: string): Promise<StoreRow | null> {
  const r = await db.selectFrom('hq_stores').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? { storeId: r.store_id, code: r.code, name: r.name, timezone: r.timezone, lastSeq: Number(r.last_seq) } : null;
}

/** Whether any visit of the store earned points (its spend or its kilometres): its points programme start is then fixed. */
export async function storeHasEarnings(db: Db, storeId: string): Promise<boolean> {
  const { rows } = await sql`
    SELECT 1 FROM sync_rows WHERE store_id = ${storeId} AND tbl = 'points_ledger' AND (data->>'kind') IN ('earn_visit', 'mileage') LIMIT 1`.execute(db);
  return rows.length > 0;
}

/** The store's own row as desks get it (tbl 'stores'). */
export async function storeRowData(db: Db, storeId: string): Promise<Record<string, unknown> | null> {
  return (await getRow(db, storeId, 'stores', storeId))?.data ?? null;
}

export async function storeById(db: Db, storeId: string): Promise<StoreRow | null> {
  const r = await db.selectFrom('hq_stores').selectAll().where('store_id', '=', storeId).executeTakeFirst();
  return r ? { storeId: r.store_id, code: r.code, name: r.name, timezone: r.timezone, lastSeq: Number(r.last_seq) } : null;
}

export async function insertStore(trx: Transaction<HqDatabase>, s: { storeId: string; code: string; name: string; timezone: string; at: string }): Promise<void> {
  await trx.insertInto('hq_stores').values({ store_id: s.storeId, code: s.code, name: s.name, timezone: s.timezone, last_seq: 0, min_seq: 0, created_at: s.at }).execute();
}

/**
 * Writes rows of a store as HQ (master data, staff, the store row, the rules config): each gets
 * the next seq of the store, in one transaction holding the store's lock.
 */
export async function writeAsHq(db: Kysely<HqDatabase>, storeId: string, rows: { tbl: string; pk: string; data: Record<string, unknown> }[]): Promise<void> {
  await db.transaction().execute(async (trx) => writeAsHqIn(trx, storeId, rows));
}

export async function writeAsHqIn(trx: Transaction<HqDatabase>, storeId: string, rows: { tbl: string; pk: string; data: Record<string, unknown> }[]): Promise<void> {
  let seq = await lockStore(trx, storeId);
  if (seq === null) throw new Error(`No store ${storeId}`);
  for (const r of rows) {
    const existing = await getRow(trx, storeId, r.tbl, r.pk);
    seq += 1;
    await putRow(trx, storeId, r.tbl, r.pk, r.data, seq, existing === null);
  }
  await setLastSeq(trx, storeId, seq);
}

export async function allStores(db: Db): Promise<StoreRow[]> {
  const rows = await db.selectFrom('hq_stores').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ storeId: r.store_id, code: r.code, name: r.name, timezone: r.timezone, lastSeq: Number(r.last_seq) }));
}

// ---------------------------------------------------------------- rules config

export async function getRulesConfig(db: Db): Promise<{ config: unknown; updatedAt: string } | null> {
  const r = await db.selectFrom('rules_config').selectAll().where('id', '=', 'global').executeTakeFirst();
  return r ? { config: r.config, updatedAt: r.updated_at } : null;
}

export async function putRulesConfig(trx: Transaction<HqDatabase>, config: unknown, at: string): Promise<void> {
  const json = JSON.stringify(config);
  await trx
    .insertInto('rules_config')
    .values({ id: 'global', config: json, updated_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ config: json, updated_at: at }))
    .execute();
}

export async function storeIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('hq_stores').select('store_id').orderBy('store_id').execute();
  return rows.map((r) => r.store_id);
}

// ---------------------------------------------------------------- enrolment and devices

export async function insertEnrolCode(db: Db, c: { codeHash: string; storeId: string; at: string; expiresAt: string }): Promise<void> {
  await db.insertInto('enrol_codes').values({ code_hash: c.codeHash, store_id: c.storeId, created_at: c.at, expires_at: c.expiresAt, used_at: null, device_id: null }).execute();
}

/** Takes a code for a device: returns its store when the code exists, is unused and unexpired (marking it used), else why not. */
export async function takeEnrolCode(trx: Transaction<HqDatabase>, codeHash: string, deviceId: string, at: string): Promise<{ storeId: string } | { refused: 'unknown' | 'used' | 'expired' }> {
  const row = await trx.selectFrom('enrol_codes').selectAll().where('code_hash', '=', codeHash).forUpdate().executeTakeFirst();
  if (!row) return { refused: 'unknown' };
  if (row.used_at) return { refused: 'used' };
  if (row.expires_at <= at) return { refused: 'expired' };
  await trx.updateTable('enrol_codes').set({ used_at: at, device_id: deviceId }).where('code_hash', '=', codeHash).execute();
  return { storeId: row.store_id };
}

/** The store a code enrols into, without using it up (null: no such code). */
export async function enrolCodeStore(trx: Transaction<HqDatabase>, codeHash: string): Promise<string | null> {
  const row = await trx.selectFrom('enrol_codes').select('store_id').where('code_hash', '=', codeHash).executeTakeFirst();
  return row?.store_id ?? null;
}

export async function insertDevice(trx: Transaction<HqDatabase>, d: { storeId: string; deviceId: string; name: string; tokenHash: string; at: string; lastMutationId?: number }): Promise<void> {
  await trx.insertInto('devices').values({ store_id: d.storeId, device_id: d.deviceId, name: d.name, token_hash: d.tokenHash, created_at: d.at, last_mutation_id: d.lastMutationId ?? 0 }).execute();
}

/** A device enrolled again takes its predecessor's place: its mutation count carried on, the old one revoked. Returns that count (0 without it). */
export async function takeOverDevice(trx: Transaction<HqDatabase>, storeId: string, deviceId: string, at: string): Promise<number> {
  const old = await trx.selectFrom('devices').select(['last_mutation_id']).where('store_id', '=', storeId).where('device_id', '=', deviceId).forUpdate().executeTakeFirst();
  if (!old) return 0;
  await trx.updateTable('devices').set({ revoked_at: at }).where('store_id', '=', storeId).where('device_id', '=', deviceId).where('revoked_at', 'is', null).execute();
  return Number(old.last_mutation_id);
}

export interface DeviceRow {
  storeId: string;
  deviceId: string;
  name: string;
  tokenHash: string;
  createdAt: string;
  revokedAt: string | null;
  lastMutationId: number;
  lastPushAt: string | null;
  lastPullAt: string | null;
}

export const toDevice = (r: Selectable<HqDatabase['devices']>): DeviceRow => ({
  storeId: r.store_id,
  deviceId: r.device_id,
  name: r.name,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastMutationId: Number(r.last_mutation_id),
  lastPushAt: r.last_push_at,
  lastPullAt: r.last_pull_at,
});

export async function getDevice(db: Db, storeId: string, deviceId: string, lock = false): Promise<DeviceRow | null> {
  let q = db.selectFrom('devices').selectAll().where('store_id', '=', storeId).where('device_id', '=', deviceId);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? toDevice(r) : null;
}

export async function listDevices(db: Db, storeId?: string): Promise<DeviceRow[]> {
  let q = db.selectFrom('devices').selectAll();
  if (storeId) q = q.where('store_id', '=', storeId);
  return (await q.orderBy('store_id').orderBy('created_at').execute()).map(toDevice);
}

/** Revokes a device by id (in whichever store); false when there is no such device. */
export async function revokeDevice(db: Db, deviceId: string, at: string): Promise<boolean> {
  const r = await db.updateTable('devices').set({ revoked_at: at }).where('device_id', '=', deviceId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function setDeviceProgress(db: Db, storeId: string, deviceId: string, patch: { lastMutationId?: number; lastPushAt?: string; lastPullAt?: string }): Promise<void> {
  const set: Partial<{ last_mutation_id: number; last_push_at: string; last_pull_at: string }> = {};
  if (patch.lastMutationId !== undefined) set.last_mutation_id = patch.lastMutationId;
  if (patch.lastPushAt !== undefined) set.last_push_at = patch.lastPushAt;
  if (patch.lastPullAt !== undefined) set.last_pull_at = patch.lastPullAt;
  await db.updateTable('devices').set(set).where('store_id', '=', storeId).where('device_id', '=', deviceId).execute();
}

// ---------------------------------------------------------------- mutation results

export interface StoredResult {
  id: number;
  status: 'applied' | 'rejected';
  code: string | null;
  message: string | null;
  details: Record<string, unknown> | null;
}

/** What a push decided for one client mutation. */
export type MutationResultInput = { mutationId: number; name: string; status: 'applied' | 'rejected'; code?: string | undefined; message?: string | undefined; details?: Record<string, unknown> | undefined };

/** A `mutation_results` row: one per (store, device, mutation), whichever path writes it. */
export function resultRow(storeId: string, deviceId: string, at: string, r: MutationResultInput) {
  return {
    store_id: storeId,
    device_id: deviceId,
    mutation_id: r.mutationId,
    name: r.name,
    status: r.status,
    code: r.code ?? null,
    message: r.message ?? null,
    details: r.details ? JSON.stringify(r.details) : null,
    at,
  };
}

export async function insertResult(trx: Transaction<HqDatabase>, r: MutationResultInput & { storeId: string; deviceId: string; at: string }): Promise<void> {
  await trx.insertInto('mutation_results').values(resultRow(r.storeId, r.deviceId, r.at, r)).execute();
}

export async function insertResults(trx: Transaction<HqDatabase>, storeId: string, deviceId: string, at: string, results: MutationResultInput[]): Promise<void> {
  for (let i = 0; i < results.length; i += 500) {
    await trx
      .insertInto('mutation_results')
      .values(results.slice(i, i + 500).map((r) => resultRow(storeId, deviceId, at, r)))
      .execute();
  }
}

/** Stored outcomes of some of a device's mutations. */
export async function getResults(db: Db, storeId: string, deviceId: string, ids: number[]): Promise<Map<number, StoredResult>> {
  const out = new Map<number, StoredResult>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('mutation_results').selectAll().where('store_id', '=', storeId).where('device_id', '=', deviceId).where('mutation_id', 'in', ids).execute();
  for (const r of rows) out.set(Number(r.mutation_id), { id: Number(r.mutation_id), status: r.status, code: r.code, message: r.message, details: r.details as Record<string, unknown> | null });
  return out;
}

export async function getResult(db: Db, storeId: string, deviceId: string, mutationId: number): Promise<StoredResult | null> {
  const r = await db.selectFrom('mutation_results').selectAll().where('store_id', '=', storeId).where('device_id', '=', deviceId).where('mutation_id', '=', mutationId).executeTakeFirst();
  return r ? { id: Number(r.mutation_id), status: r.status, code: r.code, message: r.message, details: r.details as Record<string, unknown> | null } : null;
}

/** The device's most recent rejections (newest first), at most `limit`. */
export async function recentRejections(db: Db, storeId: string, deviceId: string, limit: number): Promise<StoredResult[]> {
  const rows = await db
    .selectFrom('mutation_results')
    .selectAll()
    .where('store_id', '=', storeId)
    .where('device_id', '=', deviceId)
    .where('status', '=', 'rejected')
    .orderBy('mutation_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.mutation_id), status: r.status, code: r.code, message: r.message, details: r.details as Record<string, unknown> | null }));
}

/**
 * A push's first statement: locks the store's row (serialising its writes, like rows.ts lockStore)
 * and the device's row, returning last_seq and the device; null when either is missing.
 */
export async function lockStoreAndDevice(trx: Transaction<HqDatabase>, storeId: string, deviceId: string): Promise<{ lastSeq: number; device: DeviceRow } | null> {
  const r = await trx
    .selectFrom('hq_stores as s')
    .innerJoin('devices as d', 'd.store_id', 's.store_id')
    .select('s.last_seq')
    .selectAll('d')
    .where('s.store_id', '=', storeId)
    .where('d.device_id', '=', deviceId)
    .forUpdate()
    .executeTakeFirst();
  return r ? { lastSeq: Number(r.last_seq), device: toDevice(r) } : null;
}
