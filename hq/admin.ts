import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_RULES, parseRulesConfig } from '../shared/domain/rules/config';
import { RULES_CONFIG_PK, RULES_CONFIG_TABLE } from '../shared/sync/protocol';
import type { HqDatabase } from './db/schema';
import { allStores, getRulesConfig, insertEnrolCode, insertStore, listDevices, putRulesConfig, revokeDevice, storeByCode, storeHasEarnings, storeIds, storeRowData, writeAsHq, writeAsHqIn, type StoreRow } from './repos/admin';
import { isoDateIn } from '../shared/domain/calendar/dates';
import { isIsoDate } from '../shared/domain/rules/days';

/** HQ admin operations (the `hq` CLI and tests). Bad input throws AdminError naming the flag/field. */
export class AdminError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function required(field: string, value: string | undefined, max = 80): string {
  const v = value?.trim();
  if (!v) throw new AdminError(field, `--${field} is required`);
  if (v.length > max) throw new AdminError(field, `--${field} is longer than ${max} characters`);
  return v;
}

export async function requireStore(db: Kysely<HqDatabase>, code: string | undefined): Promise<StoreRow> {
  const c = required('store', code);
  const store = await storeByCode(db, c);
  if (!store) throw new AdminError('store', `No store with code ${c}`);
  return store;
}

function rulesRow(config: unknown, at: string) {
  return { tbl: RULES_CONFIG_TABLE, pk: RULES_CONFIG_PK, data: { id: RULES_CONFIG_PK, config, updated_at: at } };
}

/** The published rules config; the DOMAIN.md defaults until an admin publishes another. */
export async function currentRules(db: Kysely<HqDatabase>): Promise<unknown> {
  return (await getRulesConfig(db))?.config ?? DEFAULT_RULES;
}

/**
 * The day a store's points programme starts, from --points-from: a date, 'none' (all history earns),
 * or by default the store's today (what it imports before it goes live earns nothing).
 */
function pointsFromFlag(value: string | undefined, timezone: string): string | null {
  const v = value?.trim();
  if (!v) return isoDateIn(new Date(), timezone);
  if (v === 'none') return null;
  if (!isIsoDate(v)) throw new AdminError('points-from', `--points-from must be a date YYYY-MM-DD or none: ${v}`);
  return v;
}

export async function createStore(db: Kysely<HqDatabase>, input: { code?: string; name?: string; timezone?: string; 'points-from'?: string }): Promise<StoreRow & { pointsFrom: string | null }> {
  const code = required('code', input.code, 32);
  if (!/^[A-Za-z0-9_-]+$/.test(code)) throw new AdminError('code', '--code may hold letters, digits, - and _ only');
  const name = required('name', input.name);
  const timezone = input.timezone?.trim() || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new AdminError('timezone', `--timezone ${timezone} is not an IANA time zone`);
  }
  const pointsFrom = pointsFromFlag(input['points-from'], timezone);
  if (await storeByCode(db, code)) throw new AdminError('code', `A store with code ${code} exists already`);
  const storeId = uuidv7();
  const at = new Date().toISOString();
  const rules = await currentRules(db);
  await db.transaction().execute(async (trx) => {
    await insertStore(trx, { storeId, code, name, timezone, at });
    await writeAsHqIn(trx, storeId, [
      { tbl: 'stores', pk: storeId, data: { id: storeId, code, name, timezone, address: null, phone: null, created_at: at, updated_at: at, deleted_at: null, points_from: pointsFrom } },
      rulesRow(rules, at),
    ]);
  });
  return { storeId, code, name, timezone, lastSeq: 2, pointsFrom };
}

/**
 * Moves a store's points programme start (e.g. to the day it goes live), while none of its visits
 * has earned: after that, a new start would change what cars already paid count from.
 */
