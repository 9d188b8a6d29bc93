import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, createEnrolCode, createStore } from '../../hq/admin';
import { ingestRows } from '../../hq/ingest/ingest';
import { dealerRows } from '../../hq/testing/dealer-rows';
import { startTestHq, type TestHq } from '../../hq/testing/hq';
import { fixedDayClock } from '../../electron/core/clock';
import { createCore, type Core } from '../../electron/core/core';
import { deskClient } from '../../electron/core/testing/client';
import { readCursor, writeCursor } from '../../electron/core/repos/sync-state';
import { tempDbFile } from '../../electron/core/testing/fixture';

/**
 * Desk <-> HQ end to end: the real HQ (hq/testing/hq.ts: PostgreSQL of DATABASE_URL, else PGlite) on
 * a loopback port, two real desk cores on their own SQLite files. Enrol, initial sync, push, pull into
 * the second desk, and a redemption two desks made offline on the same points.
 */
describe('sync end to end against the real HQ', () => {
  let t: TestHq;
  const desks: { core: Core; desk: ReturnType<typeof deskClient>; cleanup: () => void }[] = [];
  let advisorId = '';

  // No automatic rounds during the test: each desk syncs when the test says (it is "offline" in between).
  const openCore = (file: string, schemaVersion?: number) =>
    createCore({ dbFile: file, clock: fixedDayClock('2026-11-24'), autoPlan: false, syncOptions: { soonMs: 600_000, intervalMs: 600_000, ...(schemaVersion ? { schemaVersion } : {}) } });

  async function newDesk() {
    const tmp = tempDbFile();
    const core = openCore(tmp.file);
    const desk = deskClient(core);
    desks.push({ core, desk, cleanup: tmp.cleanup });
    const { code } = await createEnrolCode(t.hq.db, { store: 'S01' });
    const connected = await desk.call('sync', 'connect', { hqUrl: t.url, code, deviceName: `desk ${desks.length}` });
    expect(connected.error).toBeUndefined();
    await core.context.sync.idle();
    return { core, desk, sql: core.context.database.sqlite };
  }

  beforeAll(async () => {
    t = await startTestHq();
    await createStore(t.hq.db, { code: 'S01', name: '广州天河店', 'points-from': 'none' });
    advisorId = (await addStaff(t.hq.db, { store: 'S01', name: '李顾问', role: 'advisor' })).id;
    const rows = dealerRows(30, { phone: 5600, vin: 183400, plate: 12300 });
    const summary = await ingestRows(t.hq.db, 'S01', rows, { dryRun: false });
    expect(summary.errors).toEqual([]);
  });
  afterAll(async () => {
    for (const d of desks) {
      d.desk.close();
      await d.core.close();
      d.cleanup();
    }
    await t?.close();
  });

  it('enrols a fresh desk, receives the store by the initial sync, pushes a change and a second desk pulls it', async () => {
    const a = await newDesk();
    const status = (await a.desk.call('sync', 'status', {})).value;
    expect(status).toMatchObject({ state: 'idle', connected: true, hqUrl: t.url, initial: null, pending: 0, attention: [], storeName: '广州天河店' });
    expect(status.lastSuccessAt).not.toBeNull();
    const setup = (await a.desk.call('setup', 'status', {})).value;
    expect(setup).toMatchObject({ hasStore: true, customerCount: 30, store: { code: 'S01' } });
    // Derived data is right: front-desk search finds the pulled customer by plate fragment and pinyin.
    await a.desk.signIn(advisorId);
    const hits = (await a.desk.call('customers', 'search', { query: 'A12300' })).value;
    expect(hits.map((h: { name: string }) => h.name)).toEqual(['王伟']);
    expect((await a.desk.call('customers', 'search', { query: 'wangwei' })).value[0].name).toBe('王伟');
    // The token is kept in a 0600 file, not in the database.
    expect(a.sql.prepare("SELECT count(*) FROM settings WHERE value LIKE '%token%'").pluck().get()).toBe(0);

    const wang = a.sql.prepare("SELECT id FROM customers WHERE name = '王伟'").pluck().get() as string;
    const pref = await a.desk.call('notes', 'addPreference', { customerId: wang, category: 'drink', value: '大杯美式不加糖' });
    expect(pref.ok).toBe(true);
    expect((await a.desk.call('sync', 'status', {})).value.pending).toBe(1);
    const after = (await a.desk.call('sync', 'syncNow', {})).value;
    expect(after).toMatchObject({ state: 'idle', pending: 0, attention: [] });
    // The preference, applied; besides it only the first plan's tiers for HQ (planner.align), applied too.
    expect(a.sql.prepare("SELECT result FROM outbox WHERE name <> 'planner.align'").pluck().all()).toEqual(['applied']);
    expect(a.sql.prepare("SELECT count(*) FROM outbox WHERE result IS NOT 'applied'").pluck().get()).toBe(0);

    const b = await newDesk();
    expect(b.sql.prepare('SELECT value FROM preferences WHERE customer_id = ?').pluck().all(wang)).toEqual(['大杯美式不加糖']);
    // Pulled rows are never captured as this desk's own changes.
    expect(b.sql.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
  });

  it('a redemption two desks made offline on the same points: the second is refused, shown in needs attention, undone; nothing lost', async () => {
    const [a, b] = desks.map((d) => ({ ...d, sql: d.core.context.database.sqlite }));
    const wang = a!.sql.prepare("SELECT id FROM customers WHERE name = '王伟'").pluck().get() as string;
    const visit = a!.sql.prepare('SELECT id FROM visits WHERE customer_id = ?').pluck().get(wang) as string;
    expect((await a!.desk.call('points', 'earnVisit', { customerId: wang, visitId: visit })).ok).toBe(true);
    await a!.desk.call('sync', 'syncNow', {});
    await b!.desk.signIn(advisorId);
    await b!.desk.call('sync', 'syncNow', {});
    const balance = (d: typeof a) => d!.desk.call('points', 'account', { customerId: wang }).then((r: { value: { balance: number } }) => r.value.balance);
    const earned = await balance(a);
    expect(earned).toBeGreaterThan(0);
    expect(await balance(b)).toBe(earned);

    // Both desks offline (no sync) redeem the whole balance.
    expect((await a!.desk.call('points', 'redeem', { customerId: wang, points: earned, forWhat: '保养抵扣' })).ok).toBe(true);
    expect((await b!.desk.call('points', 'redeem', { customerId: wang, points: earned, forWhat: '洗车' })).ok).toBe(true);
    expect((await a!.desk.call('sync', 'syncNow', {})).value).toMatchObject({ state: 'idle', pending: 0, attention: [] });
    const sb = (await b!.desk.call('sync', 'syncNow', {})).value;
    expect(sb).toMatchObject({ state: 'idle', pending: 0 });
    expect(sb.attention).toEqual([expect.objectContaining({ name: 'points.redeem', code: 'insufficient_balance', undone: true, args: expect.objectContaining({ points: earned, forWhat: '洗车' }) })]);
    // B's refused redemption is gone; A's arrived: both desks agree with HQ.
    expect(await balance(b)).toBe(0);
    expect(await balance(a)).toBe(0);
    expect(b!.sql.prepare("SELECT note FROM points_ledger WHERE kind = 'redeem'").pluck().all()).toEqual(['保养抵扣']);
    // Marked handled: off the list, kept on record.
    const resolved = (await b!.desk.call('sync', 'resolve', { id: sb.attention[0].id })).value;
    expect(resolved.attention).toEqual([]);
    expect(b!.sql.prepare('SELECT count(*) FROM sync_rejections WHERE resolved_at IS NOT NULL').pluck().get()).toBe(1);
  });

  it('a channel set back to "follow the general consent" (a row deleted) reaches the other desk', async () => {
    const [a, b] = desks.map((d) => ({ ...d, sql: d.core.context.database.sqlite }));
    const wang = a!.sql.prepare("SELECT id FROM customers WHERE name = '王伟'").pluck().get() as string;
    const row = (d: typeof a) => d!.sql.prepare("SELECT allowed FROM customer_channel_consents WHERE customer_id = ? AND channel = 'sms'").pluck().get(wang);
    expect((await a!.desk.call('consent', 'setChannel', { customerId: wang, channel: 'sms', choice: 'refuse' })).ok).toBe(true);
    await a!.desk.call('sync', 'syncNow', {});
    await b!.desk.call('sync', 'syncNow', {});
    expect(row(b)).toBe(0);
    expect((await a!.desk.call('consent', 'setChannel', { customerId: wang, channel: 'sms', choice: 'default' })).ok).toBe(true);
    expect((await a!.desk.call('sync', 'syncNow', {})).value).toMatchObject({ state: 'idle', pending: 0, attention: [] });
    await b!.desk.call('sync', 'syncNow', {});
    expect(row(b)).toBeUndefined();
  });

  it('a cursor HQ no longer serves: a full resync from 0, and the desk ends where HQ is', async () => {
    const b = desks[1]!;
    const sql = b.core.context.database.sqlite;
    const good = readCursor(sql);
    const customers = sql.prepare('SELECT count(*) FROM customers').pluck().get();
    writeCursor(sql, good + 1_000, new Date().toISOString());
    const s = (await b.desk.call('sync', 'syncNow', {})).value;
    expect(s).toMatchObject({ state: 'idle', lastError: null });
    expect(readCursor(sql)).toBe(good);
    expect(sql.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(customers);
  });

  it('a page that fails to apply half-way (the disk refuses a row) leaves the old cursor and no partial rows; the next round takes it', async () => {
    const [a, b] = desks.map((d) => ({ ...d, sql: d.core.context.database.sqlite }));
    const wang = a!.sql.prepare("SELECT id FROM customers WHERE name = '王伟'").pluck().get() as string;
    const other = a!.sql.prepare("SELECT id FROM customers WHERE name = '客户7'").pluck().get() as string;
    expect((await a!.desk.call('notes', 'recordSurvey', { customerId: other, score: 8 })).ok).toBe(true);
    expect((await a!.desk.call('notes', 'addPreference', { customerId: wang, category: 'lounge', value: '安静的休息区' })).ok).toBe(true);
    expect((await a!.desk.call('sync', 'syncNow', {})).value).toMatchObject({ state: 'idle', pending: 0 });
    const cursor = readCursor(b!.sql);
    const surveys = b!.sql.prepare('SELECT count(*) FROM surveys').pluck().get();
    b!.sql.exec("CREATE TEMP TRIGGER refuse_lounge BEFORE INSERT ON main.preferences WHEN NEW.category = 'lounge' BEGIN SELECT RAISE(ABORT, 'disk refused the row (test)'); END;");
    const failed = (await b!.desk.call('sync', 'syncNow', {})).value;
    expect(failed).toMatchObject({ state: 'failing', lastError: 'disk refused the row (test)' });
    expect(readCursor(b!.sql)).toBe(cursor);
    expect(b!.sql.prepare('SELECT count(*) FROM surveys').pluck().get()).toBe(surveys); // the survey came earlier in the same page
    b!.sql.exec('DROP TRIGGER temp.refuse_lounge');
    expect((await b!.desk.call('sync', 'syncNow', {})).value).toMatchObject({ state: 'idle', lastError: null });
    expect(readCursor(b!.sql)).toBeGreaterThan(cursor);
    expect(b!.sql.prepare("SELECT value FROM preferences WHERE category = 'lounge'").pluck().all()).toEqual(['安静的休息区']);
    expect(b!.sql.prepare('SELECT count(*) FROM surveys').pluck().get()).toBe((surveys as number) + 1);
  });

  it('HQ speaking another sync schema version: a clear "update needed", nothing applied, the desk keeps working and keeps its changes', async () => {
    const tmp = tempDbFile();
    const old = openCore(tmp.file, 99);
    const client = deskClient(old);
    const { code } = await createEnrolCode(t.hq.db, { store: 'S01' });
    const r = await client.call('sync', 'connect', { hqUrl: t.url, code });
    expect(r.error).toMatchObject({ code: 'conflict', details: { field: 'hqUrl', reason: 'update_needed' } });
    client.close();
    await old.close();

    // A connected desk whose HQ moved to another version (simulated by this desk announcing another one).
    const a = desks[0]!;
    const file = a.core.context.database.file;
    a.desk.close();
    await a.core.close();
    const reopened = openCore(file, 99);
    const desk = deskClient(reopened);
    desks[0] = { core: reopened, desk, cleanup: a.cleanup };
    await desk.signIn(advisorId);
    const sql = reopened.context.database.sqlite;
    const cursor = readCursor(sql);
    const wang = sql.prepare("SELECT id FROM customers WHERE name = '王伟'").pluck().get() as string;
    expect((await desk.call('notes', 'addPreference', { customerId: wang, category: 'other', value: '周末来' })).ok).toBe(true);
    const s = (await desk.call('sync', 'syncNow', {})).value;
    expect(s).toMatchObject({ state: 'update_needed', pending: 1 });
    expect(s.lastError).toMatch(/update needed/);
    expect(readCursor(sql)).toBe(cursor);
    // No more automatic rounds in that state; changes wait in the outbox.
    expect((await desk.call('notes', 'addPreference', { customerId: wang, category: 'other', value: '喜欢安静' })).ok).toBe(true);
    expect((await desk.call('sync', 'status', {})).value).toMatchObject({ state: 'update_needed', pending: 2 });
    tmp.cleanup();
  });
});
