import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, startDemoDesk } from './support/app';

/**
 * Arrival at the front desk, keyboard only: type part of a plate, open the customer, see what to
 * prepare (preferences) and the risk flag with its reasons, log a visit follow-up, go back.
 */
describe('arrival: search a plate, see preferences and risk, log a visit follow-up', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  for (const language of ['zh-CN', 'en'] as const) {
    it(`works from the keyboard (${language})`, async () => {
      const desk = await startDemoDesk(browser, { customers: 600, seed: 3, language });
      const { page } = desk;
      const sqlite = desk.core.context.database.sqlite;
      try {
        // A customer with a plate, preferences on file and a yellow or red flag (a drink preference helps the story).
        const customer = sqlite
          .prepare(
            `SELECT c.id, c.name, v.plate FROM customers c JOIN vehicles v ON v.customer_id = c.id AND v.deleted_at IS NULL
             WHERE c.advisor_id IS NOT NULL AND EXISTS (SELECT 1 FROM preferences p WHERE p.customer_id = c.id AND p.deleted_at IS NULL AND p.category = 'drink')
               AND (SELECT max(visit_date) FROM visits x WHERE x.customer_id = c.id AND x.amount_fen > 0) < '2026-06-01'
             ORDER BY c.id LIMIT 1`,
          )
          .get() as { id: string; name: string; plate: string };
        expect(customer).toBeDefined();
        const drink = sqlite.prepare("SELECT value FROM preferences WHERE customer_id = ? AND category = 'drink' AND deleted_at IS NULL").pluck().get(customer.id) as string;

        const search = page.getByRole('searchbox');
        await search.focus();
        await search.fill(customer.plate.slice(1, 6));
        const results = page.getByTestId('search-results');
        await results.locator('.hit-name', { hasText: customer.name }).first().waitFor();
        const names = await results.locator('.hit-name').allTextContents();
        for (let i = 0; i < names.indexOf(customer.name); i++) await search.press('ArrowDown');
        await search.press('Enter');

        const view = page.getByTestId('customer-view');
        await view.getByRole('heading', { name: customer.name }).waitFor();
        // Preferences first: the drink to prepare is on screen at once.
        await expect.poll(() => view.getByTestId('preferences').textContent()).toContain(drink);
        const risk = view.getByTestId('risk-flag');
        expect(await risk.getAttribute('class')).toMatch(/risk-(red|yellow)/);
        expect(await risk.textContent()).toMatch(language === 'en' ? /days since last purchase/ : /天未到店消费/);
        expect(await view.getByTestId('tier-path').textContent()).toBeTruthy();
        await screenshot(page, `${language}-arrival-1-customer`);

        // L opens the follow-up form with the note focused; 'at the store' is preselected; Enter saves.
        await page.locator('body').press('l');
        const dialog = page.getByTestId('follow-up-dialog');
        await dialog.waitFor();
        expect(await page.getByTestId('follow-up-note').evaluate((el) => el === document.activeElement)).toBe(true);
        expect(await dialog.locator('[data-channel="visit"]').getAttribute('aria-pressed')).toBe('true');
        const note = language === 'en' ? 'Came in for an oil change, asked about winter tyres' : '来做保养，问了冬季轮胎';
        await page.keyboard.type(note);
        await screenshot(page, `${language}-arrival-2-log`);
        await page.keyboard.press('Enter');
        await dialog.waitFor({ state: 'detached' });
        await expect.poll(() => view.getByTestId('follow-ups').textContent()).toContain(note);
        await screenshot(page, `${language}-arrival-3-logged`);

        const row = sqlite.prepare('SELECT channel, purpose, outcome, note, staff_id FROM interactions WHERE customer_id = ?').get(customer.id);
        expect(row).toEqual({ channel: 'visit', purpose: 'care', outcome: 'reached', note, staff_id: desk.staff.id });
        expect(sqlite.prepare("SELECT count(*) FROM audit_log WHERE entity = 'interaction' AND staff_id = ?").pluck().get(desk.staff.id)).toBe(1);
        expect(sqlite.prepare("SELECT count(*) FROM outbox WHERE name = 'followUps.log'").pluck().get()).toBe(1);

        // P notes a preference from the keyboard: it shows at once with who noted it.
        await page.locator('body').press('p');
        expect(await page.getByTestId('pref-value').evaluate((el) => el === document.activeElement)).toBe(true);
        const pref = language === 'en' ? 'Prefers the quiet corner of the lounge' : '喜欢休息区靠窗安静的位置';
        await page.keyboard.type(pref);
        await page.keyboard.press('Enter');
        await expect.poll(() => view.getByTestId('preferences').textContent()).toContain(pref);
        expect(await view.getByTestId('preferences').textContent()).toContain(desk.staff.name);
        await page.locator('.screen').evaluate((el) => el.scrollTo(0, 720));
        await screenshot(page, `${language}-arrival-4-middle`);
        await page.locator('.screen').evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await screenshot(page, `${language}-arrival-5-lower`);

        // Esc on a focused select (the next preference's category, with its words typed) stays: it left the
        // customer and what was typed.
        await page.getByTestId('pref-value').fill('大杯美式');
        await page.getByTestId('pref-value').locator('xpath=preceding-sibling::select').focus();
        await page.keyboard.press('Escape');
        expect(await view.isVisible()).toBe(true);
        expect(await page.getByTestId('pref-value').inputValue()).toBe('大杯美式');
        await page.getByTestId('pref-value').fill('');
        // Esc leaves the customer (nothing focused in a field): back where we came from.
        await page.getByTestId('pref-value').blur();
        await page.locator('body').press('Escape');
        await view.waitFor({ state: 'detached' });
      } finally {
        await desk.close();
      }
    });
  }
});

