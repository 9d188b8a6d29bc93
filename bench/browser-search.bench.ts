import BetterSqlite3 from 'better-sqlite3';
import { fixedDayClock } from '../electron/core/clock';
import { createCore } from '../electron/core/core';
import { serveWeb } from '../electron/core/harness/serve-web';
import { builtRendererDir } from '../electron/core/paths';
import { launchChromium } from '../tests/e2e/support/app';
import { BENCH_TODAY, percentile, report } from './support';

const QUERIES = 40;

/** Keystroke to results painted, measured inside Chromium by the app's own performance.measure. */
export async function benchBrowserSearch(file: string): Promise<boolean> {
  const raw = new BetterSqlite3(file, { readonly: true });
  const samples = raw
    .prepare(`SELECT c.name, c.phone, v.plate FROM customers c JOIN vehicles v ON v.customer_id = c.id WHERE c.rowid % 211 = 0 LIMIT ${QUERIES}`)
    .all() as { name: string; phone: string; plate: string }[];
  raw.close();
  const queries = samples.flatMap((s, i) => [[s.plate.slice(1, 5), s.phone.slice(-4), s.name][i % 3]!]);

  const core = createCore({ dbFile: file, clock: fixedDayClock(BENCH_TODAY), autoPlan: false }); // measures search alone
  const harness = await serveWeb(core, { rendererDir: builtRendererDir });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    await page.goto(harness.url);
    await page.locator('.person').first().click();
    const search = page.getByRole('searchbox');
    await search.waitFor();
    for (const query of queries) {
      await search.fill('');
      for (const ch of query) {
        const before = await page.evaluate(() => performance.getEntriesByName('desk:search-paint').length);
        await page.keyboard.type(ch);
        await page.waitForFunction((n) => performance.getEntriesByName('desk:search-paint').length > n, before, { timeout: 10_000 });
      }
    }
    const durations = await page.evaluate(() =>
      performance
        .getEntriesByName('desk:search-paint')
        .filter((e) => String((e as unknown as { detail: unknown }).detail).length >= 2)
        .map((e) => e.duration),
    );
    return report('browser keystroke -> results painted p95', percentile(durations, 95), 'ms', 50, `(p50 ${percentile(durations, 50).toFixed(1)} ms, n=${durations.length} keystrokes)`);
  } finally {
    await browser.close();
    await harness.close();
    await core.close();
  }
}
