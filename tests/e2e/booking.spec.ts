import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, startDemoDesk, openCustomer } from './support/app';


// Today is 2026-11-24: everyone books up to 7 days ahead (12月1日), silver +3, gold +7; 09:00 and 14:30 are kept for gold and above.
describe('booking: tier windows and reserved slots, refused with the reason', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('a normal customer is refused beyond the open window, a gold one books 14 days ahead; reserved slots refused to silver, allowed to gold', async () => {
    const desk = await startDemoDesk(browser, { customers: 600, seed: 3 });
    const { page } = desk;
    const sqlite = desk.core.context.database.sqlite;
    const pick = (tier: string) => sqlite.prepare('SELECT id, name, phone FROM customers WHERE tier = ? ORDER BY id LIMIT 1 OFFSET 2').get(tier) as { id: string; name: string; phone: string };
    const bookings = (id: string) => sqlite.prepare("SELECT slot_date, slot_time, status, created_by FROM appointments WHERE customer_id = ? AND status = 'booked'").all(id);
    try {
      // Normal: the day after the open window is locked, with the reason.
      const normal = pick('normal');
      await openCustomer(page, normal.phone, normal.name);
      const panel = page.getByTestId('booking');
      await panel.getByText('本店开放未来 7 天的预约，最远可约到 12月1日。').waitFor();
      await panel.locator('[data-date="2026-12-02"]').click();
      await panel.getByTestId('booking-refusal').getByText('本店只开放未来 7 天的预约，最远可约到 12月1日。').waitFor();
      await panel.locator('[data-time="10:00"]').click();
      expect(await panel.getByTestId('booking-submit').isDisabled()).toBe(true);
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, 'cpa-booking-refused-zh');
      // Within the window it books (keyboard: focus the day and the slot, Enter).
      await panel.locator('[data-date="2026-12-01"]').focus();
      await page.keyboard.press('Enter');
      await panel.locator('[data-time="10:00"]').focus();
      await page.keyboard.press('Enter');
      await panel.getByTestId('booking-submit').click();
      await panel.getByText('已预约 12月1日周二 10:00').waitFor();
      expect(bookings(normal.id)).toEqual([{ slot_date: '2026-12-01', slot_time: '10:00', status: 'booked', created_by: desk.staff.id }]);

      // Silver: a reserved slot is refused with the reason.
      const silver = pick('silver');
      await openCustomer(page, silver.phone, silver.name);
      await panel.getByText('银卡客户可比普通客户提前 3 天预约，最远可约到 12月4日。').waitFor();
      await panel.locator('[data-date="2026-11-26"]').click();
      await panel.locator('[data-time="09:00"]').click();
      await panel.getByTestId('booking-refusal').getByText('这是金卡及以上客户的专属时段，银卡客户不能预约。').waitFor();
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, 'cpa-booking-reserved-zh');
      expect(bookings(silver.id)).toEqual([]);

      // Gold: 14 days ahead, and the reserved 09:00 slot.
      const gold = pick('gold');
      await openCustomer(page, gold.phone, gold.name);
      await panel.getByText('金卡客户可比普通客户提前 7 天预约，最远可约到 12月8日。').waitFor();
      await panel.locator('[data-date="2026-12-08"]').click();
      await panel.locator('[data-time="09:00"]').click();
      await panel.getByRole('textbox').fill('顺便检查空调');
      await panel.getByTestId('booking-submit').click();
      await panel.getByText('已预约 12月8日周二 09:00').waitFor();
      await panel.getByTestId('booking-upcoming').first().waitFor();
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, 'cpa-booking-gold-zh');
      expect(bookings(gold.id)).toEqual([{ slot_date: '2026-12-08', slot_time: '09:00', status: 'booked', created_by: desk.staff.id }]);
      expect(sqlite.prepare("SELECT count(*) FROM audit_log WHERE entity = 'appointment'").pluck().get()).toBe(2);
    } finally {
      await desk.close();
    }
  });

  it('Today lists the day’s appointments with each customer’s preferences; arrival and a booking from Today', async () => {
    const desk = await startDemoDesk(browser, { customers: 600, seed: 3 });
    const { page } = desk;
    const sqlite = desk.core.context.database.sqlite;
    try {
      const booked = sqlite
        .prepare(
          `SELECT a.id, a.slot_time, c.name, (SELECT value FROM preferences p WHERE p.customer_id = c.id AND p.category = 'drink' AND p.deleted_at IS NULL ORDER BY noted_at DESC LIMIT 1) AS drink
           FROM appointments a JOIN customers c ON c.id = a.customer_id WHERE a.slot_date = '2026-11-24' ORDER BY a.slot_time, c.name`,
        )
        .all() as { id: string; slot_time: string; name: string; drink: string }[];
      expect(booked.length).toBe(6);
      const list = page.getByTestId('today-appointments');
      await expect.poll(() => list.getByTestId('today-appointment').count()).toBe(6);
      const first = list.getByTestId('today-appointment').first();
      expect(await first.locator('.today-appt-time').textContent()).toBe(booked[0]!.slot_time);
      await first.getByText(booked[0]!.name).waitFor();
      await first.getByText(booked[0]!.drink).waitFor(); // the coffee is ready when they arrive
      await screenshot(page, 'cpa-today-appointments-zh');
      await first.getByRole('button', { name: '已到店' }).click();
      await first.getByText('✓ 已到店').waitFor();
      expect(sqlite.prepare('SELECT status FROM appointments WHERE id = ?').pluck().get(booked[0]!.id)).toBe('arrived');
      // Their customer view says the booking is done with, rather than offering a cancel link that does nothing.
      await first.getByRole('button', { name: booked[0]!.name }).click();
      const upcoming = page.getByTestId('booking-upcoming').first();
      await upcoming.getByTestId('booking-status').getByText('已到店').waitFor();
      expect(await upcoming.getByRole('button', { name: '取消预约' }).count()).toBe(0);
      await page.keyboard.press('Alt+ArrowLeft');
      await list.waitFor();

      // Book from Today: find the customer, then the same panel as in the customer view.
      const other = sqlite.prepare("SELECT name, phone FROM customers WHERE tier = 'normal' AND id NOT IN (SELECT customer_id FROM appointments) ORDER BY id LIMIT 1").get() as { name: string; phone: string };
      await list.getByTestId('book-for').click();
      await list.getByPlaceholder('车牌、手机尾号或姓名').fill(other.phone);
      await list.locator('.points-hits').getByText(other.name).click();
      await list.locator('[data-date="2026-11-24"]').click();
      await list.locator('[data-time="16:30"]').click();
      await list.getByTestId('booking-submit').click();
      await expect.poll(() => list.getByTestId('today-appointment').count()).toBe(7);
      await screenshot(page, 'cpa-today-book-zh');

      // It rains: one tap, and every arrival of the day has an umbrella ready; a tap again clears a mistaken mark.
      expect(await list.locator('.cat-umbrella').count()).toBe(0);
      await list.getByRole('button', { name: '☂ 标记今天下雨' }).click();
      await list.getByTestId('rainy-banner').getByText('今天下雨：为每位到店客户备好雨伞，离店时送上。').waitFor();
      await expect.poll(() => list.locator('.cat-umbrella').count()).toBe(7);
      expect(await list.getByTestId('mark-rainy').getAttribute('aria-pressed')).toBe('true');
      expect(sqlite.prepare("SELECT rainy, marked_by FROM store_days WHERE date = '2026-11-24'").get()).toEqual({ rainy: 1, marked_by: desk.staff.id });
      await screenshot(page, 'cpa-today-rainy-zh');
      await list.getByRole('button', { name: '取消雨天标记' }).click();
      await list.getByTestId('rainy-banner').waitFor({ state: 'detached' });
      expect(await list.locator('.cat-umbrella').count()).toBe(0);
      expect(sqlite.prepare("SELECT rainy FROM store_days WHERE date = '2026-11-24'").pluck().get()).toBe(0);
    } finally {
      await desk.close();
    }
  });

  it('reads in English', async () => {
    const desk = await startDemoDesk(browser, { customers: 300, seed: 3, language: 'en' });
    const { page } = desk;
    try {
      const silver = desk.core.context.database.sqlite.prepare("SELECT name, phone FROM customers WHERE tier = 'silver' ORDER BY id LIMIT 1").get() as { name: string; phone: string };
      await openCustomer(page, silver.phone, silver.name);
      const panel = page.getByTestId('booking');
      await panel.locator('[data-date="2026-12-06"]').click();
      await panel.getByTestId('booking-refusal').getByText('Silver customers can book 3 days earlier; the furthest day is Dec 4.').waitFor();
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, 'cpa-booking-en');
    } finally {
      await desk.close();
    }
  });
});
