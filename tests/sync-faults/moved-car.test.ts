import { describe, expect, it } from 'vitest';
import { ingestRows } from '../../hq/ingest/ingest';
import { DEFAULT_RULES } from '../../shared/domain/rules/config';
import { runPlanner } from '../../electron/core/planner/run';
import { dealerRowOf, twoDesksForTests } from './two-desks';

/**
 * The dealer system moves a sold car (and its visits) to its new owner. A pulled page re-plans the
 * customers its rows name now, the new owner; the first owner's open work (the win-back plan of a
 * quiet spell that was theirs) must go in the same round, not at the next day's run.
 */
describe('a car moved to its new owner at HQ', () => {
  const two = twoDesksForTests('M01', '过户店');

  it('re-plans the first owner in the round that pulled the move', async () => {
    const [a] = two().desks;
    const sqlite = a!.core.context.database.sqlite;
    runPlanner(sqlite, { today: '2026-11-24', rules: DEFAULT_RULES, now: '2026-11-24T01:00:00.000Z' });
    const row = dealerRowOf(2);
    const firstOwner = sqlite.prepare('SELECT id FROM customers WHERE phone = ?').pluck().get(row.phone) as string;
    const openWork = (customerId: string) =>
      sqlite.prepare("SELECT rule FROM tasks WHERE customer_id = ? AND status = 'open' AND rule NOT LIKE 'surprise_%' ORDER BY rule").pluck().all(customerId) as string[];
    expect(openWork(firstOwner)).toContain('winback_plan');

    expect(await ingestRows(two().t.hq.db, 'M01', [{ ...row, name: '新车主', phone: '13900000008' }], { dryRun: false })).toMatchObject({ rejected: 0 });
    await a!.desk.call('sync', 'syncNow', {});
    const newOwner = sqlite.prepare('SELECT id FROM customers WHERE phone = ?').pluck().get('13900000008') as string;
    expect(sqlite.prepare('SELECT customer_id FROM vehicles WHERE vin = ?').pluck().get(row.vin)).toBe(newOwner);
    expect(openWork(newOwner)).toContain('winback_plan');
    // No car and no visit left: no win-back plan for a quiet spell that is no longer theirs.
    expect(openWork(firstOwner)).toEqual([]);
    expect(sqlite.prepare("SELECT count(*) FROM planner_wake WHERE wake_on = ''").pluck().get()).toBe(0);
  });
});
