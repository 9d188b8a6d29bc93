import { describe, expect, it } from 'vitest';
import { addCustomer, createTestStore } from '../testing/fixture';
import { openTasksDue } from './tasks';

const TODAY = '2026-11-24';

describe('openTasksDue', () => {
  it('picks the same tasks on every desk when the limit falls among tasks due the same day', async () => {
    // Three tasks of one customer due the same day, written in opposite orders on two desks (their rowids differ).
    const ids = ['task-a', 'task-b', 'task-c'];
    const picks: string[][] = [];
    for (const order of [ids, [...ids].reverse()]) {
      const store = await createTestStore();
      try {
        await addCustomer(store.opened, { id: 'cust-1', name: '王伟', phone: '13800000001' });
        const insert = store.opened.sqlite.prepare(
          `INSERT INTO tasks (id, store_id, customer_id, advisor_id, rule, occurrence, kind, due_date, status, reason, created_at, updated_at)
           VALUES (?, 'store-1', 'cust-1', 'adv-1', ?, 'x', 'call', '2026-11-20', 'open', '{}', ?, ?)`,
        );
        for (const id of order) insert.run(id, `rule-${id}`, `${TODAY}T01:00:00.000Z`, `${TODAY}T01:00:00.000Z`);
        const due = openTasksDue(store.opened.sqlite, 'adv-1', TODAY, '2026-11-30', 2);
        expect(due.counts.overdue).toBe(3);
        picks.push(due.tasks.map((t) => t.id));
      } finally {
        await store.cleanup();
      }
    }
    expect(picks[0]).toEqual(['task-a', 'task-b']);
    expect(picks[1]).toEqual(picks[0]);
  });
});
