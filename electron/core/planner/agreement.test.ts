import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { openDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { tempDbFile } from '../testing/fixture';
import { runPlanner } from './run';

/** Property: two desks with the same data plan the same rows, with the same ids, whenever they run. */
describe('planner agreement between desks', () => {
  const dump = (file: string) => {
    const opened = openDatabase(file);
    const rows = {
      tasks: opened.sqlite.prepare('SELECT id, customer_id, advisor_id, rule, occurrence, kind, due_date, status, reason FROM tasks ORDER BY id').all(),
      cards: opened.sqlite.prepare('SELECT id, customer_id, occasion, subject_id, occasion_date, lunar_label, due_date, status FROM card_reminders ORDER BY id').all(),
      tiers: opened.sqlite.prepare('SELECT id, tier, tier_since FROM customers ORDER BY id').all(),
    };
    opened.sqlite.close();
    return rows;
  };

  it.each([11, 12, 13])('seed %i: two offline desks planning over several days end up identical', (seed) => {
    const desks = [tempDbFile(), tempDbFile()];
    try {
      for (const desk of desks) {
        const opened = openDatabase(desk.file);
        generateDemoStore(opened, { customers: 120, seed, today: '2026-11-20' });
        opened.sqlite.close();
      }
      // Desk A plans every day; desk B only on the last day, twice. Same answer for the open work.
      const plan = (file: string, today: string) => {
        const opened = openDatabase(file);
        runPlanner(opened.sqlite, { today, rules: DEFAULT_RULES, koiSeed: 'store-secret', now: '2026-11-24T00:00:00.000Z' });
        opened.sqlite.close();
      };
      for (const day of ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24']) plan(desks[0]!.file, day);
      plan(desks[1]!.file, '2026-11-24');
      plan(desks[1]!.file, '2026-11-24');
      const a = dump(desks[0]!.file);
      const b = dump(desks[1]!.file);
      // History differs (desk A saw occasions pass that desk B never planned); the work still to do must not.
      const open = (rows: typeof a) => ({
        ...rows,
        tasks: rows.tasks.filter((t) => (t as { status: string }).status === 'open'),
        cards: rows.cards.filter((c) => (c as { status: string }).status === 'to_write'),
      });
      expect(open(a).tasks.length).toBeGreaterThan(0);
      expect(open(b)).toEqual(open(a));
    } finally {
      desks.forEach((d) => d.cleanup());
    }
  });
});
