import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, createEnrolCode, createStore } from '../../hq/admin';
import { ingestRows } from '../../hq/ingest/ingest';
import { deleteRow, lockStore, putRows, setLastSeq } from '../../hq/repos/rows';
import { startTestHq, type TestHq } from '../../hq/testing/hq';
import { fixedDayClock } from '../../electron/core/clock';
import { createCore, type Core } from '../../electron/core/core';
import { deskClient } from '../../electron/core/testing/client';
import { serveWeb } from '../../electron/core/harness/serve-web';
import { builtRendererDir } from '../../electron/core/paths';
import { tempDbFile } from '../../electron/core/testing/fixture';
import { launchChromium, screenshot } from './support/app';

/**
 * "Accept anyway" for the mass-delete guard, against the real HQ: HQ tombstones most of a table,
 * the desk refuses the page and pauses; an advisor may not accept it, a manager accepts exactly the
 * refusal on screen and the next pull applies the page (audited). Guard: 30 % / at least 5 rows.
 */
describe('sync: a manager accepts a page the mass-delete guard refused', () => {
  let t: TestHq;
  let browser: Browser | undefined;
  let core: Core;
  let desk: ReturnType<typeof deskClient>;
  let cleanup = () => undefined as void;
  let storeId = '';
  let advisorId = '';
  let managerId = '';
  const at = '2026-11-24T02:00:00.000Z';

  beforeAll(async () => {
    t = await startTestHq();
    storeId = (await createStore(t.hq.db, { code: 'S01', name: '广州天河店', 'points-from': 'none' })).storeId;
    advisorId = (await addStaff(t.hq.db, { store: 'S01', name: '李顾问', role: 'advisor' })).id;
    managerId = (await addStaff(t.hq.db, { store: 'S01', name: '陈店长', role: 'manager' })).id;
    const rows = Array.from({ length: 10 }, (_, i) => ({ name: `客户${i}`, phone: `1381234${String(5600 + i)}`, vin: `LSVAU2180N2${String(183400 + i)}`, plate: `粤A${String(12300 + i)}`, brand: '大众', model: '帕萨特', delivery_date: '2024-05-01' }));
    expect((await ingestRows(t.hq.db, 'S01', rows, { dryRun: false })).errors).toEqual([]);
    await addPreferences(0); // ten preferences at HQ, one per customer
    const tmp = tempDbFile();
    cleanup = tmp.cleanup;
    core = createCore({ dbFile: tmp.file, clock: fixedDayClock('2026-11-24'), autoPlan: false, syncOptions: { soonMs: 600_000, intervalMs: 600_000, guard: { maxDeleteShare: 0.3, minDeletes: 5 } } });
    desk = deskClient(core);
    const { code } = await createEnrolCode(t.hq.db, { store: 'S01' });
    expect((await desk.call('sync', 'connect', { hqUrl: t.url, code, deviceName: 'desk 1' })).error).toBeUndefined();
    await core.context.sync.idle();
  });
  afterAll(async () => {
    await browser?.close();
    desk?.close();
    await core?.close();
    cleanup();
    await t?.close();
  });

  const prefs = () => core.context.database.sqlite.prepare('SELECT count(*) FROM preferences').pluck().get() as number;

  /** Ten preferences at HQ (p-<from>..p-<from+9>), one per customer. */
  async function addPreferences(from: number): Promise<void> {
    const customers = (await t.hq.db.selectFrom('sync_rows').select('pk').where('store_id', '=', storeId).where('tbl', '=', 'customers').orderBy('pk').execute()).map((r) => r.pk);
    await t.hq.db.transaction().execute(async (trx) => {
      let seq = (await lockStore(trx, storeId))!;
      const rows = customers.map((c, i) => ({
        tbl: 'preferences', pk: `p-${from + i}`, seq: ++seq, deleted: false,
        data: { id: `p-${from + i}`, store_id: storeId, customer_id: c, category: 'drink', value: '美式', suggestion_status: null, noted_by: null, noted_at: at, updated_by: null, updated_at: at, deleted_at: null },
      }));
      await putRows(trx, storeId, rows, new Map([['preferences', rows.length]]));
      await setLastSeq(trx, storeId, seq);
    });
  }

  async function deletePreferences(ids: number[]): Promise<void> {
    await t.hq.db.transaction().execute(async (trx) => {
      let seq = (await lockStore(trx, storeId))!;
      for (const i of ids) await deleteRow(trx, storeId, 'preferences', `p-${i}`, { id: `p-${i}` }, ++seq);
      await setLastSeq(trx, storeId, seq);
    });
  }

  it('refuses the page, only a manager accepts exactly that refusal, and the next pull applies it', async () => {
    expect(prefs()).toBe(10);
    // HQ deletes 8 of the 10 preferences (e.g. a bad import undone at HQ).
    await deletePreferences([0, 1, 2, 3, 4, 5, 6, 7]);
    await desk.signIn(advisorId);
    const refused = (await desk.call('sync', 'syncNow', {})).value;
    expect(refused).toMatchObject({ state: 'refused', refusal: { table: 'preferences', deletes: 8, rows: 10 } });
    expect(prefs()).toBe(10);

    expect((await desk.call('sync', 'acceptRefused', { table: 'preferences', deletes: 8 })).error).toMatchObject({ code: 'forbidden' });
    await desk.signIn(managerId);
    expect((await desk.call('sync', 'acceptRefused', { table: 'preferences', deletes: 7 })).error).toMatchObject({ code: 'conflict', details: { field: 'deletes' } });
    expect((await desk.call('sync', 'acceptRefused', { table: 'preferences', deletes: 0 })).error).toMatchObject({ code: 'validation', details: { field: 'deletes' } });
    expect(prefs()).toBe(10);

    const accepted = await desk.call('sync', 'acceptRefused', { table: 'preferences', deletes: 8 });
    expect(accepted.error).toBeUndefined();
    expect(accepted.value).toMatchObject({ state: 'idle', refusal: null });
    expect(prefs()).toBe(2);
    const sql = core.context.database.sqlite;
    expect(sql.prepare("SELECT staff_id, entity_id FROM audit_log WHERE entity = 'sync_refusal'").all()).toEqual([{ staff_id: managerId, entity_id: 'preferences' }]);
    // The acceptance was used up: it lets no later page through.
    expect(sql.prepare("SELECT count(*) FROM settings WHERE key = 'sync.accept_refusal'").pluck().get()).toBe(0);
    // Not refused any more: accepting again is a conflict.
    expect((await desk.call('sync', 'acceptRefused', { table: 'preferences', deletes: 8 })).error).toMatchObject({ code: 'conflict' });
  });

  it('Sync screen: an advisor is told only a manager can accept; the manager confirms and the page is applied', async () => {
    await addPreferences(10);
    await desk.call('sync', 'syncNow', {});
    expect(prefs()).toBe(12);
    await deletePreferences([10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect((await desk.call('sync', 'syncNow', {})).value).toMatchObject({ state: 'refused', refusal: { table: 'preferences', deletes: 9, rows: 12 } });

    browser = await launchChromium();
    const harness = await serveWeb(core, { rendererDir: builtRendererDir });
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e));
    try {
      await page.goto(harness.url);
      await page.getByRole('button', { name: '李顾问' }).click({ timeout: 60_000 });
      await page.getByRole('button', { name: '同步与设置' }).click();
      const panel = page.getByTestId('sync-panel');
      await expect.poll(() => panel.getByRole('status').textContent()).toContain('已暂停同步');
      await expect.poll(() => panel.textContent()).toContain('只有店长可以接受这些删除');
      expect(await panel.getByRole('button', { name: '仍然接受这些删除…' }).count()).toBe(0);

      await page.getByRole('button', { name: '切换用户' }).click();
      await page.getByRole('button', { name: '陈店长' }).click({ timeout: 60_000 });
      await page.getByRole('button', { name: '同步与设置' }).click();
      await panel.getByRole('button', { name: '仍然接受这些删除…' }).click();
      await expect.poll(() => panel.getByRole('group').textContent()).toContain('删除“偏好”中的 9 条数据');
      await screenshot(page, 'sync-refused-accept-confirm-zh');
      // The same two steps read in English.
      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => panel.getByRole('status').textContent()).toContain('Sync paused');
      await expect.poll(() => panel.getByRole('group').textContent()).toMatch(/delete 9 rows of .+ at this desk/);
      await screenshot(page, 'sync-refused-accept-confirm-en');
      await page.getByRole('button', { name: '中文' }).click();
      await expect.poll(() => panel.getByRole('group').textContent()).toContain('删除“偏好”中的 9 条数据');
      await panel.getByRole('button', { name: '确认删除并同步' }).click();
      await expect.poll(() => panel.getByRole('status').textContent()).toContain('在线');
      expect(prefs()).toBe(3);
      await screenshot(page, 'sync-refused-accepted-zh');
    } finally {
      await context.close();
      await harness.close();
    }
  });
});
