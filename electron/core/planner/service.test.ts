import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../core';
import { openDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { hasIndexes } from '../repos/indexes';
import { tempDbFile } from '../testing/fixture';
import { nextTurn } from '../next-turn';

const TODAY = '2026-11-20';

describe('closing the core while the store is planned', () => {
  const tmp = tempDbFile();
  afterEach(() => tmp.cleanup());

  it('waits for the run to stop at its next slice, then closes: nothing fails, the first plan gets its indexes back', async () => {
    const seed = openDatabase(tmp.file);
    generateDemoStore(seed, { customers: 1500, seed: 5, today: TODAY });
    await seed.close();
    const core = createCore({ dbFile: tmp.file, clock: { now: () => new Date(`${TODAY}T09:00:00.000Z`), today: () => TODAY }, autoPlan: false, autoSync: false });
    const run = core.context.planner.runAll();
    // A few slices in: the first plan has set the tasks' secondary indexes aside.
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(hasIndexes(core.context.database.sqlite, 'tasks_advisor_open_due')).toBe(false);
    await core.close();
    const counts = await run;
    expect(counts.customers).toBeLessThan(1500);
    const again = openDatabase(tmp.file);
    try {
      expect(hasIndexes(again.sqlite, 'tasks_advisor_open_due', 'cards_advisor_due')).toBe(true);
      expect(again.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await again.close();
    }
  });
});
