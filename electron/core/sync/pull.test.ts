import { totalmem } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change, PullResponse } from '../../../shared/sync/protocol';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { searchCustomers } from '../repos/search';
import { bootstrapCacheBytes, bootstrapUnderWay } from '../repos/bulk-load';
import { hasStore, readCursor, readSyncSetting } from '../repos/sync-state';
import { acceptedRefusal, acceptRefusal, endSeen } from '../repos/sync-apply';
import { tempDbFile } from '../testing/fixture';
import { DEFAULT_GUARD } from './apply';
import { HqRequestError, type HqClient } from './http';
import { pull, type PullContext } from './pull';

const at = '2026-11-24T02:00:00.000Z';
const store = { id: 'store-1', code: 'S1', name: '一店', timezone: 'Asia/Shanghai', address: null, phone: null, created_at: at, updated_at: at, deleted_at: null };
const staff = { id: 'adv-1', store_id: 'store-1', name: '李顾问', role: 'advisor', phone: null, active: 1, created_at: at, updated_at: at, deleted_at: null };
const customer = (i: number, name = `客户${i}`) => ({
  id: `c-${i}`, store_id: 'store-1', name, gender: null, phone: `1380000${String(i).padStart(4, '0')}`, phone2: null, birthday_calendar: null, birth_date: null, birthday_lunar_month: null,
  birthday_lunar_day: null, birthday_lunar_leap: 0, wedding_date: null, address: null, city: null, advisor_id: 'adv-1', member_since: null, tier: 'normal', tier_since: null,
  marketing_consent: 1, consent_recorded_at: null, do_not_contact: 0, referred_by_id: null, note: null, created_at: at, updated_at: at, deleted_at: null,
});
const vehicle = (i: number) => ({
  id: `v-${i}`, store_id: 'store-1', customer_id: `c-${i}`, plate: `粤B${String(10000 + i)}`, vin: `VIN${i}`, brand: '大众', model: '途观', color: null, is_new_energy: 0,
  delivery_date: '2025-03-01', purchase_amount_fen: null, mileage_km: null, mileage_recorded_on: null, created_at: at, updated_at: at, deleted_at: null,
});

/** HQ's change log as a list; the client serves it by cursor like hq/server.ts (keyset on seq, limit, slices up to `upTo`). */
function scriptedHq(log: Change[], options: { failAfterPages?: number; minSeq?: number } = {}): HqClient & { pulls: number; slices: number; mostAtOnce: number } {
  let waiting = 0;
  const hq = {
    pulls: 0,
    slices: 0,
    mostAtOnce: 0,
    enrol: () => Promise.reject(new Error('not used')),
    push: () => Promise.reject(new Error('not used')),
    pull: async (cursor: number, limit: number, asked?: { upTo?: number }): Promise<PullResponse> => {
      const n = ++hq.pulls;
      hq.mostAtOnce = Math.max(hq.mostAtOnce, ++waiting);
      await new Promise((resolve) => setTimeout(resolve, 1)); // answered later, as over a network
      waiting--;
      if (options.failAfterPages !== undefined && n > options.failAfterPages) throw new HqRequestError('offline', 'HQ went away');
      if (cursor > 0 && cursor < (options.minSeq ?? 0)) throw new HqRequestError('cursor_expired', `cursor ${cursor} is no longer served`);
      const head = log.at(-1)?.seq ?? cursor;
      const sliceEnd = asked?.upTo !== undefined && asked.upTo < head ? asked.upTo : undefined;
      if (asked?.upTo !== undefined) hq.slices++;
      const after = log.filter((c) => c.seq > cursor && (sliceEnd === undefined || c.seq <= sliceEnd));
      const changes = after.slice(0, limit);
      const cut = after.length > limit;
      const hasMore = cut || sliceEnd !== undefined;
      return { schemaVersion: 1, changes, cursor: cut ? changes.at(-1)!.seq : (sliceEnd ?? head), hasMore, headSeq: head, lastMutationId: 0, rejections: [], totals: {} };
    },
  };
  return hq;
}

function context(sqlite: OpenedDatabase['sqlite'], pageLimit: number, guard = DEFAULT_GUARD): PullContext & { plans: number; refusal: unknown } {
  const ctx = {
    plans: 0,
    refusal: null as unknown,
    sqlite, now: () => at, schemaVersion: 1, pageLimit, bootstrapPageLimit: pageLimit, guard,
    replan: () => undefined,
    planAll: () => {
      ctx.plans++;
      return Promise.resolve();
    },
    onTables: () => undefined, setInitial: () => undefined,
    setRefusal: (r: unknown) => {
      ctx.refusal = r;
    },
  };
  return ctx;
}

