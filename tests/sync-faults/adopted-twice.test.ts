import { describe, expect, it } from 'vitest';
import { twoDesksForTests } from './two-desks';

/**
 * A customer's suggestion adopted on two desks before either has the other's change: each writes
 * the "tell them and thank them" task. With a random id per desk, HQ would hold two tasks for one
 * customer, rule and occurrence, and every desk's pull would then fail on that unique constraint
 * for good; the task's id is the same on every desk instead, and HQ keeps one.
 */
describe('a suggestion adopted on two desks offline', () => {
  const two = twoDesksForTests('S01', '建议店');

  it('gives one thank-you task on both desks, and both keep syncing', async () => {
    const [a, b] = two().desks;
    const sqlA = a!.core.context.database.sqlite;
    const sqlB = b!.core.context.database.sqlite;
    const customerId = sqlA.prepare('SELECT id FROM customers ORDER BY id LIMIT 1').pluck().get() as string;
    const suggestion = await a!.desk.call('notes', 'addPreference', { customerId, category: 'suggestion', value: '希望周末延长营业时间' });
    expect(suggestion).toMatchObject({ ok: true });
    await a!.desk.call('sync', 'syncNow', {});
    await b!.desk.call('sync', 'syncNow', {});
    const onA = await a!.desk.call('notes', 'adoptSuggestion', { id: suggestion.value.id });
    const onB = await b!.desk.call('notes', 'adoptSuggestion', { id: suggestion.value.id });
    expect([onA.ok, onB.ok]).toEqual([true, true]);
    expect(onA.value.taskId).toBe(onB.value.taskId);
    for (const d of [a, b, a, b]) await d!.desk.call('sync', 'syncNow', {});
    const thanks = (sqlite: typeof sqlA) => sqlite.prepare("SELECT id, status FROM tasks WHERE customer_id = ? AND rule = 'suggestion_thanks'").all(customerId);
    expect(thanks(sqlA)).toEqual([{ id: onA.value.taskId, status: 'open' }]);
    expect(thanks(sqlB)).toEqual(thanks(sqlA));
    for (const d of [a, b]) {
      const status = (await d!.desk.call('sync', 'status', {})).value;
      expect(status).toMatchObject({ state: 'idle', pending: 0, attention: [] });
    }
  });
});
