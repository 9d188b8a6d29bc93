import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fixedDayClock } from '../../../electron/core/clock';
import { createCore, type Core } from '../../../electron/core/core';
import { serveWeb, type WebHarness } from '../../../electron/core/harness/serve-web';
import { builtRendererDir } from '../../../electron/core/paths';
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