export async function setPointsFrom(db: Kysely<HqDatabase>, input: { store?: string; 'points-from'?: string }): Promise<{ pointsFrom: string | null }> {
  const store = await requireStore(db, input.store);
  if (input['points-from'] === undefined) throw new AdminError('points-from', '--points-from is required (a date YYYY-MM-DD, or none)');
  const pointsFrom = pointsFromFlag(input['points-from'], store.timezone);
  if (await storeHasEarnings(db, store.storeId)) {
    throw new AdminError('points-from', `store ${store.code} has visits that earned points already: its points programme start can no longer change`);
  }
  const row = await storeRowData(db, store.storeId);
  if (!row) throw new AdminError('store', `store ${store.code} has no store row`);
  await writeAsHq(db, store.storeId, [{ tbl: 'stores', pk: store.storeId, data: { ...row, points_from: pointsFrom, updated_at: new Date().toISOString() } }]);
  return { pointsFrom };
}

export async function addStaff(db: Kysely<HqDatabase>, input: { store?: string; name?: string; role?: string; phone?: string }): Promise<{ id: string }> {
  const store = await requireStore(db, input.store);
  const name = required('name', input.name);
  const role = required('role', input.role, 16);
  if (role !== 'advisor' && role !== 'manager') throw new AdminError('role', '--role must be advisor or manager');
  const phone = input.phone?.trim() || null;
  const id = uuidv7();
  const at = new Date().toISOString();
  await writeAsHq(db, store.storeId, [{ tbl: 'staff', pk: id, data: { id, store_id: store.storeId, name, role, phone, active: 1, created_at: at, updated_at: at, deleted_at: null } }]);
  return { id };
}

/** A one-time enrolment code for a store (HQ keeps its hash), valid `hours` hours. */
export async function createEnrolCode(db: Kysely<HqDatabase>, input: { store?: string; hours?: string | number }): Promise<{ code: string; expiresAt: string }> {
  const store = await requireStore(db, input.store);
  const hours = input.hours === undefined ? 24 : Number(input.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) throw new AdminError('hours', '--hours must be a number of hours between 0 and 720');
  // 12 characters of an unambiguous alphabet, shown as XXXX-XXXX-XXXX.
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  const raw = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  const at = new Date();
  const expiresAt = new Date(at.getTime() + hours * 3_600_000).toISOString();
  await insertEnrolCode(db, { codeHash: sha256(normaliseCode(code)), storeId: store.storeId, at: at.toISOString(), expiresAt });
  return { code, expiresAt };
}

export const normaliseCode = (code: string) => code.trim().toUpperCase().replace(/[\s-]/g, '');

export async function revoke(db: Kysely<HqDatabase>, deviceId: string | undefined): Promise<void> {
  const id = required('device', deviceId, 64);
  if (!(await revokeDevice(db, id, new Date().toISOString()))) throw new AdminError('device', `No active device ${id}`);
}

export async function devices(db: Kysely<HqDatabase>, storeCode?: string) {
  const store = storeCode ? await requireStore(db, storeCode) : null;
  return listDevices(db, store?.storeId);
}

/** Each store's last sync: its newest push and pull over its devices. */
export async function status(db: Kysely<HqDatabase>) {
  const stores = await allStores(db);
  const all = await listDevices(db);
  return stores.map((s) => {
    const mine = all.filter((d) => d.storeId === s.storeId);
    const max = (xs: (string | null)[]) => xs.filter((x): x is string => x !== null).sort().at(-1) ?? null;
    return {
      code: s.code,
      name: s.name,
      devices: mine.filter((d) => !d.revokedAt).length,
      lastPush: max(mine.map((d) => d.lastPushAt)),
      lastPull: max(mine.map((d) => d.lastPullAt)),
      changes: s.lastSeq,
    };
  });
}

/** Publishes a rules config (validated; a refusal names the field) to every store. */
export async function publishRules(db: Kysely<HqDatabase>, input: unknown): Promise<void> {
  const parsed = parseRulesConfig(input);
  if (!parsed.ok) throw new AdminError(`rules.${parsed.field}`, `rules config: ${parsed.field}: ${parsed.message}`);
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await putRulesConfig(trx, parsed.config, at);
    for (const storeId of await storeIds(trx)) await writeAsHqIn(trx, storeId, [rulesRow(parsed.config, at)]);
  });
}
