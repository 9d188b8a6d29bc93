import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, startDemoDesk } from './support/app';

const focusedTaskId = (page: Page) => page.evaluate(() => document.activeElement?.closest('[data-task-id]')?.getAttribute('data-task-id') ?? document.activeElement?.tagName);

/** The row's top and bottom lie inside the screen's scrolled area (to a pixel: boxes are fractional). */
async function inView(page: Page, row: Locator): Promise<boolean> {
  const r = (await row.boundingBox())!;
  const s = (await page.locator('.screen').boundingBox())!;
  return r.y >= s.y - 1 && r.y + r.height <= s.y + s.height + 1;
}

/** Today's keyboard flow: a task's customer opened with Enter, then back to that row with Esc or Alt+←. */
describe('today: back from a customer to the task row', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('Esc and Alt+← come back focused on the opened task, scrolled into view, the keys working at once', async () => {
    const desk = await startDemoDesk(browser, { customers: 800, seed: 4 });
    const { page } = desk;
    const sqlite = desk.core.context.database.sqlite;
    try {
      const work = page.getByTestId('work-list');
      const rows = work.locator('[data-testid="task"]');
      await rows.nth(12).waitFor();
      const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-task-id')!));
      const view = page.getByTestId('customer-view');

      // The 3rd task by the keyboard, Enter, Esc: back on it, and ↓ goes on to the 4th.
      await rows.first().focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await focusedTaskId(page)).toBe(ids[2]);
      await page.keyboard.press('Enter');
      await view.waitFor();
      await page.keyboard.press('Escape');
      await rows.nth(12).waitFor();
      await expect.poll(() => focusedTaskId(page), { timeout: 5_000 }).toBe(ids[2]);
      await screenshot(page, 'today-zh-08-back-on-third-task');
      await page.keyboard.press('ArrowDown');
      expect(await focusedTaskId(page)).toBe(ids[3]);

      // Further down the list (the screen scrolled), and back with Alt+←: the row in view, S snoozes it.
      for (let i = 3; i < 12; i++) await page.keyboard.press('ArrowDown');
      expect(await focusedTaskId(page)).toBe(ids[12]);
      expect(await page.locator('.screen').evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
      await page.keyboard.press('Enter');
      await view.waitFor();
      await page.keyboard.press('Alt+ArrowLeft');
      await rows.nth(12).waitFor();
      await expect.poll(() => focusedTaskId(page), { timeout: 5_000 }).toBe(ids[12]);
      expect(await inView(page, rows.nth(12))).toBe(true);
      await screenshot(page, 'today-zh-07-back-on-task');
      await page.keyboard.press('s');
      await rows.nth(12).getByTestId('snooze-form').waitFor({ timeout: 5_000 });
      await page.keyboard.press('Escape'); // closes the form, not the screen
      await expect.poll(() => rows.nth(12).getByTestId('snooze-form').count()).toBe(0);

      // The task was done in another window meanwhile: back on the row that took its place.
      await expect.poll(() => focusedTaskId(page)).toBe(ids[12]);
      await page.keyboard.press('Enter');
      await view.waitFor();
      sqlite.prepare("UPDATE tasks SET status = 'done' WHERE id = ?").run(ids[12]);
      await page.keyboard.press('Escape');
      await rows.nth(12).waitFor();
      await expect.poll(() => focusedTaskId(page), { timeout: 5_000 }).toBe(ids[13]);
      expect(await inView(page, rows.nth(12))).toBe(true);
      await page.keyboard.press('ArrowUp');
      expect(await focusedTaskId(page)).toBe(ids[11]);

      // Below the first page of a bucket ("show more"): back on that task, the page still shown.
      const overdue = await rows.evaluateAll((els) => els.filter((e) => e.closest('[data-testid="bucket-overdue"]')).length);
      await page.getByRole('button', { name: '显示更多' }).first().click();
      await expect.poll(() => rows.evaluateAll((els) => els.filter((e) => e.closest('[data-testid="bucket-overdue"]')).length)).toBeGreaterThan(overdue);
      const deep = rows.nth(overdue + 1);
      const deepId = await deep.getAttribute('data-task-id');
      await deep.focus();
      await page.keyboard.press('Enter');
      await view.waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => focusedTaskId(page), { timeout: 5_000 }).toBe(deepId);
    } finally {
      await desk.close();
    }
  });

  it("a manager comes back to the advisor's day they were looking at, on the task opened", async () => {
    const desk = await startDemoDesk(browser, { customers: 800, seed: 4, as: 'manager' });
    const { page } = desk;
    try {
      const select = page.getByTestId('today-advisor');
      const rows = page.getByTestId('work-list').locator('[data-testid="task"]');
      await rows.first().waitFor();
      const second = await select.locator('option').nth(1).getAttribute('value');
      await select.selectOption(second!);
      await expect.poll(async () => desk.core.context.database.sqlite.prepare('SELECT advisor_id FROM tasks WHERE id = ?').pluck().get(await rows.first().getAttribute('data-task-id'))).toBe(second);
      const id = await rows.nth(1).getAttribute('data-task-id');
      await rows.first().focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByTestId('customer-view').waitFor();
      await page.keyboard.press('Escape');
      await rows.first().waitFor();
      expect(await select.inputValue()).toBe(second);
      await expect.poll(() => focusedTaskId(page), { timeout: 5_000 }).toBe(id);
    } finally {
      await desk.close();
    }
  });
});
