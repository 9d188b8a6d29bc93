import { afterEach, describe, expect, it } from 'vitest';
import type { Change, PullResponse } from '../../../shared/sync/protocol';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { searchCustomers } from '../repos/search';
import { bootstrapUnderWay } from '../repos/sync-apply';
import { hasStore, readCursor, readSyncSetting } from '../repos/sync-state';
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

/** HQ's change log as a list; the client serves it by cursor like hq/server.ts (keyset on seq, limit). */
function scriptedHq(log: Change[], options: { failAfterPages?: number } = {}): HqClient & { pulls: number } {
  const hq = {
    pulls: 0,
    enrol: () => Promise.reject(new Error('not used')),
    push: () => Promise.reject(new Error('not used')),
    pull: async (cursor: number, limit: number): Promise<PullResponse> => {
      hq.pulls++;
      if (options.failAfterPages !== undefined && hq.pulls > options.failAfterPages) throw new HqRequestError('offline', 'HQ went away');
      const after = log.filter((c) => c.seq > cursor);
      const changes = after.slice(0, limit);
      const hasMore = after.length > limit;
      return { schemaVersion: 1, changes, cursor: hasMore ? changes.at(-1)!.seq : (log.at(-1)?.seq ?? cursor), hasMore, lastMutationId: 0, rejections: [], totals: {} };
    },
  };
  return hq;
}

function context(sqlite: OpenedDatabase['sqlite'], pageLimit: number): PullContext & { plans: number } {
  const ctx = {
    plans: 0,
    sqlite, now: () => at, schemaVersion: 1, pageLimit, bootstrapPageLimit: pageLimit, guard: DEFAULT_GUARD,
    replan: () => undefined,
    planAll: () => {
      ctx.plans++;
      return Promise.resolve();
    },
    onTables: () => undefined, setRefusal: () => undefined, setInitial: () => undefined,
  };
  return ctx;
}

function storeLog(customers: number): Change[] {
  let seq = 0;
  const up = (table: string, row: Record<string, unknown>): Change => ({ seq: ++seq, table, pk: String(row.id), op: 'upsert', row });
  const log = [up('stores', store), up('staff', staff)];
  for (let i = 1; i <= customers; i++) log.push(up('customers', customer(i, i === 1 ? '王伟' : `客户${i}`)), up('vehicles', vehicle(i)));
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
    await pull(ctx, scriptedHq(storeLog(20)));
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
