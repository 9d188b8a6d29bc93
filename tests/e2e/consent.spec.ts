import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, startDemoDesk } from './support/app';

/**
 * Consent: record an SMS opt-out in the customer view; then the follow-up form no longer offers
 * SMS for care contact, the customer's tasks no longer offer SMS, and the view says why. Service
 * notices stay allowed. Do-not-contact removes the contact tasks, not a new car's first-service reminder.
 */
describe('consent: an opted-out customer is not offered SMS', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  for (const language of ['zh-CN', 'en'] as const) {
    it(`records an SMS opt-out and stops offering SMS (${language})`, async () => {
      const desk = await startDemoDesk(browser, { customers: 600, seed: 3, language });
      const { page } = desk;
      const sqlite = desk.core.context.database.sqlite;
      const text = language === 'en' ? { optOut: 'customer opted out of this channel', sms: 'SMS', dnc: 'Do not contact' } : { optOut: '客户已退订此渠道', sms: '短信', dnc: '请勿联系' };
      try {
        // A consenting customer with an open marketing task that could go out by SMS (an invitation or offer).
        const customer = sqlite
          .prepare(
            `SELECT c.id, c.name, t.id AS taskId FROM customers c JOIN tasks t ON t.customer_id = c.id AND t.status = 'open' AND t.kind IN ('invite', 'offer')
             WHERE c.marketing_consent = 1 AND c.do_not_contact = 0 AND NOT EXISTS (SELECT 1 FROM customer_channel_consents cc WHERE cc.customer_id = c.id)
               AND (SELECT count(*) FROM customers d WHERE d.name = c.name) = 1
             ORDER BY c.id LIMIT 1`,
          )
          .get() as { id: string; name: string; taskId: string };
        expect(customer).toBeDefined();

        const search = page.getByRole('searchbox');
        await search.fill(customer.name);
        await page.getByTestId('search-results').locator('.hit-name', { hasText: customer.name }).first().waitFor();
        await search.press('Enter');
        const view = page.getByTestId('customer-view');
        await view.getByRole('heading', { name: customer.name }).waitFor();
        const task = view.locator(`[data-testid="task"]`).filter({ has: page.locator('[data-testid="task-channels"]') });
        await expect.poll(() => task.count()).toBeGreaterThan(0);

        // Before: SMS is offered for care contact.
        await page.locator('body').press('l');
        const dialog = page.getByTestId('follow-up-dialog');
        await dialog.waitFor();
        expect(await dialog.locator('[data-testid="follow-up-channels"] [data-channel="sms"]').count()).toBe(1);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        await view.waitFor(); // Esc closed the dialog, not the customer

        // Record the opt-out in the consent panel.
        await view.getByTestId('consent-sms').locator('[data-choice="refuse"]').click();
        await expect.poll(() => view.getByTestId('consent-sms').textContent()).toContain(text.optOut);
        await expect.poll(() => view.getByTestId('consent-summary').textContent()).toContain(text.sms);
        expect(sqlite.prepare('SELECT allowed, recorded_by FROM customer_channel_consents WHERE customer_id = ? AND channel = ?').get(customer.id, 'sms')).toEqual({ allowed: 0, recorded_by: desk.staff.id });
        expect(sqlite.prepare("SELECT count(*) FROM audit_log WHERE entity = 'consent' AND entity_id = ?").pluck().get(customer.id)).toBe(1);

        // The invitation task no longer offers SMS, and says why.
        const invite = view.locator(`[data-testid="task"]`).filter({ has: page.locator('[data-testid="refused-channel"][data-channel="sms"]') });
        await expect.poll(() => invite.count()).toBeGreaterThan(0);
        expect(await invite.first().textContent()).toContain(text.optOut);
        await view.getByTestId('work').scrollIntoViewIfNeeded();
        await screenshot(page, `${language}-consent-1-opted-out`);

        // The follow-up form: SMS not offered for care contact, the form says why; a service notice may still use SMS.
        await page.locator('body').press('l');
        await dialog.waitFor();
        expect(await dialog.locator('[data-testid="follow-up-channels"] [data-channel="sms"]').count()).toBe(0);
        expect(await dialog.getByTestId('channels-not-offered').textContent()).toContain(text.optOut);
        await screenshot(page, `${language}-consent-2-form`);
        await dialog.getByRole('button', { name: language === 'en' ? 'Service notice' : '服务通知' }).click();
        await dialog.locator('[data-testid="follow-up-channels"] [data-channel="sms"]').click();
        await page.getByTestId('follow-up-note').fill(language === 'en' ? 'Service reminder sent' : '已发首保提醒短信');
        await page.getByTestId('follow-up-save').click();
        await dialog.waitFor({ state: 'detached' });
        expect(sqlite.prepare('SELECT channel, purpose FROM interactions WHERE customer_id = ?').get(customer.id)).toEqual({ channel: 'sms', purpose: 'service' });

        // Do not contact: the planner's contact tasks go away, and the header says so.
        await view.getByTestId('dnc').check();
        await expect.poll(() => view.locator('.customer-title').textContent()).toContain(text.dnc);
        await expect.poll(() => sqlite.prepare('SELECT status FROM tasks WHERE id = ?').pluck().get(customer.taskId)).toBe('void');
        await expect.poll(() => view.locator(`[data-testid="task"][data-rule]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).not.toContain(
          sqlite.prepare('SELECT rule FROM tasks WHERE id = ?').pluck().get(customer.taskId),
        );
        await view.getByTestId('consent').scrollIntoViewIfNeeded();
        await screenshot(page, `${language}-consent-3-dnc`);

        // A new car's first-service reminder stays for a customer who opted out: a service notice, and the view says so.
        const optedOut = sqlite
          .prepare("SELECT c.name, c.phone FROM customers c JOIN tasks t ON t.customer_id = c.id AND t.rule = 'd30_first_service' AND t.status = 'open' WHERE c.do_not_contact = 1 ORDER BY c.id LIMIT 1")
          .get() as { name: string; phone: string };
        expect(optedOut, 'the demo store has an opted-out customer with a new car').toBeDefined();
        await search.fill(optedOut.phone);
        await page.getByTestId('search-results').locator('.hit-name', { hasText: optedOut.name }).first().waitFor();
        await search.press('Enter');
        await view.getByRole('heading', { name: optedOut.name }).waitFor();
        const notice = view.locator('[data-testid="task"][data-rule="d30_first_service"]');
        await notice.getByTestId('as-notice').waitFor();
        expect(await notice.getByTestId('as-notice').textContent()).toContain(language === 'en' ? 'Service notice' : '服务通知');
      } finally {
        await desk.close();
      }
    });
  }
});