describe('customer view notes: bad input is named at the field, scores and complaints move the radar, a suggestion is adopted', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('records, refuses and resolves from the customer view', async () => {
    const desk = await startDemoDesk(browser, { customers: 600, seed: 3 });
    const { page } = desk;
    const sqlite = desk.core.context.database.sqlite;
    try {
      // A green customer (recent purchase, no complaint) with an open suggestion on file.
      const customer = sqlite
        .prepare(
          `SELECT c.id, c.name FROM customers c
           WHERE EXISTS (SELECT 1 FROM preferences p WHERE p.customer_id = c.id AND p.suggestion_status = 'open' AND p.deleted_at IS NULL)
             AND NOT EXISTS (SELECT 1 FROM complaints k WHERE k.customer_id = c.id)
             AND (SELECT max(visit_date) FROM visits x WHERE x.customer_id = c.id AND x.amount_fen > 0) > '2026-09-01'
             AND (SELECT count(*) FROM customers d WHERE d.name = c.name) = 1
           ORDER BY c.id LIMIT 1`,
        )
        .get() as { id: string; name: string };
      expect(customer).toBeDefined();
      const search = page.getByRole('searchbox');
      await search.fill(customer.name);
      await page.getByTestId('search-results').locator('.hit-name', { hasText: customer.name }).first().waitFor();
      await search.press('Enter');
      const view = page.getByTestId('customer-view');
      await view.getByRole('heading', { name: customer.name }).waitFor();

      // An empty preference and a score of 11 are refused next to their fields; nothing is written.
      const before = sqlite.prepare('SELECT (SELECT count(*) FROM preferences) + (SELECT count(*) FROM surveys)').pluck().get();
      await page.locator('body').press('p');
      await page.keyboard.press('Enter');
      await view.locator('.field-error[data-field="value"]').waitFor();
      const survey = view.getByTestId('survey-form');
      await survey.getByRole('textbox', { name: '评分（0-10）' }).fill('11');
      await survey.getByRole('button', { name: '记录评分' }).click();
      await expect.poll(() => survey.locator('.field-error[data-field="score"]').textContent()).toBe('请输入 0 到 10 的整数');
      expect(sqlite.prepare('SELECT (SELECT count(*) FROM preferences) + (SELECT count(*) FROM surveys)').pluck().get()).toBe(before);
      await view.getByTestId('feedback').scrollIntoViewIfNeeded();
      await screenshot(page, 'zh-CN-notes-1-refused');

      // A score of 3 turns the radar red with the reason; a complaint is opened, then resolved.
      await survey.getByRole('textbox', { name: '评分（0-10）' }).fill('3');
      await survey.getByRole('textbox', { name: '客户原话' }).fill('等太久了');
      await survey.getByRole('button', { name: '记录评分' }).click();
      await expect.poll(() => view.getByTestId('risk-flag').getAttribute('class')).toContain('risk-red');
      expect(await view.getByTestId('risk-flag').textContent()).toContain('满意度 30 分');
      await view.getByRole('textbox', { name: '投诉内容' }).fill('洗车没洗干净');
      await view.getByRole('button', { name: '登记投诉' }).click();
      const complaint = view.getByTestId('complaint').first();
      await expect.poll(() => complaint.textContent()).toContain('未解决');
      expect(await view.getByTestId('risk-flag').textContent()).toContain('投诉未解决');
      // Red by the score (then the complaint too): the advisor's recovery visit, due today, one for both, among the open tasks.
      await expect.poll(() => view.locator('[data-testid="task"][data-rule="low_score_visit"]').count()).toBe(1);
      expect(await view.locator('[data-testid="task"][data-rule="low_score_visit"]').textContent()).toContain('低分客户上门回访');
      expect(await view.locator('[data-testid="task"][data-rule="complaint_visit"]').count()).toBe(0);
      await view.getByTestId('work').scrollIntoViewIfNeeded();
      await screenshot(page, 'zh-CN-notes-1c-recovery-visits');
      await complaint.getByRole('button', { name: '标记已解决' }).click();
      await complaint.getByRole('textbox', { name: '处理结果' }).fill('重新洗车并致歉');
      await complaint.getByRole('textbox', { name: '处理结果' }).press('Enter');
      await expect.poll(() => complaint.textContent()).toContain('已解决');

      // The open suggestion is adopted: a thank-you task appears among the open tasks.
      const suggestion = view.getByTestId('suggestions').getByTestId('preference').filter({ hasText: '待采纳' }).first();
      await view.getByTestId('preferences').scrollIntoViewIfNeeded();
      await screenshot(page, 'zh-CN-notes-1b-suggestion');
      await suggestion.getByRole('button', { name: '采纳并致谢' }).click();
      await expect.poll(() => view.locator('[data-testid="task"][data-rule="suggestion_thanks"]').count()).toBe(1);
      expect(sqlite.prepare("SELECT count(*) FROM tasks WHERE customer_id = ? AND rule = 'suggestion_thanks' AND status = 'open'").pluck().get(customer.id)).toBe(1);
      await page.locator('.screen').evaluate((el) => el.scrollTo(0, 0));
      await screenshot(page, 'zh-CN-notes-2-done');
      await view.getByTestId('feedback').scrollIntoViewIfNeeded();
      await screenshot(page, 'zh-CN-notes-3-feedback');
    } finally {
      await desk.close();
    }
  });
});
