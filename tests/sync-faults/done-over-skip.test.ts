import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../shared/domain/rules/config';
import { runPlanner } from '../../electron/core/planner/run';
import { dealerRowOf, twoDesksForTests } from './two-desks';

/**
 * One planned task, skipped on one desk and done (the customer reached, the call logged) on the
 * other before either has the other's change. The contact stands: HQ takes done over skipped in
 * whichever order they arrive, and the follow-up log stays on every desk.
 */
describe('a task skipped on one desk and done on another, offline', () => {
  const two = twoDesksForTests('K01', '跳过店');

  it.each([
    ['the skip reaches HQ first', 0, 4],
    ['the contact reaches HQ first', 1, 5],
  ])('keeps it done with its follow-up log when %s', async (_order, first, customer) => {
    const desks = two().desks;
    const [a, b] = desks;
    const plan = (d: typeof a) => runPlanner(d!.core.context.database.sqlite, { today: '2026-11-24', rules: DEFAULT_RULES, now: '2026-11-24T01:00:00.000Z' });
    plan(a);
    plan(b);
    const sqlA = a!.core.context.database.sqlite;
    const customerId = sqlA.prepare('SELECT id FROM customers WHERE phone = ?').pluck().get(dealerRowOf(customer).phone) as string;
    const taskId = sqlA.prepare("SELECT id FROM tasks WHERE customer_id = ? AND status = 'open' AND rule = 'winback_plan'").pluck().get(customerId) as string;
    expect(await a!.desk.call('consent', 'setGeneral', { customerId, marketingConsent: true, doNotContact: false })).toMatchObject({ ok: true });
    for (const d of [a, b]) await d!.desk.call('sync', 'syncNow', {});
    const skipped = await a!.desk.call('tasks', 'skip', { taskId, reason: 'not_relevant' });
    expect(skipped, JSON.stringify(skipped)).toMatchObject({ ok: true });
    const done = await b!.desk.call('tasks', 'complete', { taskId, channel: 'visit', outcome: 'no_answer', note: '留言了' });
    expect(done, JSON.stringify(done)).toMatchObject({ ok: true });
    const order = first === 0 ? [a, b, a, b] : [b, a, b, a];
    for (const d of order) await d!.desk.call('sync', 'syncNow', {});
    for (const d of desks) {
      const sqlite = d!.core.context.database.sqlite;
      expect(sqlite.prepare('SELECT status, skip_reason FROM tasks WHERE id = ?').get(taskId)).toEqual({ status: 'done', skip_reason: null });
      expect(sqlite.prepare('SELECT note FROM interactions WHERE task_id = ?').pluck().all(taskId)).toEqual(['留言了']);
    }
    const attention = async (d: typeof a) => ((await d!.desk.call('sync', 'status', {})).value as { attention: { name: string; code: string }[] }).attention;
    // The contact is never refused; a skip that came after it is (the desk that skipped says so).
    expect(await attention(b)).toEqual([]);
    if (first === 1) expect(await attention(a)).toEqual([expect.objectContaining({ name: 'tasks.skip', code: 'status_backwards' })]);
  });
});
