import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { runPlanner, runPlannerInBatches } from '../planner/run';
import { tempDbFile } from '../testing/fixture';
import { hasIndexes } from './indexes';
import { dropPlannedIndexesIfEmpty, rebuildPlannedIndexes } from './planner-bulk';
import { openTaskCounts } from './roster';
import { openTasksDue } from './tasks';
import { teamCounts } from './team';
import { cardsToWrite, weekOccasions } from './today-cards';

const TODAY = '2026-11-20';
const ctx = { today: TODAY, rules: DEFAULT_RULES, now: `${TODAY}T08:00:00.000Z` };
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

  it('the front desk reads Today, My customers and the team table meanwhile (the indexes they name are set aside)', async () => {
    const o = demoStore();
    const advisor = o.sqlite.prepare('SELECT advisor_id FROM customers WHERE advisor_id IS NOT NULL LIMIT 1').pluck().get() as string;
    const week = { today: TODAY, to: '2026-11-26', fromAt: '2026-11-20T00:00:00.000Z', toAt: '2026-11-27T00:00:00.000Z', recentAt: '2026-11-13T00:00:00.000Z' };
    const read = () => ({
      tasks: openTasksDue(o.sqlite, advisor, TODAY, '2026-11-26', 50),
      counts: [...openTaskCounts(o.sqlite, advisor)].sort(),
      team: [...teamCounts(o.sqlite, week)].sort(),
      week: weekOccasions(o.sqlite, advisor, TODAY, '2026-11-26', 10),
      toWrite: cardsToWrite(o.sqlite, advisor, TODAY, '2026-11-26', 10),
    });
    let readWithoutIndexes = 0;
    // Between the run's slices, as the core answers calls between them.
    await runPlannerInBatches(o.sqlite, ctx, {
      workers: 0,
      batchSize: 20,
      stopped: () => {
        if (!hasIndexes(o.sqlite, 'tasks_advisor_open_due')) readWithoutIndexes++;
        read();
        return false;
      },
    });
    expect(readWithoutIndexes).toBeGreaterThan(2);
    // And what they read then is what they read with the indexes.
    const withIndexes = read();
    expect(withIndexes.tasks.tasks.length).toBeGreaterThan(0);
    expect(dropPlannedIndexesIfEmpty(o.sqlite)).toBe(false);
    const dropped = o.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('tasks', 'card_reminders') AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    for (const name of dropped) o.sqlite.exec(`DROP INDEX ${name}`);
    expect(read()).toEqual(withIndexes);
  });
});
