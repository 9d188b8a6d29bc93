import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { fixedDayClock } from '../clock';
import { openDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { saveRules } from '../repos/rules';
import { tempDbFile } from '../testing/fixture';
import { createPlannerService } from './service';

/** A koi draw one paid visit in three, so a small store has surprise candidates to disagree on. */
const RULES = { ...DEFAULT_RULES, surprises: { ...DEFAULT_RULES.surprises, koiProbability: 0.3 } };

/** Property: two desks with the same data plan the same rows, with the same ids, whenever they run. */
describe('planner agreement between desks', () => {
  const dump = (file: string) => {
    const sqlite = new BetterSqlite3(file, { readonly: true });
    const rows = {
      tasks: sqlite.prepare('SELECT id, customer_id, advisor_id, rule, occurrence, kind, due_date, status, reason FROM tasks ORDER BY id').all() as { rule: string; status: string }[],
      cards: sqlite.prepare('SELECT id, customer_id, occasion, subject_id, occasion_date, lunar_label, due_date, status FROM card_reminders ORDER BY id').all() as { status: string }[],
      tiers: sqlite.prepare('SELECT id, tier, tier_since FROM customers ORDER BY id').all(),
    };
    sqlite.close();
    return rows;
  };

  /** Plans the store as the app does: its planner service, with nothing but the day given. */
  const plan = async (file: string, today: string) => {
    const opened = openDatabase(file);
    try {
      const service = createPlannerService({ sqlite: opened.sqlite, clock: fixedDayClock(today), timezone: () => 'Asia/Shanghai', onDone: () => undefined });
      await service.runAll();
    } finally {
      await opened.close();
    }
  };

  it.each([11, 12, 13])('seed %i: two offline desks planning over several days end up identical', async (seed) => {
    const desks = [tempDbFile(), tempDbFile()];
    try {
      for (const desk of desks) {
        const opened = openDatabase(desk.file);
        generateDemoStore(opened, { customers: 120, seed, today: '2026-11-20' });
        expect(saveRules(opened.sqlite, RULES).ok).toBe(true);
        await opened.close();
      }
      // Desk A plans every day; desk B only on the last day, twice. Same answer for the open work.
      for (const day of ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24']) await plan(desks[0]!.file, day);
      await plan(desks[1]!.file, '2026-11-24');
      await plan(desks[1]!.file, '2026-11-24');
      const a = dump(desks[0]!.file);
      const b = dump(desks[1]!.file);
      // History differs (desk A saw occasions pass that desk B never planned); the work still to do must not.
      const open = (rows: typeof a) => ({
        ...rows,
        tasks: rows.tasks.filter((t) => t.status === 'open'),
        cards: rows.cards.filter((c) => c.status === 'to_write'),
      });
      expect(open(a).tasks.length).toBeGreaterThan(0);
      // The koi draw is part of the agreement: both desks drew the same winners.
      expect(open(a).tasks.filter((t) => t.rule === 'surprise_koi').length).toBeGreaterThan(0);
      expect(open(b)).toEqual(open(a));
    } finally {
      desks.forEach((d) => d.cleanup());
    }
  });
});
