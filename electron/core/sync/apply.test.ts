import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, PullResponse } from '../../../shared/sync/protocol';
import { fixedDayClock } from '../clock';
import { createCore, type Core } from '../core';
import { readCursor } from '../repos/sync-state';
import { searchCustomers } from '../repos/search';
import { deskClient } from '../testing/client';
import { addCustomer, createTestStore } from '../testing/fixture';
import { applyPullPage } from './apply';

const at = '2026-11-24T02:00:00.000Z';
const customerRow = (id: string, name: string, phone: string, extra: Record<string, unknown> = {}) => ({
  id, store_id: 'store-1', name, gender: null, phone, phone2: null, birthday_calendar: null, birth_date: null, birthday_lunar_month: null, birthday_lunar_day: null,
  birthday_lunar_leap: 0, wedding_date: null, address: null, city: null, advisor_id: 'adv-1', member_since: null, tier: 'normal', tier_since: null, marketing_consent: 1,
  consent_recorded_at: null, do_not_contact: 0, referred_by_id: null, note: null, created_at: at, updated_at: at, deleted_at: null, ...extra,
});
const vehicleRow = (id: string, customerId: string, plate: string) => ({
  id, store_id: 'store-1', customer_id: customerId, plate, vin: `VIN-${id}`, brand: '大众', model: '途观', color: null, is_new_energy: 0, delivery_date: '2025-03-01',
  purchase_amount_fen: null, mileage_km: null, mileage_recorded_on: null, created_at: at, updated_at: at, deleted_at: null,
});
let seq = 0;
const upsert = (table: string, row: Record<string, unknown>, pk = String(row.id)): Change => ({ seq: ++seq, table, pk, op: 'upsert', row });
const page = (changes: Change[], extra: Partial<PullResponse> = {}): PullResponse => ({
  schemaVersion: 1, changes, cursor: changes.length ? changes[changes.length - 1]!.seq : seq, hasMore: false, lastMutationId: 0, rejections: [], totals: {}, ...extra,
});

