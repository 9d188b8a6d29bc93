import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, createEnrolCode, createStore, revoke } from '../../hq/admin';
import { ingestRows } from '../../hq/ingest/ingest';
import { dealerRows } from '../../hq/testing/dealer-rows';
import { startTestHq, type TestHq } from '../../hq/testing/hq';
import { fixedDayClock } from '../../electron/core/clock';
import { createCore, type Core } from '../../electron/core/core';
import { serveWeb, type WebHarness } from '../../electron/core/harness/serve-web';
import { builtRendererDir } from '../../electron/core/paths';
import { deskClient } from '../../electron/core/testing/client';
import { tempDbFile } from '../../electron/core/testing/fixture';
import { launchChromium, screenshot } from './support/app';

/**
 * The desk's sync screens in Chromium against the real HQ (in-process, loopback): first run
 * "connect to HQ" with the initial sync's progress, then Sync & Settings with status, pending
 * changes and a refused redemption in "needs attention" (Chinese, then English).
 */
describe('sync screens: connect to HQ on first run, the Sync & Settings panel', () => {
  let browser: Browser;
  let t: TestHq;
  let advisorId = '';
  const closers: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    t = await startTestHq();
    await createStore(t.hq.db, { code: 'S01', name: '广州天河店', 'points-from': 'none' });
    advisorId = (await addStaff(t.hq.db, { store: 'S01', name: '李顾问', role: 'advisor' })).id;
    const rows = dealerRows(400, { phone: 5000, vin: 183000, plate: 12000 });
    expect((await ingestRows(t.hq.db, 'S01', rows, { dryRun: false })).errors).toEqual([]);
  });
  afterAll(async () => {
    for (const c of closers.reverse()) await c();
    await t?.close();
    await browser?.close();
  });

  async function core(): Promise<{ core: Core; file: string }> {
    const tmp = tempDbFile();
    // Small pages so the initial sync takes several steps (the progress bar moves); no automatic rounds.
    const c = createCore({ dbFile: tmp.file, clock: fixedDayClock('2026-11-24'), syncOptions: { pageLimit: 100, soonMs: 600_000, intervalMs: 600_000 } });
    closers.push(async () => {
      await c.close();
      tmp.cleanup();
    });
    return { core: c, file: tmp.file };
  }

  async function open(c: Core): Promise<{ page: Page; harness: WebHarness }> {
    const harness = await serveWeb(c, { rendererDir: builtRendererDir });
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e));
    closers.push(async () => {
      await context.close();
      await harness.close();
    });
    await page.goto(harness.url);
    return { page, harness };
  }

  it('connects a fresh desk with the HQ address and an enrolment code, shows the download, then who is at the desk', async () => {
    const a = await core();
    const { page } = await open(a.core);
    const card = page.getByTestId('connect-hq');
    await card.getByLabel('总部地址').fill('127.0.0.1:1');
    await card.getByLabel('设备注册码').fill('ABCD-EFGH-JKLM');
    await card.getByRole('button', { name: '连接总部' }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toContain('连不上这个总部地址');
    await screenshot(page, 'sync-first-run-unreachable-zh');

    const { code } = await createEnrolCode(t.hq.db, { store: 'S01' });
    await card.getByLabel('总部地址').fill(t.url.replace(/^http:\/\//, ''));
    await card.getByLabel('设备注册码').fill(code);
    await card.getByRole('button', { name: '连接总部' }).click();
    await page.getByTestId('sync-initial').waitFor();
    await screenshot(page, 'sync-first-run-progress-zh');
    // The initial sync ends on "who is at this desk?" with the store's staff from HQ.
    await page.getByRole('button', { name: '李顾问' }).click({ timeout: 60_000 });
    await page.getByRole('searchbox').waitFor();
    expect(a.core.context.database.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(400);

    // Sync & Settings: online, last successful sync, nothing pending, nothing refused.
    await page.getByRole('button', { name: '同步与设置' }).click();
    const panel = page.getByTestId('sync-panel');
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('在线');
    await expect.poll(() => panel.getByTestId('sync-pending').textContent()).toBe('0 条');
    expect(await panel.getByTestId('sync-last-success').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await screenshot(page, 'sync-settings-online-zh');

    // A second desk (no window) and this one redeem the same points while offline; this desk syncs last.
    const b = await core();
    const deskB = deskClient(b.core);
    closers.push(() => deskB.close());
    const { code: codeB } = await createEnrolCode(t.hq.db, { store: 'S01' });
    expect((await deskB.call('sync', 'connect', { hqUrl: t.url, code: codeB })).ok).toBe(true);
    await b.core.context.sync.idle();
    await deskB.signIn(advisorId);
    const sqlB = b.core.context.database.sqlite;
    const wang = sqlB.prepare("SELECT id FROM customers WHERE name = '王伟'").pluck().get() as string;
    const visit = sqlB.prepare('SELECT id FROM visits WHERE customer_id = ?').pluck().get(wang) as string;
    const entry = (await deskB.call('points', 'earnVisit', { customerId: wang, visitId: visit })).value as { id: string; points: number };
    const earned = entry.points;
    await deskB.call('sync', 'syncNow', {});
    await panel.getByRole('button', { name: '立即同步' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('在线');
    // The status says 在线 before this round ends: wait until this desk has pulled the points desk B earned.
    const sqlA = a.core.context.database.sqlite;
    await expect.poll(() => sqlA.prepare('SELECT count(*) FROM points_ledger WHERE id = ?').pluck().get(entry.id)).toBe(1);
    const deskA = deskClient(a.core);
    closers.push(() => deskA.close());
    await deskA.signIn(advisorId);
    expect((await deskB.call('points', 'redeem', { customerId: wang, points: earned, forWhat: '保养抵扣' })).ok).toBe(true);
    expect((await deskA.call('points', 'redeem', { customerId: wang, points: earned, forWhat: '洗车' })).ok).toBe(true);
    await expect.poll(() => panel.getByTestId('sync-pending').textContent()).toBe('1 条');
    await deskB.call('sync', 'syncNow', {});
    await panel.getByRole('button', { name: '立即同步' }).click();
    const item = panel.locator('.sync-attention-item');
    await expect.poll(() => item.textContent()).toContain('积分不足');
    expect(await item.textContent()).toContain(`积分兑换 ${earned} 分（洗车）`);
    await expect.poll(() => panel.getByTestId('sync-pending').textContent()).toBe('0 条');
    await screenshot(page, 'sync-settings-attention-zh');

    // English too.
    await deskA.call('settings', 'setLanguage', { language: 'en' });
    await page.reload(); // the window remembers who is at the desk (468a6cd): no "who is at this desk" again
    await page.getByRole('button', { name: 'Sync & Settings' }).click();
    await expect.poll(() => panel.locator('.sync-attention-item').textContent()).toContain('Not enough points');
    await screenshot(page, 'sync-settings-attention-en');
    await panel.getByRole('button', { name: 'Handled' }).click();
    await expect.poll(() => panel.textContent()).toContain('Nothing was refused by HQ.');

    // HQ disables this desk (a replaced PC, a lost token): it says so, keeps what it has not sent, and a new
    // code of the store gets it back in (before, only wiping the database did, and the changes went with it).
    await deskA.call('settings', 'setLanguage', { language: 'zh-CN' });
    await page.reload();
    await page.getByRole('button', { name: '同步与设置' }).click();
    await revoke(t.hq.db, sqlA.prepare("SELECT value FROM settings WHERE key = 'sync.device_id'").pluck().get() as string);
    await deskA.call('notes', 'addPreference', { customerId: wang, category: 'drink', value: '大杯美式不加糖' });
    await panel.getByRole('button', { name: '立即同步' }).click();
    const reconnect = panel.getByTestId('sync-reconnect');
    await reconnect.waitFor();
    expect(await reconnect.textContent()).toContain('1 项改动没有上传');
    await screenshot(page, 'sync-settings-reconnect-zh');
    const { code: again } = await createEnrolCode(t.hq.db, { store: 'S01' });
    await reconnect.getByLabel('设备注册码').fill(again);
    await reconnect.getByRole('button', { name: '重新连接' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('在线');
    await expect.poll(() => panel.getByTestId('sync-pending').textContent()).toBe('0 条');
    const sent = await t.hq.db.selectFrom('sync_rows').select('data').where('tbl', '=', 'preferences').execute();
    expect(sent.some((r) => (r.data as { value: string }).value === '大杯美式不加糖')).toBe(true);
  });
});
