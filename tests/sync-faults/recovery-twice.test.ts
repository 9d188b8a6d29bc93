import { describe, expect, it } from 'vitest';
import { twoDesksForTests } from './two-desks';

/**
 * A customer red on two desks offline: a complaint opened on one, a score of 2 recorded on the other.
 * Each desk writes the advisor's recovery visit (one open per customer on a desk); at HQ the second
 * to arrive is voided, so both desks end with the one visit, not two for the same trip.
 */
describe('a complaint and a low score recorded on two desks offline', () => {
  const two = twoDesksForTests('S01', '回访店');

  it('leaves one open recovery visit on both desks, and both keep syncing', async () => {
    const [a, b] = two().desks;
    const sqlA = a!.core.context.database.sqlite;
    const sqlB = b!.core.context.database.sqlite;
    const customerId = sqlA.prepare('SELECT id FROM customers ORDER BY id LIMIT 1').pluck().get() as string;
    const complaint = await a!.desk.call('notes', 'openComplaint', { customerId, summary: '保养后异响未解决' });
    const survey = await b!.desk.call('notes', 'recordSurvey', { customerId, score: 2 });
    expect([complaint.ok, survey.ok]).toEqual([true, true]);
    expect(survey.value.taskId).not.toBeNull();
    expect(survey.value.taskId).not.toBe(complaint.value.taskId);
    for (const d of [a, b, a, b]) await d!.desk.call('sync', 'syncNow', {});
    const visits = (sqlite: typeof sqlA) =>
      sqlite.prepare("SELECT id, rule, status FROM tasks WHERE customer_id = ? AND rule IN ('complaint_visit', 'low_score_visit') ORDER BY id").all(customerId);
    expect(visits(sqlA)).toEqual(
      [
        { id: complaint.value.taskId, rule: 'complaint_visit', status: 'open' },
        { id: survey.value.taskId, rule: 'low_score_visit', status: 'void' },
      ].sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
    expect(visits(sqlB)).toEqual(visits(sqlA));
    // The complaint and the survey themselves are kept on both.
    for (const sqlite of [sqlA, sqlB]) {
      expect(sqlite.prepare('SELECT count(*) FROM complaints WHERE customer_id = ?').pluck().get(customerId)).toBe(1);
      expect(sqlite.prepare('SELECT count(*) FROM surveys WHERE customer_id = ? AND score = 2').pluck().get(customerId)).toBe(1);
    }
    for (const d of [a, b]) {
      const status = (await d!.desk.call('sync', 'status', {})).value;
      expect(status).toMatchObject({ state: 'idle', pending: 0, attention: [] });
    }
  });
});
