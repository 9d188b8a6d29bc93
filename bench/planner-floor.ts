import { openDatabase } from '../electron/core/db/open';
import { dropPlannedIndexesIfEmpty, rebuildPlannedIndexes } from '../electron/core/repos/planner-bulk';
import { copyDatabase, removeDatabase } from './support';

/**
 * What SQLite alone takes to write a first plan's rows: the tasks, cards and wake rows of a store
 * just planned (`planned`) copied into an unplanned copy of it (`unplanned`) by one
 * `INSERT ... SELECT` each, as a first plan writes them (secondary indexes set aside and built at
 * the end, one transaction), with no JavaScript at all. No first plan can write faster; with the
 * reading and planning a full recompute measures, it bounds the first plan from below.
 */
export async function firstPlanWriteFloor(unplanned: string, planned: string): Promise<{ s: number; cpuS: number }> {
  const copy = `${unplanned}.floor-bench`;
  copyDatabase(unplanned, copy);
  const opened = openDatabase(copy);
  try {
    const { sqlite } = opened;
    sqlite.prepare('ATTACH ? AS planned').run(planned);
    const cpu = process.cpuUsage();
    const start = performance.now();
    dropPlannedIndexesIfEmpty(sqlite);
    sqlite.transaction(() => {
      sqlite.exec('INSERT INTO main.tasks SELECT * FROM planned.tasks');
      sqlite.exec('INSERT INTO main.card_reminders SELECT * FROM planned.card_reminders');
      sqlite.exec('INSERT OR REPLACE INTO main.planner_wake SELECT * FROM planned.planner_wake');
    })();
    rebuildPlannedIndexes(sqlite);
    const used = process.cpuUsage(cpu);
    return { s: (performance.now() - start) / 1000, cpuS: (used.user + used.system) / 1e6 };
  } finally {
    await opened.close();
    removeDatabase(copy);
  }
}
