import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { runPlanner, runPlannerInBatches } from '../planner/run';
import { tempDbFile } from '../testing/fixture';
import { dropPlannedIndexesIfEmpty, rebuildPlannedIndexes } from './planner-bulk';

const TODAY = '2026-11-20';
const ctx = { today: TODAY, rules: DEFAULT_RULES, koiSeed: 'k', now: `${TODAY}T08:00:00.000Z` };
const opened: { o: OpenedDatabase; cleanup: () => void }[] = [];
afterEach(async () => {
  for (const { o, cleanup } of opened.splice(0)) {
    await o.close();
    cleanup();
  }
});

function demoStore(): OpenedDatabase {
  const tmp = tempDbFile();
  const o = openDatabase(tmp.file);
  opened.push({ o, cleanup: tmp.cleanup });
  generateDemoStore(o, { customers: 120, seed: 9, today: TODAY });
  return o;
}

const indexes = (o: OpenedDatabase) => o.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('tasks', 'card_reminders') ORDER BY name").all();
const planned = (o: OpenedDatabase) => ({
  tasks: o.sqlite.prepare('SELECT * FROM tasks ORDER BY id').all(),
  cards: o.sqlite.prepare('SELECT * FROM card_reminders ORDER BY id').all(),
});

describe("the first plan's tasks and cards indexes, built once at its end", () => {
  it('a first plan writes what a plan with its indexes writes, and ends with every index', async () => {
    const bulk = demoStore();
    const before = indexes(bulk);
    expect(before.length).toBeGreaterThan(6);
    await runPlannerInBatches(bulk.sqlite, ctx, { workers: 0 });
    expect(indexes(bulk)).toEqual(before);
    const plain = demoStore();
    runPlanner(plain.sqlite, ctx); // one transaction, indexes kept
    expect(planned(bulk)).toEqual(planned(plain));
    expect(planned(bulk).tasks.length).toBeGreaterThan(0);
  });

  it('drops nothing once there is planned work, and a first plan that crashed gets its indexes back at the next run', async () => {
    const o = demoStore();
    const before = indexes(o);
    expect(dropPlannedIndexesIfEmpty(o.sqlite)).toBe(true);
    expect(indexes(o).length).toBeLessThan(before.length);
    // The app stopped here: some rows written, the indexes still dropped.
    runPlanner(o.sqlite, { ...ctx, customerIds: [o.sqlite.prepare('SELECT id FROM customers LIMIT 1').pluck().get() as string] });
    await runPlannerInBatches(o.sqlite, ctx, { workers: 0 });
    expect(indexes(o)).toEqual(before);
    expect(dropPlannedIndexesIfEmpty(o.sqlite)).toBe(false);
    rebuildPlannedIndexes(o.sqlite); // nothing to do
    expect(indexes(o)).toEqual(before);
  });
});
