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
