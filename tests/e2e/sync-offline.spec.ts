import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, createEnrolCode, createStore } from '../../hq/admin';
import { ingestRows } from '../../hq/ingest/ingest';
import { dealerRows } from '../../hq/testing/dealer-rows';
import { startHqServer, type HqServer } from '../../hq/server';
import { startTestHq, type TestHq } from '../../hq/testing/hq';
import { fixedDayClock } from '../../electron/core/clock';
import { createCore, type Core } from '../../electron/core/core';
import { serveWeb } from '../../electron/core/harness/serve-web';
import { builtRendererDir } from '../../electron/core/paths';
import { tempDbFile } from '../../electron/core/testing/fixture';
import { launchChromium, openCustomer, screenshot } from './support/app';

/**
 * Offline and back (issue 5), in Chromium against the real HQ: a desk enrols with a code and shows
 * the initial sync's progress; HQ is stopped; the advisor logs a follow-up and edits a preference
 * (the app keeps working, shows offline, the pending count grows); HQ starts again on the same port
 * and database; the desk syncs; the changes are in HQ's rows and in a second desk's customer view.
 */
describe('offline and back: changes made while HQ is down reach HQ and another desk', () => {
  let browser: Browser;
  let t: TestHq;
  let restarted: HqServer | null = null;
  const closers: (() => Promise<void> | void)[] = [];
  const PHONE = '13812347700';

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestHq();
    await createStore(t.hq.db, { code: 'S01', name: '广州天河店', 'points-from': 'none' });
    await addStaff(t.hq.db, { store: 'S01', name: '李顾问', role: 'advisor' });
    const rows = dealerRows(300, { phone: 7700, vin: 187700, plate: 17700 });
    expect((await ingestRows(t.hq.db, 'S01', rows, { dryRun: false })).errors).toEqual([]);
  });
  afterAll(async () => {
    for (const c of closers.reverse()) await c();
    await restarted?.close();
    await t?.close();
    await browser?.close();
  });

  /** A desk with a window; 'soonMs' short so a change is tried at once and the desk finds HQ gone by itself. */
  async function openDesk(): Promise<{ core: Core; page: Page }> {
    const tmp = tempDbFile();
    const core = createCore({ dbFile: tmp.file, clock: fixedDayClock('2026-11-24'), syncOptions: { pageLimit: 100, soonMs: 300, intervalMs: 600_000 } });
    const harness = await serveWeb(core, { rendererDir: builtRendererDir });
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e));
    closers.push(async () => {
      await context.close();
      await harness.close();
      await core.close();
      tmp.cleanup();
    });
    await page.goto(harness.url);
    return { core, page };
  }

  async function connect(page: Page, hqUrl: string): Promise<void> {
    const { code } = await createEnrolCode(t.hq.db, { store: 'S01' });
    const card = page.getByTestId('connect-hq');
    await card.getByLabel('总部地址').fill(hqUrl.replace(/^http:\/\//, ''));
    await card.getByLabel('设备注册码').fill(code);
    await card.getByRole('button', { name: '连接总部' }).click();
  }

  const hqRows = async (tbl: string, field: string, value: string) =>
    (await t.hq.db.selectFrom('sync_rows').select(['pk', 'data']).where('tbl', '=', tbl).where('deleted', '=', false).execute()).filter(
      (r) => (r.data as Record<string, unknown>)[field] === value,
    );

  it('enrol, initial sync with progress, HQ down: log and edit offline, HQ back: at HQ and on a second desk', async () => {
    const a = await openDesk();
    const { page } = a;
    await connect(page, t.url);
    await page.getByTestId('sync-initial').waitFor();
    await screenshot(page, 'sync-offline-1-initial-zh');
    await page.getByRole('button', { name: '李顾问' }).click({ timeout: 60_000 });
    await page.getByRole('searchbox').waitFor();

    // Online: note a preference for 王伟 and let it reach HQ (the one to edit offline later).
    await openCustomer(page, PHONE, '王伟');
    const view = page.getByTestId('customer-view');
    await page.locator('body').press('p');
    await page.keyboard.type('大杯美式');
    await page.keyboard.press('Enter');
    await expect.poll(() => view.getByTestId('preferences').textContent()).toContain('大杯美式');
    await expect.poll(async () => (await hqRows('preferences', 'value', '大杯美式')).length, { timeout: 15_000 }).toBe(1);

    // HQ goes down (server closed; its database stays).
    const port = Number(new URL(t.url).port);
    await t.server.close();

    // Offline: a follow-up (L, type, Enter) and the preference edited; both show at once.
    await view.getByTestId('pref-value').blur();
    await page.locator('body').press('l');
    const dialog = page.getByTestId('follow-up-dialog');
    await dialog.waitFor();
    await page.keyboard.type('总部断网时记录的回访');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => view.getByTestId('follow-ups').textContent()).toContain('总部断网时记录的回访');
    const pref = view.getByTestId('preferences').getByTestId('preference').filter({ hasText: '大杯美式' });
    await pref.getByRole('button', { name: '修改' }).click();
    const value = view.locator('li.pref-editing').getByTestId('pref-value');
    await value.fill('大杯美式不加糖');
    await value.press('Enter');
    await expect.poll(() => view.getByTestId('preferences').textContent()).toContain('大杯美式不加糖');

    // The Sync screen: offline, what to expect, two changes waiting; search still answers.
    await page.getByRole('button', { name: '同步与设置' }).click();
    const panel = page.getByTestId('sync-panel');
    await expect.poll(() => panel.getByRole('status').textContent(), { timeout: 15_000 }).toContain('离线');
    await expect.poll(() => panel.getByTestId('sync-pending').textContent()).toBe('2 条');
    expect(await panel.textContent()).toContain('可以照常工作');
    await screenshot(page, 'sync-offline-2-offline-zh');
    // The same state in English, then back to Chinese for the rest.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('Offline');
    expect(await panel.textContent()).toContain('Keep working');
    await screenshot(page, 'sync-offline-2-offline-en');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('离线');
    await panel.getByRole('button', { name: '立即同步' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('离线');
    expect(await panel.getByTestId('sync-pending').textContent()).toBe('2 条');
    expect(await hqRows('interactions', 'note', '总部断网时记录的回访')).toEqual([]);

    // HQ back on the same port and database; Sync now sends both.
    restarted = await startHqServer({ db: t.hq.db, port, adminToken: t.adminToken });
    await panel.getByRole('button', { name: '立即同步' }).click();
    await expect.poll(() => panel.getByRole('status').textContent(), { timeout: 15_000 }).toContain('在线');
    await expect.poll(() => panel.getByTestId('sync-pending').textContent()).toBe('0 条');
    await screenshot(page, 'sync-offline-3-back-zh');
    expect(await hqRows('interactions', 'note', '总部断网时记录的回访')).toHaveLength(1);
    expect(await hqRows('preferences', 'value', '大杯美式不加糖')).toHaveLength(1);
    expect(await hqRows('preferences', 'value', '大杯美式')).toEqual([]);

    // A second desk enrols and shows both in 王伟's view.
    const b = await openDesk();
    await connect(b.page, restarted.url);
    await b.page.getByRole('button', { name: '李顾问' }).click({ timeout: 60_000 });
    await b.page.getByRole('searchbox').waitFor();
    await openCustomer(b.page, PHONE, '王伟');
    const viewB = b.page.getByTestId('customer-view');
    await expect.poll(() => viewB.getByTestId('follow-ups').textContent()).toContain('总部断网时记录的回访');
    await expect.poll(() => viewB.getByTestId('preferences').textContent()).toContain('大杯美式不加糖');
    await screenshot(b.page, 'sync-offline-4-second-desk-zh');
  });
});
