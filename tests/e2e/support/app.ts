import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fixedDayClock } from '../../../electron/core/clock';
import { createCore, type Core } from '../../../electron/core/core';
import { serveWeb, type WebHarness } from '../../../electron/core/harness/serve-web';
import { builtRendererDir } from '../../../electron/core/paths';
import { openDatabase } from '../../../electron/core/db/open';
import { generateDemoStore } from '../../../electron/core/demo/generate';
import { tempDbFile } from '../../../electron/core/testing/fixture';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screens');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A whole desk: a fresh SQLite file, the real core, the harness, and a Chromium page on it. */
export interface RunningDesk {
  core: Core;
  harness: WebHarness;
  page: Page;
  close(): Promise<void>;
}

export async function startDesk(browser: Browser, options: { dbFile?: string; today?: string } = {}): Promise<RunningDesk> {
  const tmp = options.dbFile ? null : tempDbFile();
  const core = createCore({ dbFile: options.dbFile ?? tmp!.file, clock: fixedDayClock(options.today ?? '2026-11-24') });
  const harness = await serveWeb(core, { rendererDir: builtRendererDir });
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e));
  await page.goto(harness.url);
  return {
    core,
    harness,
    page,
    close: async () => {
      await context.close();
      await harness.close();
      await core.close();
      tmp?.cleanup();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/**
 * A desk on a generated demo store (planned for `today`), signed in through the UI as the
 * store's manager or its first advisor by name. Faster than loading the demo by clicking.
 */
export async function startDemoDesk(
  browser: Browser,
  options: { customers?: number; seed?: number; today?: string; as?: 'advisor' | 'manager'; language?: 'zh-CN' | 'en' } = {},
): Promise<RunningDesk & { staff: { id: string; name: string }; dbFile: string }> {
  const today = options.today ?? '2026-11-24';
  const tmp = tempDbFile();
  const opened = openDatabase(tmp.file);
  generateDemoStore(opened, { customers: options.customers ?? 600, seed: options.seed ?? 3, today });
  await opened.close();
  const desk = await startDesk(browser, { dbFile: tmp.file, today });
  await desk.core.context.planner.runAll();
  const sqlite = desk.core.context.database.sqlite;
  if (options.language) sqlite.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('language', ?)").run(options.language);
  const staff = sqlite.prepare('SELECT id, name FROM staff WHERE role = ? AND active = 1 ORDER BY name LIMIT 1').get(options.as ?? 'advisor') as { id: string; name: string };
  await desk.page.reload();
  await desk.page.getByRole('button', { name: staff.name }).click();
  await desk.page.getByRole('searchbox').waitFor();
  return {
    ...desk,
    staff,
    dbFile: tmp.file,
    close: async () => {
      await desk.close();
      tmp.cleanup();
    },
  };
}

/** Opens a customer from the front-desk search by phone, the way an advisor does (Enter on the match). */
export async function openCustomer(page: Page, phone: string, name: string) {
  const search = page.getByRole('searchbox');
  await search.fill(phone);
  await page.getByTestId('search-results').getByText(name, { exact: true }).first().waitFor();
  await search.press('Enter');
  await page.getByTestId('customer-view').getByRole('heading', { name }).waitFor();
}
