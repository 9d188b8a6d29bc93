import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../core';
import { openDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { hasIndexes } from '../repos/indexes';
import { tempDbFile } from '../testing/fixture';
import { nextTurn } from '../next-turn';
import { saveRules } from '../repos/rules';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { createPlannerService } from './service';

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

describe('the planner service', () => {
  const files: ReturnType<typeof tempDbFile>[] = [];
  afterEach(() => files.splice(0).forEach((f) => f.cleanup()));
  const fresh = () => {
    const f = tempDbFile();
    files.push(f);
    return openDatabase(f.file);
  };
  const clock = { now: () => new Date(`${TODAY}T09:00:00.000Z`), today: () => TODAY };
  const serviceOn = (sqlite: Parameters<typeof createPlannerService>[0]['sqlite']) => {
    const done: string[] = [];
    const service = createPlannerService({ sqlite, clock, timezone: () => 'Asia/Shanghai', onDone: (c) => done.push(c.scope) });
    return { service, done };
  };

  it('runs once more after the run under way when asked meanwhile, with the rules saved since', async () => {
    const opened = fresh();
    try {
      generateDemoStore(opened, { customers: 300, seed: 5, today: TODAY });
      const { service, done } = serviceOn(opened.sqlite);
      const first = service.runAll();
      await nextTurn();
      // New rules from HQ while the first run plans: cards due ten days ahead, not seven.
      expect(saveRules(opened.sqlite, { ...DEFAULT_RULES, calendar: { ...DEFAULT_RULES.calendar, cardLeadDays: 10 } }).ok).toBe(true);
      const second = service.runAll();
      expect(service.runAll()).toBe(second); // a third request joins the second run
      await first;
      await second;
      expect(done).toEqual(['all', 'all']);
      const leads = opened.sqlite.prepare("SELECT DISTINCT julianday(occasion_date) - julianday(due_date) FROM card_reminders WHERE status = 'to_write' AND due_date > ?").pluck().all(TODAY);
      expect(leads).toEqual([10]);
      await service.idle();
    } finally {
      await opened.close();
    }
  });

  it('tries a failed daily run again at the next check', async () => {
    const opened = fresh();
    try {
      generateDemoStore(opened, { customers: 300, seed: 5, today: TODAY });
      opened.sqlite.exec("CREATE TRIGGER refuse_tasks BEFORE INSERT ON tasks BEGIN SELECT RAISE(ABORT, 'disk full'); END");
      const { service, done } = serviceOn(opened.sqlite);
      const errors: unknown[] = [];
      const log = console.error;
      console.error = (...args: unknown[]) => errors.push(args);
      try {
        service.start();
        await new Promise((resolve) => setImmediate(resolve));
        await service.idle();
        expect(errors).toHaveLength(1);
        service.stop();
        opened.sqlite.exec('DROP TRIGGER refuse_tasks');
        service.start(); // the next check
        await new Promise((resolve) => setImmediate(resolve));
        await service.idle();
      } finally {
        console.error = log;
        service.stop();
      }
      expect(done).toEqual(['all']);
      expect(opened.sqlite.prepare('SELECT count(*) FROM tasks').pluck().get()).toBeGreaterThan(0);
    } finally {
      await opened.close();
    }
  });
});
