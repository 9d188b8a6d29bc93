import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, startDemoDesk } from './support/app';

/** The front-desk search with the mouse resting where the hits will show: Enter opens the first hit. */
describe('search: a resting pointer does not choose the hit', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('Enter opens the first hit although the list appeared under the pointer; only a real move selects', async () => {
    const desk = await startDemoDesk(browser);
    const { page } = desk;
    try {
      const search = page.getByRole('searchbox');
      const box = (await search.boundingBox())!;
      // The pointer rests where the third hit will appear (the hits drop down under the box, ~40 px a row).
      const x = box.x + box.width / 2;
      const y = box.y + box.height + 100;
      await page.mouse.move(x, y);

      const results = page.getByTestId('search-results');
      const rows = results.getByRole('option');
      const selectedName = () => results.locator('[aria-selected="true"] .hit-name').textContent();
      /** Types the query key by key and answers the first hit's name and the one under the pointer. */
      async function type(query: string) {
        await search.fill('');
        await search.pressSequentially(query);
        await results.and(page.locator(`[data-query="${query}"]`)).waitFor();
        expect(await rows.count()).toBeGreaterThanOrEqual(3);
        const under = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('[role="option"]')?.querySelector('.hit-name')?.textContent, [x, y]);
        const first = (await rows.first().locator('.hit-name').textContent())!;
        expect(under).toBeTruthy();
        expect(under).not.toBe(first); // the row under the resting pointer is another customer
        await page.waitForTimeout(200); // a row under a pointer that did not move is hovered in the next frames
        return { first, under: under! };
      }

      const gj = await type('gj');
      await screenshot(page, 'search-zh-01-resting-pointer');
      await search.press('Enter');
      await page.getByTestId('customer-view').getByRole('heading', { name: gj.first, exact: true }).waitFor({ timeout: 5_000 });
      await screenshot(page, 'search-zh-02-first-hit-opened');

      // A real move selects the row under the pointer; the arrows still move from there; typing goes back to the first hit.
      const wx = await type('wx');
      expect(await selectedName()).toBe(wx.first);
      await page.mouse.move(x + 4, y);
      await expect.poll(selectedName).toBe(wx.under);
      await search.press('ArrowDown');
      await search.press('ArrowUp');
      expect(await selectedName()).toBe(wx.under);
      await search.press('Backspace');
      await search.pressSequentially('x');
      await expect.poll(selectedName).toBe(wx.first);
      await search.press('Enter');
      await page.getByTestId('customer-view').getByRole('heading', { name: wx.first, exact: true }).waitFor({ timeout: 5_000 });
    } finally {
      await desk.close();
    }
  });
});