describe('pull pages: applied with the cursor in one transaction, local intent kept, mass deletes refused', () => {
  let core: Core;
  let desk: ReturnType<typeof deskClient>;
  const sql = () => core.context.database.sqlite;
  const count = (table: string) => sql().prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const snapshot = () => ({ cursor: readCursor(sql()), customers: count('customers'), vehicles: count('vehicles'), keys: count('search_keys'), prefs: count('preferences') });

  beforeAll(async () => {
    const f = await createTestStore();
    await addCustomer(f.opened, { id: 'c-1', name: '王伟', phone: '13812345678', plates: ['粤A12345'] });
    await f.opened.close();
    core = createCore({ dbFile: f.file, clock: fixedDayClock('2026-11-24'), autoPlan: false, autoSync: false });
    desk = deskClient(core);
    await desk.signIn('adv-1');
  });
  afterAll(async () => {
    desk.close();
    await core.close();
  });

  it('applies a page: rows upserted, search keys and pinyin built, cursor moved', () => {
    const p = page([upsert('customers', customerRow('c-10', '赵丽', '13700002222')), upsert('vehicles', vehicleRow('c-10-v0', 'c-10', '粤C77881'))]);
    const outcome = applyPullPage(sql(), p, at);
    expect(outcome).toMatchObject({ ok: true, applied: 2, customers: ['c-10'] });
    expect(readCursor(sql())).toBe(p.cursor);
    expect(sql().prepare('SELECT name_pinyin, name_initials FROM customers WHERE id = ?').get('c-10')).toEqual({ name_pinyin: 'zhaoli', name_initials: 'zl' });
    expect(searchCustomers(sql(), '7788', 5).map((h) => h.id)).toEqual(['c-10']);
    expect(searchCustomers(sql(), 'zl', 5).map((h) => h.id)).toContain('c-10');
  });

  it('a car moved to another customer leaves its former owner\'s search keys (the plate finds the new owner only)', () => {
    applyPullPage(sql(), page([upsert('customers', customerRow('c-11', '钱程', '13700003333')), upsert('vehicles', vehicleRow('c-11-v0', 'c-11', '粤C55661'))]), at);
    expect(searchCustomers(sql(), '5566', 5).map((h) => h.id)).toEqual(['c-11']);
    applyPullPage(sql(), page([upsert('customers', customerRow('c-12', '孙悦', '13700004444')), upsert('vehicles', vehicleRow('c-11-v0', 'c-12', '粤C55661'))]), at);
    expect(searchCustomers(sql(), '5566', 5).map((h) => h.id)).toEqual(['c-12']);
  });

  it('updates a customer the planner and the status list already track (their triggers mark it again, no UNIQUE error)', () => {
    sql().prepare("INSERT OR REPLACE INTO planner_wake (customer_id, wake_on) VALUES ('c-10', '2026-12-01')").run();
    applyPullPage(sql(), page([upsert('customers', customerRow('c-10', '赵丽', '13700002222', { advisor_id: 'mgr-1', updated_at: '2026-11-24T03:00:00.000Z' }))]), at);
    expect(sql().prepare("SELECT advisor_id FROM customers WHERE id = 'c-10'").pluck().get()).toBe('mgr-1');
    expect(sql().prepare("SELECT wake_on FROM planner_wake WHERE customer_id = 'c-10'").pluck().get()).toBe('');
  });

  it('a failure in the middle of a page leaves the old cursor and no partial rows (a bad row at the end)', () => {
    const before = snapshot();
    const bad = page([
      upsert('customers', customerRow('c-11', '钱进', '13700003333')),
      upsert('vehicles', vehicleRow('c-11-v0', 'c-11', '粤D12121')),
      upsert('customers', customerRow('c-12', '孙悦', '13700004444', { tier: 'platinum' })), // CHECK constraint fails
    ]);
    expect(() => applyPullPage(sql(), bad, at)).toThrow(/CHECK/);
    expect(snapshot()).toEqual(before);
    expect(sql().inTransaction).toBe(false);
  });

  it('a page whose rows refer to a missing row fails at commit and leaves nothing either', () => {
    const before = snapshot();
    const dangling = page([upsert('customers', customerRow('c-13', '周正', '13700005555')), upsert('vehicles', vehicleRow('x-v0', 'no-such-customer', '粤E00001'))]);
    expect(() => applyPullPage(sql(), dangling, at)).toThrow(/FOREIGN KEY/);
    expect(snapshot()).toEqual(before);
    expect(sql().inTransaction).toBe(false);
    // A table that does not sync, or a row that is not one, is refused the same way.
    expect(() => applyPullPage(sql(), page([upsert('audit_log', { seq: 1 }, '1')]), at)).toThrow(/does not sync/);
    expect(snapshot()).toEqual(before);
  });

  it('a row with a pending local mutation is not overwritten until that mutation is settled', async () => {
    const added = await desk.call('notes', 'addPreference', { customerId: 'c-1', category: 'drink', value: '大杯美式' });
    const id = added.value.id as string;
    const changed = await desk.call('notes', 'changePreference', { id, category: 'drink', value: '拿铁少糖' });
    expect(changed.ok).toBe(true);
    const pendingIds = sql().prepare('SELECT mutation_id FROM outbox WHERE settled_at IS NULL ORDER BY mutation_id').pluck().all() as number[];
    const row = sql().prepare('SELECT * FROM preferences WHERE id = ?').get(id) as Record<string, unknown>;
    const value = () => sql().prepare('SELECT value FROM preferences WHERE id = ?').pluck().get(id);
    // HQ has the first version (another desk's edit arrived there first, say) and sends it back: local intent stays.
    applyPullPage(sql(), page([upsert('preferences', { ...row, value: '茶', updated_at: '2026-11-24T01:00:00.000Z' })], { lastMutationId: 0 }), at);
    expect(value()).toBe('拿铁少糖');
    // HQ settled the first mutation only: the second still protects the field it changed.
    applyPullPage(sql(), page([upsert('preferences', { ...row, value: '茶' })], { lastMutationId: pendingIds[0]! }), at);
    expect(value()).toBe('拿铁少糖');
    // Everything settled: HQ's row (last writer at HQ wins) is taken as it is.
    applyPullPage(sql(), page([upsert('preferences', { ...row, value: '茶' })], { lastMutationId: pendingIds[pendingIds.length - 1]! }), at);
    expect(value()).toBe('茶');
    expect(sql().prepare('SELECT count(*) FROM outbox WHERE settled_at IS NULL').pluck().get()).toBe(0);
  });

  it('a refused mutation goes to "needs attention", is settled as rejected and undone here; never silently dropped', async () => {
    await sql().prepare("INSERT INTO points_ledger (id, store_id, customer_id, entry_date, kind, points, created_at) VALUES ('l-0', 'store-1', 'c-1', '2026-11-01', 'activity', 500, ?)").run(at);
    const r = await desk.call('points', 'redeem', { customerId: 'c-1', points: 400, forWhat: '洗车' });
    expect(r.ok).toBe(true);
    const mutationId = sql().prepare('SELECT max(mutation_id) FROM outbox').pluck().get() as number;
    const rejection = { id: mutationId, status: 'rejected' as const, code: 'insufficient_balance' as const, message: 'balance 100', details: { balance: 100 } };
    applyPullPage(sql(), page([], { lastMutationId: mutationId, rejections: [rejection] }), at);
    applyPullPage(sql(), page([], { lastMutationId: mutationId, rejections: [rejection] }), at); // seen again: still one
    expect(sql().prepare('SELECT mutation_id, name, code, details, resolved_at FROM sync_rejections').all()).toEqual([
      { mutation_id: mutationId, name: 'points.redeem', code: 'insufficient_balance', details: '{"balance":100,"undone":true}', resolved_at: null },
    ]);
    expect(sql().prepare('SELECT result FROM outbox WHERE mutation_id = ?').pluck().get(mutationId)).toBe('rejected');
    expect(sql().prepare("SELECT count(*) FROM points_ledger WHERE kind = 'redeem'").pluck().get()).toBe(0);
    const status = (await desk.call('sync', 'status', {})).value;
    expect(status.attention).toEqual([expect.objectContaining({ mutationId, name: 'points.redeem', code: 'insufficient_balance', details: { balance: 100 }, undone: true })]);
    const resolved = await desk.call('sync', 'resolve', { id: status.attention[0].id });
    expect(resolved.value.attention).toEqual([]);
    expect((await desk.call('sync', 'resolve', { id: status.attention[0].id })).error).toMatchObject({ code: 'not_found', details: { field: 'id' } });
  });

  it('a page that would delete more than the configured share of a table is refused before anything is written', () => {
    const rows = Array.from({ length: 100 }, (_, i) => customerRow(`m-${i}`, `客户${i}`, `1360000${String(i).padStart(4, '0')}`));
    applyPullPage(sql(), page(rows.map((r) => upsert('customers', r))), at);
    const before = snapshot();
    const deletes: Change[] = rows.slice(0, 60).map((r) => ({ seq: ++seq, table: 'customers', pk: r.id, op: 'delete', row: null }));
    expect(applyPullPage(sql(), page(deletes), at, { maxDeleteShare: 0.3, minDeletes: 50 })).toEqual({ ok: false, reason: 'mass_delete', table: 'customers', deletes: 60, rows: before.customers });
    expect(snapshot()).toEqual(before);
    // Under the share (or a small absolute number) goes through.
    expect(applyPullPage(sql(), page(deletes.slice(0, 20)), at, { maxDeleteShare: 0.3, minDeletes: 50 })).toMatchObject({ ok: true });
    expect(count('customers')).toBe(before.customers - 20);
    expect(sql().prepare("SELECT count(*) FROM search_keys WHERE customer_id = 'm-0'").pluck().get()).toBe(0);
  });
});