function storeLog(customers: number, from = 0, without: readonly number[] = []): Change[] {
  let seq = from;
  const up = (table: string, row: Record<string, unknown>): Change => ({ seq: ++seq, table, pk: String(row.id), op: 'upsert', row });
  const log = [up('stores', store), up('staff', staff)];
  for (let i = 1; i <= customers; i++) if (!without.includes(i)) log.push(up('customers', customer(i, i === 1 ? '王伟' : `客户${i}`)), up('vehicles', vehicle(i)));
  return log;
}

const indexNames = (sqlite: OpenedDatabase['sqlite']) => sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[];

describe('initial sync of an empty desk as a bulk load', () => {
  const opened: OpenedDatabase[] = [];
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0)) await o.close();
    for (const c of cleanups.splice(0)) c();
  });
  function emptyDesk(): OpenedDatabase {
    const tmp = tempDbFile();
    cleanups.push(tmp.cleanup);
    const o = openDatabase(tmp.file);
    opened.push(o);
    return o;
  }

  it('loads every row, then rebuilds the dropped indexes and every search key before the store counts as synced', async () => {
    const desk = emptyDesk();
    const before = indexNames(desk.sqlite);
    const ctx = context(desk.sqlite, 7);
    const hq = scriptedHq(storeLog(20));
    await pull(ctx, hq);
    // Slices of the log asked for several at once once HQ said where it ends.
    expect(hq.slices).toBeGreaterThan(2);
    expect(hq.mostAtOnce).toBe(3);
    expect(desk.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(20);
    expect(desk.sqlite.prepare('SELECT count(*) FROM vehicles').pluck().get()).toBe(20);
    expect(indexNames(desk.sqlite)).toEqual(before);
    expect(bootstrapUnderWay(desk.sqlite)).toBe(false);
    expect(readSyncSetting(desk.sqlite, 'initial_done')).toBe(at);
    expect(ctx.plans).toBe(1);
    expect(searchCustomers(desk.sqlite, 'wangwei', 5).map((h) => h.id)).toEqual(['c-1']);
    expect(searchCustomers(desk.sqlite, '10007', 5).map((h) => h.id)).toEqual(['c-7']);
    expect(desk.sqlite.prepare('SELECT name_pinyin FROM customers WHERE id = ?').pluck().get('c-1')).toBe('wangwei');
  });

  it('loads with a big page cache and in-memory sorts, and gives the connection its settings back', async () => {
    const desk = emptyDesk();
    const settings = () => ({
      cache: desk.sqlite.pragma('cache_size', { simple: true }),
      temp: desk.sqlite.pragma('temp_store', { simple: true }),
      checkpoint: desk.sqlite.pragma('wal_autocheckpoint', { simple: true }),
      foreignKeys: desk.sqlite.pragma('foreign_keys', { simple: true }),
    });
    const before = settings();
    expect(before.foreignKeys).toBe(1);
    const during: unknown[] = [];
    const asked: (boolean | undefined)[] = [];
    const hq = scriptedHq(storeLog(5));
    const original = hq.pull;
    hq.pull = async (cursor, limit, options) => {
      during.push(settings());
      asked.push(options?.deferRefs);
      return original(cursor, limit);
    };
    await pull(context(desk.sqlite, 4), hq);
    expect(during[0]).toEqual({ cache: -Math.floor(bootstrapCacheBytes(totalmem()) / 1024), temp: 2, checkpoint: 16384, foreignKeys: 0 });
    // References are checked at the end: HQ need not send parents ahead.
    expect(asked.every((d) => d === true)).toBe(true);
    expect(settings()).toEqual(before);
    // Later pulls (not a bulk load) check references per page again.
    asked.length = 0;
    await pull(context(desk.sqlite, 4), hq);
    expect(asked).toEqual([false]);
  });

  it('loads rows that refer to rows of a later page (HQ orders by last change), checking every reference once at the end', async () => {
    const desk = emptyDesk();
    // Every vehicle first, then their customers: no page but the last is consistent on its own.
    const log = storeLog(6);
    const reordered = [...log.filter((c) => c.table !== 'customers'), ...log.filter((c) => c.table === 'customers')].map((c, i) => ({ ...c, seq: i + 1 }));
    await pull(context(desk.sqlite, 3), scriptedHq(reordered));
    expect(bootstrapUnderWay(desk.sqlite)).toBe(false);
    expect(desk.sqlite.prepare('SELECT count(*) FROM vehicles v JOIN customers c ON c.id = v.customer_id').pluck().get()).toBe(6);
    expect(desk.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('refuses to finish a load with a row referring to one HQ never sent, names it, and keeps the load open', async () => {
    const desk = emptyDesk();
    const log = storeLog(4, 0, [3]);
    log.push({ seq: log.length + 1, table: 'vehicles', pk: 'v-3', op: 'upsert', row: vehicle(3) }); // its customer c-3 never comes
    const ctx = context(desk.sqlite, 3);
    await expect(pull(ctx, scriptedHq(log))).rejects.toThrow(/refer to rows HQ did not send; the first: vehicles row \d+, column customer_id, to customers/);
    expect(bootstrapUnderWay(desk.sqlite)).toBe(true);
    expect(readSyncSetting(desk.sqlite, 'initial_done')).toBeNull();
    expect(ctx.plans).toBe(0);
    expect(desk.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('drops the triggers switched off by an empty table for the load and makes them again', async () => {
    const desk = emptyDesk();
    const triggers = () => desk.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all() as string[];
    const before = triggers();
    expect(before).toContain('metric_agg_visits_insert');
    const hq = scriptedHq(storeLog(5));
    const original = hq.pull;
    let during: string[] = [];
    hq.pull = async (cursor, limit, options) => {
      during = triggers();
      return original(cursor, limit, options);
    };
    await pull(context(desk.sqlite, 4), hq);
    for (const name of ['metric_agg_visits_insert', 'customer_status_visits_insert', 'planner_wake_visits_insert', 'sync_capture_customers_insert', 'sync_align_tasks_update']) expect(during).not.toContain(name);
    // One that acts on an empty desk too (a pulled customer's tier is recorded) stays.
    expect(during).toContain('tier_changes_customers_insert');
    expect(triggers()).toEqual(before);
  });

  it('loads rows of one table in several shapes (keys missing, keys the desk does not have, another order), each by its own columns', async () => {
    const desk = emptyDesk();
    const log = storeLog(6);
    const shaped = log.map((c, i) => {
      if (c.table !== 'customers' || !c.row) return c;
      const row = { ...c.row };
      if (i % 3 === 0) delete row.tier; // a column left out: its default (NOT NULL: a null bound by a wrong shape fails)
      if (i % 3 === 1) Object.assign(row, { hq_only: 'x' }); // a key HQ has and the desk does not: ignored
      return { ...c, row: i % 2 === 0 ? row : Object.fromEntries(Object.entries(row).reverse()) };
    });
    await pull(context(desk.sqlite, 100), scriptedHq(shaped));
    const rows = desk.sqlite.prepare('SELECT id, phone, advisor_id, tier FROM customers ORDER BY id').all() as { id: string; phone: string; advisor_id: string; tier: string }[];
    expect(rows.map((r) => [r.id, r.phone, r.advisor_id, r.tier])).toEqual([1, 2, 3, 4, 5, 6].map((i) => [`c-${i}`, customer(i).phone, 'adv-1', 'normal']));
    expect(searchCustomers(desk.sqlite, 'wangwei', 5).map((h) => h.id)).toEqual(['c-1']);
  });

  it('sizes the bulk load cache by the machine: an eighth of its memory, between 256 MiB and 1 GiB', () => {
    const MiB = 1024 * 1024;
    expect(bootstrapCacheBytes(1024 * MiB)).toBe(256 * MiB);
    expect(bootstrapCacheBytes(4096 * MiB)).toBe(512 * MiB);
    expect(bootstrapCacheBytes(64 * 1024 * MiB)).toBe(1024 * MiB);
  });

  it('a desk stopped half-way keeps its pages, stays without a store, and resumes the bulk load from its cursor', async () => {
    const desk = emptyDesk();
    const before = indexNames(desk.sqlite);
    const log = storeLog(20);
    await expect(pull(context(desk.sqlite, 7), scriptedHq(log, { failAfterPages: 2 }))).rejects.toThrow('HQ went away');
    expect(readCursor(desk.sqlite)).toBe(14);
    expect(bootstrapUnderWay(desk.sqlite)).toBe(true);
    expect(readSyncSetting(desk.sqlite, 'initial_done')).toBeNull();
    expect(indexNames(desk.sqlite).length).toBeLessThan(before.length);
    expect(hasStore(desk.sqlite)).toBe(true); // the store row came in page 1; setup.status also needs initial_done

    // HQ changed a row already applied while the desk was away: it comes again after the cursor (an upsert, not a duplicate key).
    log.push({ seq: log.length + 1, table: 'customers', pk: 'c-2', op: 'upsert', row: { ...customer(2, '张三'), updated_at: '2026-11-24T03:00:00.000Z' } });
    const ctx = context(desk.sqlite, 7);
    await pull(ctx, scriptedHq(log));
    expect(desk.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(20);
    expect(desk.sqlite.prepare("SELECT name FROM customers WHERE id = 'c-2'").pluck().get()).toBe('张三');
    expect(searchCustomers(desk.sqlite, 'zhangsan', 5).map((h) => h.id)).toEqual(['c-2']);
    expect(indexNames(desk.sqlite)).toEqual(before);
    expect(bootstrapUnderWay(desk.sqlite)).toBe(false);
    expect(readSyncSetting(desk.sqlite, 'initial_done')).toBe(at);
  });

  it('tombstones HQ still holds do not trip the mass-delete guard of an empty desk loading its store', async () => {
    const desk = emptyDesk();
    const log = storeLog(3);
    for (let i = 0; i < 60; i++) log.push({ seq: log.length + 1, table: 'preferences', pk: `gone-${i}`, op: 'delete', row: null });
    const ctx = context(desk.sqlite, 1000, { maxDeleteShare: 0.3, minDeletes: 5 });
    await pull(ctx, scriptedHq(log));
    expect(ctx.refusal).toBeNull();
    expect(readSyncSetting(desk.sqlite, 'initial_done')).toBe(at);
  });

  it('a desk that already has rows pulls without the bulk load (indexes stay)', async () => {
    const desk = emptyDesk();
    const before = indexNames(desk.sqlite);
    const log = storeLog(3);
    await pull(context(desk.sqlite, 100), scriptedHq(log.slice(0, 4)));
    desk.sqlite.prepare("DELETE FROM settings WHERE key = 'sync.initial_done'").run();
    desk.sqlite.prepare("UPDATE sync_cursors SET cursor = '0'").run();
    const hq = scriptedHq(log);
    const seen: number[] = [];
    const original = hq.pull;
    hq.pull = async (cursor, limit) => {
      seen.push(indexNames(desk.sqlite).length);
      return original(cursor, limit);
    };
    await pull(context(desk.sqlite, 100), hq);
    expect(seen.every((n) => n === before.length)).toBe(true);
    expect(desk.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(3);
  });
});

describe('sweep after a full resync (cursor_expired)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  async function syncedDesk(customers: number): Promise<OpenedDatabase> {
    const tmp = tempDbFile();
    const o = openDatabase(tmp.file);
    cleanups.push(async () => {
      await o.close();
      tmp.cleanup();
    });
    await pull(context(o.sqlite, 100), scriptedHq(storeLog(customers)));
    return o;
  }
  const ids = (sqlite: OpenedDatabase['sqlite'], table: string) => sqlite.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as string[];

  it('deletes what HQ no longer has, with the planner rows of a customer that is gone; keeps unsettled local work and the rest', async () => {
    const desk = await syncedDesk(5);
    const s = desk.sqlite;
    // The desk planner's own task for c-5 and c-1; an unsettled local change to v-4.
    for (const c of [1, 5]) {
      s.prepare("INSERT INTO tasks (id, store_id, customer_id, advisor_id, rule, occurrence, kind, due_date, status, reason, created_at, updated_at) VALUES (?, 'store-1', ?, 'adv-1', 'r', '2026', 'call', '2026-12-01', 'open', 'x', ?, ?)").run(`t-${c}`, `c-${c}`, at, at);
    }
    const op = { op: 'update', table: 'vehicles', pk: 'v-4', fields: { color: '白' }, base: { color: null }, row: vehicle(4) };
    s.prepare("INSERT INTO outbox (name, args, created_at, ops) VALUES ('vehicle.color', '{}', ?, ?)").run(at, JSON.stringify([op]));

    // HQ compacted: its log now starts at 100 and has neither customer 5 (nor v-5) nor v-4.
    const log = storeLog(5, 100, [5]).filter((c) => c.pk !== 'v-4');
    await pull(context(s, 3), scriptedHq(log, { minSeq: 100 }));
    expect(ids(s, 'customers')).toEqual(['c-1', 'c-2', 'c-3', 'c-4']);
    expect(ids(s, 'vehicles')).toEqual(['v-1', 'v-2', 'v-3', 'v-4']);
    expect(ids(s, 'tasks')).toEqual(['t-1']);
    expect(readCursor(s)).toBe(log.at(-1)!.seq);
    expect(searchCustomers(s, '00005', 5)).toEqual([]);
    expect(s.prepare("SELECT count(*) FROM sqlite_temp_master WHERE name = 'sync_seen'").pluck().get()).toBe(0);
  });

  it('a sweep that would delete too large a share of a table is refused and deletes nothing', async () => {
    const desk = await syncedDesk(5);
    const log = storeLog(5, 100, [2, 3, 4]);
    const ctx = context(desk.sqlite, 100, { maxDeleteShare: 0.3, minDeletes: 1 });
    await expect(pull(ctx, scriptedHq(log, { minSeq: 100 }))).rejects.toThrow('refused');
    expect(ctx.refusal).toEqual({ table: 'customers', deletes: 3, rows: 5 });
    expect(ids(desk.sqlite, 'customers')).toHaveLength(5);
    // Still under way: the next round is refused again (it was forgotten, and the next rounds were ordinary pulls
    // that never swept), until a manager accepts exactly this sweep.
    const again = context(desk.sqlite, 100, { maxDeleteShare: 0.3, minDeletes: 1 });
    await expect(pull(again, scriptedHq(log, { minSeq: 100 }))).rejects.toThrow('refused');
    expect(desk.sqlite.prepare("SELECT count(*) FROM settings WHERE key = 'sync.resync_started'").pluck().get()).toBe(1);
    acceptRefusal(desk.sqlite, { table: 'customers', deletes: 3 }, 'mgr-1', '2026-11-24T03:00:00.000Z');
    await pull(context(desk.sqlite, 100, { maxDeleteShare: 0.3, minDeletes: 1 }), scriptedHq(log, { minSeq: 100 }));
    expect(ids(desk.sqlite, 'customers')).toEqual(['c-1', 'c-5']);
    expect(acceptedRefusal(desk.sqlite)).toBeNull();
    expect(desk.sqlite.prepare("SELECT count(*) FROM settings WHERE key = 'sync.resync_started'").pluck().get()).toBe(0);
  });

  it.each([
    ['in the same run of the app', false],
    ['after a restart (its seen keys were in memory: read again from cursor 0)', true],
  ])('a resync a failed round left half-way goes on and sweeps once it read everything, %s', async (_when, restarted) => {
    const desk = await syncedDesk(5);
    const s = desk.sqlite;
    const log = storeLog(5, 100, [5]);
    await expect(pull(context(s, 3), scriptedHq(log, { minSeq: 100, failAfterPages: 2 }))).rejects.toThrow('HQ went away');
    expect(ids(s, 'customers')).toHaveLength(5);
    if (restarted) endSeen(s);
    await pull(context(s, 3), scriptedHq(log, { minSeq: 100 }));
    expect(ids(s, 'customers')).toEqual(['c-1', 'c-2', 'c-3', 'c-4']);
    expect(s.prepare("SELECT count(*) FROM settings WHERE key = 'sync.resync_started'").pluck().get()).toBe(0);
    // The next rounds are ordinary pulls.
    await pull(context(s, 3), scriptedHq(log, { minSeq: 100 }));
    expect(ids(s, 'customers')).toHaveLength(4);
  });

  it('a resync left half-way starts again from cursor 0 when HQ compacted again meanwhile (cursor_expired once more)', async () => {
    const desk = await syncedDesk(5);
    const s = desk.sqlite;
    await expect(pull(context(s, 3), scriptedHq(storeLog(5, 100, [5]), { minSeq: 100, failAfterPages: 2 }))).rejects.toThrow('HQ went away');
    // Compacted again: the cursor the resync reached is no longer served either.
    const log = storeLog(5, 200, [4, 5]);
    await pull(context(s, 3), scriptedHq(log, { minSeq: 200 }));
    expect(ids(s, 'customers')).toEqual(['c-1', 'c-2', 'c-3']);
    expect(readCursor(s)).toBe(log.at(-1)!.seq);
  });

  it('a normal pull never sweeps', async () => {
    const desk = await syncedDesk(3);
    await pull(context(desk.sqlite, 100), scriptedHq(storeLog(3, 100, [3])));
    expect(ids(desk.sqlite, 'customers')).toHaveLength(3);
  });
});
