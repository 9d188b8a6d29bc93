import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startDemoDesk } from './support/app';

describe('startDemoDesk: a generated, planned store signed in through the UI', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('signs in as the first advisor and shows the workspace', async () => {
    const desk = await startDemoDesk(browser, { customers: 300 });
    try {
      await expect.poll(() => desk.page.locator('.me').textContent()).toContain(desk.staff.name);
      const planned = desk.core.context.database.sqlite.prepare('SELECT count(*) FROM tasks').pluck().get() as number;
      expect(planned).toBeGreaterThan(0);
    } finally {
      await desk.close();
    }
  });
});
