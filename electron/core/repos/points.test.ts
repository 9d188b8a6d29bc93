import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore } from '../testing/fixture';
import { PANEL_SQL } from './points';

/**
 * The points panel opens with every customer: its reads must find the ledger rows through their
 * indexes. `kind IN ('earn_visit', 'mileage')` could use neither partial index and scanned the
 * whole ledger once per visit listed (an account took minutes on the 100k demo store).
 */
describe('points panel reads', () => {
  let store: Awaited<ReturnType<typeof createTestStore>>;
  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(() => store.cleanup());

  it.each(Object.entries(PANEL_SQL))('%s never scans the ledger or the visits', (_name, sql) => {
    const args = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => null);
    const plan = store.opened.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[];
    const scans = plan.map((p) => p.detail).filter((d) => /^SCAN (l|v|p|points_ledger|visits)\b/.test(d));
    expect(scans).toEqual([]);
  });
});
