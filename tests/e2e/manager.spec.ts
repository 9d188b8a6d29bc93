import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_KEYS, type MetricKey } from '../../shared/domain/rules/config';
import { formatMetric } from '../../shared/domain/rules/metric-format';
import { launchChromium, screenshot, startDemoDesk } from './support/app';

/** Every cell of every sheet of a workbook, row by row, as plain values. */
async function readWorkbook(file: string): Promise<{ sheet: string; cells: unknown[] }[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const rows: { sheet: string; cells: unknown[] }[] = [];
  book.eachSheet((sheet) => {
    sheet.eachRow((row) => {
      const cells = (row.values as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v));
      rows.push({ sheet: sheet.name, cells });
    });
  });
  return rows;
}

/** Whether a workbook number reads as the screen's text: as stored, or a share stored in percent points. */
function readsAs(key: MetricKey, cell: unknown, shown: string): boolean {
  if (typeof cell !== 'number') return false;
  return formatMetric(key, cell, 'zh-CN') === shown || formatMetric(key, cell / 100, 'zh-CN') === shown || formatMetric(key, cell * 100, 'zh-CN') === shown;
}

async function download(page: Page, testId: string, dir: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

/** The store manager: team, drill-down, reassignment, radar, dashboard, export, campaigns; an advisor sees none of it. */
describe('store manager', () => {
  let browser: Browser;
  let downloads: string;
  beforeAll(async () => {
    browser = await launchChromium();
    downloads = mkdtempSync(join(tmpdir(), 'desk-downloads-'));
  });
  afterAll(async () => {
    await browser.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  it('drills into an overdue advisor, reassigns three customers, checks the dashboard and exports it to Excel', async () => {
    const desk = await startDemoDesk(browser, { customers: 900, seed: 6, as: 'manager' });
    const { page } = desk;
    const sqlite = desk.core.context.database.sqlite;
    try {
      // Team: one row per advisor; the one with the most overdue tasks.
      const nav = page.getByTestId('manager-nav');
      await nav.getByRole('button', { name: '团队' }).click();
      const table = page.getByTestId('team-table');
      await table.waitFor();
      await screenshot(page, 'manager-zh-01-team');
      const rows = table.getByTestId('team-row');
      const count = await rows.count();
      expect(count).toBeGreaterThan(1);
      let worst = 0;
      for (let i = 1; i < count; i++) if (Number(await rows.nth(i).getAttribute('data-overdue')) > Number(await rows.nth(worst).getAttribute('data-overdue'))) worst = i;
      const overdue = Number(await rows.nth(worst).getAttribute('data-overdue'));
      expect(overdue).toBeGreaterThan(0);
      expect(Number(await rows.first().getAttribute('data-overdue'))).toBe(overdue); // most overdue first by default
      const fromId = (await rows.nth(worst).getAttribute('data-advisor-id'))!;
      await rows.nth(worst).getByRole('button').click();

      // Drill-down: that advisor's customers; pick three and move them to another advisor.
      const list = page.getByTestId('drill-list');
      await list.getByTestId('drill-row').first().waitFor();
      await page.getByTestId('drill-filter-overdue').click();
      await expect.poll(() => list.getByTestId('drill-row').count()).toBeGreaterThan(2);
      await screenshot(page, 'manager-zh-02-advisor');
      const ids: string[] = [];
      const names: string[] = [];
      for (let i = 0; i < 3; i++) {
        const row = list.getByTestId('drill-row').nth(i);
        ids.push((await row.getAttribute('data-id'))!);
        names.push((await row.locator('.rs-name').textContent())!.trim());
        await row.getByRole('checkbox').check();
      }
      const openBefore = (sqlite.prepare(`SELECT COUNT(*) FROM tasks WHERE status = 'open' AND customer_id IN (?, ?, ?)`).pluck().get(...ids) as number);
      expect(openBefore).toBeGreaterThan(0);
      await page.getByTestId('reassign-open').click();
      const form = page.getByTestId('reassign-form');
      await form.getByTestId('reassign-save').click();
      await form.locator('.field-error[data-field="toAdvisorId"]').waitFor();
      await form.getByTestId('reassign-to').selectOption({ index: 1 });
      const toId = await form.getByTestId('reassign-to').inputValue();
      expect(toId).not.toBe(fromId);
      await form.getByRole('button', { name: '顾问离职' }).click();
      await screenshot(page, 'manager-zh-03-reassign');
      await form.getByTestId('reassign-save').click();
      await expect.poll(() => page.getByTestId('drill-notice').textContent()).toContain('已把 3 位客户转给');

      const advisorOf = sqlite.prepare('SELECT advisor_id FROM customers WHERE id = ?').pluck();
      expect(ids.map((id) => advisorOf.get(id))).toEqual([toId, toId, toId]);
      const stillOpenElsewhere = sqlite.prepare(`SELECT COUNT(*) FROM tasks WHERE status = 'open' AND customer_id IN (?, ?, ?) AND advisor_id IS NOT ?`).pluck().get(...ids, toId);
      expect(stillOpenElsewhere).toBe(0);
      const recorded = sqlite.prepare(`SELECT from_advisor_id, to_advisor_id, reason FROM customer_assignments WHERE customer_id IN (?, ?, ?)`).all(...ids);
      expect(recorded).toEqual(ids.map(() => ({ from_advisor_id: fromId, to_advisor_id: toId, reason: '顾问离职' })));
      // The moved customers left this advisor's list.
      for (const id of ids) await expect.poll(() => list.locator(`[data-id="${id}"]`).count()).toBe(0);

      // The new advisor's list has them, and a customer's history says who moved them and why.
      await page.getByRole('button', { name: '返回团队' }).click();
      await table.locator(`[data-advisor-id="${toId}"]`).getByRole('button').click();
      await page.getByPlaceholder('筛选姓名或车牌').fill(names[0]!);
      const moved = list.locator(`[data-id="${ids[0]}"]`);
      await moved.waitFor();
      await moved.getByTestId('history-open').click();
      const history = page.getByTestId('customer-history');
      const assignment = history.locator('[data-kind="assignment"]').first();
      await assignment.waitFor();
      expect(await assignment.textContent()).toContain('顾问离职');
      await screenshot(page, 'manager-zh-03b-history');

      // Dashboard: every metric with value, target and a drawn trend.
      await nav.getByRole('button', { name: '数据看板' }).click();
      const cards = page.getByTestId('metric-card');
      await expect.poll(() => cards.count()).toBe(METRIC_KEYS.length);
      await expect.poll(() => page.getByTestId('metric-trend').first().locator('svg path').count()).toBeGreaterThan(3);
      await page.getByTestId('tier-movement').locator('svg').waitFor();
      await screenshot(page, 'manager-zh-04-dashboard');
      const shown = new Map<MetricKey, string>();
      for (let i = 0; i < METRIC_KEYS.length; i++) {
        const card = cards.nth(i);
        shown.set((await card.getAttribute('data-metric')) as MetricKey, (await card.getByTestId('metric-value').textContent())!.trim());
      }
      expect([...shown.keys()].sort()).toEqual([...METRIC_KEYS].sort());
      expect([...shown.values()].filter((v) => v !== '—').length).toBeGreaterThan(10);
      await page.getByTestId('tiers').scrollIntoViewIfNeeded();
      await expect.poll(() => page.getByTestId('tier-distribution').locator('svg path').count()).toBeGreaterThan(3);
      await screenshot(page, 'manager-zh-04b-dashboard-tiers');
      await page.getByTestId('compare-table').waitFor();
      await page.getByTestId('compare').scrollIntoViewIfNeeded();
      await screenshot(page, 'manager-zh-05-dashboard-compare');

      // Export Excel: the file opens, and has the numbers on screen next to the metric's name.
      const file = await download(page, 'export-dashboard-xlsx', downloads);
      expect(file.endsWith('.xlsx')).toBe(true);
      const book = await readWorkbook(file);
      for (const [key, text] of shown) {
        if (text === '—') continue;
        const label = await page.evaluate((k) => document.querySelector(`[data-metric="${k}"] h3`)?.textContent ?? '', key);
        const row = book.find((r) => r.cells.some((c) => typeof c === 'string' && c.startsWith(label)));
        expect(row, `a row for ${label}`).toBeDefined();
        expect(row!.cells.some((c) => readsAs(key, c, text)), `${label} = ${text} in ${JSON.stringify(row!.cells)}`).toBe(true);
      }
      // ... and the team table as the Team screen shows it (same period: this week).
      await nav.getByRole('button', { name: '团队' }).click();
      await table.waitFor();
      const teamRows = table.getByTestId('team-row');
      for (let i = 0; i < (await teamRows.count()); i++) {
        const name = (await teamRows.nth(i).locator('td').first().textContent())!.trim();
        const customers = Number((await teamRows.nth(i).locator('[data-col="customers"]').textContent())!.replace(/,/g, ''));
        const overdueShown = Number((await teamRows.nth(i).locator('[data-col="overdue"]').textContent())!.replace(/,/g, ''));
        const row = book.find((r) => r.cells[0] === name);
        expect(row, `a team row for ${name}`).toBeDefined();
        expect(row!.cells).toContain(customers);
        expect(row!.cells).toContain(overdueShown);
      }
    } finally {
      await desk.close();
    }
  });

  it('warns before saving a campaign for new customers only, and saves it once confirmed; an advisor sees no manager screens', async () => {
    const desk = await startDemoDesk(browser, { customers: 300, seed: 7, as: 'manager' });
    const { page } = desk;
    const sqlite = desk.core.context.database.sqlite;
    try {
      await page.getByTestId('manager-nav').getByRole('button', { name: '风险雷达' }).click();
      await page.getByTestId('radar-advisors').waitFor();
      await page.getByTestId('winback').waitFor();
      await screenshot(page, 'manager-zh-06-radar');
      // One advisor's red customers with no win-back plan: a click on the advisor's row.
      const firstAdvisor = page.getByTestId('radar-advisor').first();
      const red = Number((await firstAdvisor.locator('td').nth(7).textContent())!.replace(/,/g, ''));
      await firstAdvisor.click();
      await expect.poll(() => page.getByTestId('winback-row').count()).toBe(Math.min(red, 50));
      await page.getByTestId('winback').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await screenshot(page, 'manager-zh-06b-winback');

      // Gold and diamond customers without an advisor (as when an advisor left): listed, assigned in one go.
      const vips = sqlite.prepare("SELECT id FROM customers WHERE tier IN ('gold', 'diamond') ORDER BY id LIMIT 4").pluck().all() as string[];
      expect(vips).toHaveLength(4);
      sqlite.prepare(`UPDATE customers SET advisor_id = NULL WHERE id IN (${vips.map(() => '?').join(', ')})`).run(...vips);
      await page.getByTestId('manager-nav').getByRole('button', { name: '团队' }).click();
      const vipPanel = page.getByTestId('vip-panel');
      await expect.poll(() => vipPanel.getByTestId('vip-row').count()).toBe(4);
      await vipPanel.getByTestId('vip-select-all').check();
      await vipPanel.getByTestId('vip-advisor').selectOption({ index: 1 });
      const vipAdvisor = await vipPanel.getByTestId('vip-advisor').inputValue();
      await vipPanel.scrollIntoViewIfNeeded();
      await screenshot(page, 'manager-zh-09-vip');
      await vipPanel.getByTestId('vip-assign').click();
      await expect.poll(() => vipPanel.getByTestId('vip-notice').textContent()).toContain('已为 4 位客户分配专属顾问');
      expect(vips.map((id) => sqlite.prepare('SELECT advisor_id FROM customers WHERE id = ?').pluck().get(id))).toEqual(vips.map(() => vipAdvisor));
      expect(sqlite.prepare(`SELECT COUNT(*) FROM customer_assignments WHERE reason = '金卡/钻石客户专属顾问' AND to_advisor_id = ?`).pluck().get(vipAdvisor)).toBe(4);
      await expect.poll(() => vipPanel.getByTestId('vip-row').count()).toBe(0);

      // The team table as CSV: UTF-8 with a BOM (Excel reads the Chinese), one line per advisor.
      const csv = readFileSync(await download(page, 'export-team-csv', downloads));
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = csv.toString('utf8');
      for (const name of await page.getByTestId('team-row').locator('td:first-child').allTextContents()) expect(text).toContain(name.trim());

      await page.getByTestId('manager-nav').getByRole('button', { name: '活动与优惠' }).click();
      await page.getByTestId('campaign-new').click();
      const form = page.getByTestId('campaign-form');
      // Bad input: the core names the field, the form shows it there, nothing is saved and no guard yet.
      await form.getByTestId('audience-new_customers').click();
      await form.getByTestId('loyal-hint').waitFor();
      await form.getByTestId('campaign-save').click();
      await form.locator('.field-error[data-field="name"]').waitFor();
      expect(await page.getByTestId('loyal-guard').count()).toBe(0);
      await form.getByTestId('campaign-name').fill('新车主首保五折');
      await form.getByTestId('campaign-benefit').fill('首次保养工时费五折');
      await form.getByTestId('campaign-starts').fill('2026-12-01');
      await form.getByTestId('campaign-ends').fill('2026-12-31');
      await form.getByTestId('campaign-save').click();
      const guard = page.getByTestId('loyal-guard');
      await guard.waitFor();
      expect(await guard.textContent()).toContain('老客户也会看到——给他们的至少要一样多');
      expect(sqlite.prepare('SELECT COUNT(*) FROM campaigns').pluck().get()).toBe(0);
      await screenshot(page, 'manager-zh-07-campaign-guard');
      await guard.getByTestId('guard-save-anyway').click();
      await page.getByTestId('campaign-row').first().waitFor();
      expect(sqlite.prepare('SELECT name, audience, loyal_warning_acknowledged FROM campaigns').all()).toEqual([
        { name: '新车主首保五折', audience: 'new_customers', loyal_warning_acknowledged: 1 },
      ]);
      await screenshot(page, 'manager-zh-08-campaigns');

      // The manager looks at one advisor's cards (a filter an advisor's own queue is refused with)...
      await page.locator('.sidebar').getByRole('button', { name: '手写卡片' }).click();
      const pick = page.getByTestId('cards-advisor');
      await pick.waitFor();
      // The staff list arrives after the select itself.
      await pick.locator('option:not([value=""])').first().waitFor({ state: 'attached' });
      const others = await pick.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      await pick.selectOption(others[others.length - 1]!);
      // An advisor at the same desk: no manager group in the navigation.
      await page.getByTestId('manager-nav').getByRole('button', { name: '数据看板' }).click();
      await page.getByTestId('metric-card').first().waitFor();
      await page.getByRole('button', { name: '切换用户' }).click();
      const advisor = sqlite.prepare("SELECT name FROM staff WHERE role = 'advisor' AND active = 1 ORDER BY name LIMIT 1").pluck().get() as string;
      await page.getByRole('button', { name: advisor }).click();
      await page.getByRole('searchbox').waitFor();
      expect(await page.getByTestId('manager-nav').count()).toBe(0);
      // ... and the manager's screen that was open gave way to Today.
      await page.getByTestId('today').waitFor();
      expect(await page.getByTestId('dashboard').count()).toBe(0);
      expect(await page.locator('.sidebar').getByRole('button', { name: '数据看板' }).count()).toBe(0);
      // ... and their own cards, whatever filter the manager left: no refusal (it was 没有权限执行此操作), and no way back into the manager's screens.
      await page.locator('.sidebar').getByRole('button', { name: '手写卡片' }).click();
      await page.getByTestId('cards-screen').waitFor();
      await expect.poll(async () => (await page.getByTestId('card-row').count()) + (await page.getByTestId('cards-empty').count())).toBeGreaterThan(0);
      expect(await page.getByTestId('cards-screen').getByRole('alert').count()).toBe(0);
      await page.keyboard.press('Alt+ArrowLeft');
      await page.keyboard.press('Alt+ArrowLeft');
      expect(await page.getByTestId('dashboard').count()).toBe(0);

      // HQ deactivates this advisor while a customer is open: the next call signs them out, and the next
      // person starts on Today, not on that customer (it was audited as theirs).
      await page.locator('.sidebar').getByRole('button', { name: '今日' }).click();
      const firstTask = page.getByTestId('work-list').locator('[data-testid="task"]').first();
      await firstTask.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('customer-view').waitFor();
      sqlite.prepare('UPDATE staff SET active = 0 WHERE name = ?').run(advisor);
      // Any call from the customer view signs them out (a reload the window makes by itself may come first).
      await page.getByRole('searchbox').fill('王', { timeout: 2_000 }).catch(() => undefined);
      const next = sqlite.prepare("SELECT name FROM staff WHERE role = 'advisor' AND active = 1 ORDER BY name LIMIT 1").pluck().get() as string;
      await page.getByRole('button', { name: next }).click();
      await page.getByTestId('today').waitFor();
      expect(await page.getByTestId('customer-view').count()).toBe(0);
    } finally {
      await desk.close();
    }
  });

  it('shows every manager screen in English', async () => {
    const desk = await startDemoDesk(browser, { customers: 600, seed: 6, as: 'manager', language: 'en' });
    const { page } = desk;
    try {
      const nav = page.getByTestId('manager-nav');
      await nav.getByRole('button', { name: 'Team' }).click();
      await page.getByTestId('team-table').waitFor();
      await page.getByTestId('vip-panel').waitFor();
      await screenshot(page, 'manager-en-01-team');
      await page.getByTestId('team-row').first().getByRole('button').click();
      await page.getByTestId('drill-row').first().waitFor();
      await screenshot(page, 'manager-en-02-advisor');
      // The list works from the keyboard: move, select, history.
      await page.getByTestId('drill-list').locator('.tm-scroller').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press(' ');
      await expect.poll(() => page.getByTestId('drill-selection').textContent()).toContain('1 selected');
      expect(await page.getByTestId('drill-row').nth(1).getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('h');
      await page.getByTestId('customer-history').waitFor();
      // A filter stays as left after opening a customer and coming back.
      await page.getByTestId('drill-filter-red').click();
      await page.getByTestId('drill-row').first().locator('.rs-name').click();
      await page.getByTestId('customer-view').waitFor();
      await page.getByRole('button', { name: /Back/ }).first().click();
      await page.getByTestId('drill-row').first().waitFor();
      expect(await page.getByTestId('drill-filter-red').getAttribute('aria-pressed')).toBe('true');
      await nav.getByRole('button', { name: 'Risk radar' }).click();
      await page.getByTestId('radar-advisors').waitFor();
      await screenshot(page, 'manager-en-03-radar');
      await nav.getByRole('button', { name: 'Dashboard' }).click();
      await expect.poll(() => page.getByTestId('metric-card').count()).toBe(METRIC_KEYS.length);
      await page.getByTestId('tier-movement').locator('svg').waitFor();
      expect(await page.getByTestId('dashboard').textContent()).toContain('30-day retention');
      await screenshot(page, 'manager-en-04-dashboard');
      // Month labels in English, and the charts follow their box when the window narrows.
      expect(await page.getByTestId('metric-trend').first().locator('svg').textContent()).toMatch(/Dec|Mar|Jun|Sep/);
      const chartWidth = () => page.getByTestId('metric-trend').first().locator('svg').evaluate((svg) => svg.getBoundingClientRect().width);
      const wide = await chartWidth();
      await page.setViewportSize({ width: 1000, height: 800 });
      await expect.poll(chartWidth).not.toBe(wide);
      await screenshot(page, 'manager-en-04c-dashboard-narrow');
      await page.setViewportSize({ width: 1366, height: 800 });
      await page.getByTestId('compare-table').scrollIntoViewIfNeeded();
      await screenshot(page, 'manager-en-04b-dashboard-compare');
      await nav.getByRole('button', { name: 'Campaigns & offers' }).click();
      await page.getByTestId('campaign-new').click();
      await page.getByTestId('campaign-name').fill('First service half price');
      await page.getByTestId('campaign-benefit').fill('Half price labour on the first service');
      await page.getByTestId('audience-new_customers').click();
      await page.getByTestId('campaign-starts').fill('2026-12-01');
      await page.getByTestId('campaign-ends').fill('2026-12-31');
      await page.getByTestId('campaign-save').click();
      await page.getByTestId('loyal-guard').waitFor();
      expect(await page.getByTestId('loyal-guard').textContent()).toContain('Loyal customers will see this — give them at least as much');
      await screenshot(page, 'manager-en-05-campaign-guard');
    } finally {
      await desk.close();
    }
  });
});
