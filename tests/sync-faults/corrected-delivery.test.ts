import { describe, expect, it } from 'vitest';
import { ingestRows } from '../../hq/ingest/ingest';
import { DEFAULT_RULES } from '../../shared/domain/rules/config';
import { runPlanner } from '../../electron/core/planner/run';
import { twoDesksForTests } from './two-desks';

/**
 * The dealer system corrects a new car's delivery date after the advisor made the D3 call: the
 * desks must not ask for the call again, and the steps still to come move with the date, the
 * same task on both desks (it used to start D3, D15 and D30 again beside the done call).
 */
describe('a delivery date corrected at HQ after the D3 call', () => {
  const two = twoDesksForTests('C01', '改期店');

  const car = { name: '孙新', phone: '13500000001', vin: 'LFV0000001C000001', plate: '粤D90001', brand: '大众', model: '途观' };
  const plan = (sqlite: Parameters<typeof runPlanner>[0]) => runPlanner(sqlite, { today: '2026-11-24', rules: DEFAULT_RULES, now: '2026-11-24T01:00:00.000Z' });

  it('keeps the done call done and re-dates the open steps, on both desks', async () => {
    const [a, b] = two().desks;
    const syncAll = async () => {
      for (const d of [a, b, a]) await d!.desk.call('sync', 'syncNow', {});
    };
    expect(await ingestRows(two().t.hq.db, 'C01', [{ ...car, delivery_date: '2026-11-20' }], { dryRun: false })).toMatchObject({ added: 1, rejected: 0 });
    await syncAll();
    const sqlA = a!.core.context.database.sqlite;
    const sqlB = b!.core.context.database.sqlite;
    const customerId = sqlA.prepare('SELECT id FROM customers WHERE phone = ?').pluck().get(car.phone) as string;
    const newOwnerTasks = (sqlite: typeof sqlA) =>
      sqlite
        .prepare("SELECT id, rule, due_date, status FROM tasks WHERE customer_id = ? AND rule IN ('d3_call', 'd15_meetup', 'd30_first_service') ORDER BY rule, status")
        .all(customerId) as { id: string; rule: string; due_date: string; status: string }[];

    plan(sqlA);
    const before = newOwnerTasks(sqlA);
    expect(before.map((t) => [t.rule, t.due_date, t.status])).toEqual([['d15_meetup', '2026-12-05', 'open'], ['d30_first_service', '2026-12-20', 'open'], ['d3_call', '2026-11-23', 'open']]);
    const call = before.find((t) => t.rule === 'd3_call')!;
    // The customer agreed to calls when they took the car.
    expect(await a!.desk.call('consent', 'setGeneral', { customerId, marketingConsent: true, doNotContact: false })).toMatchObject({ ok: true });
    const done = await a!.desk.call('tasks', 'complete', { taskId: call.id, channel: 'call', outcome: 'reached' });
    expect(done, JSON.stringify(done)).toMatchObject({ ok: true });
    await syncAll();

    // The dealer system had the day wrong: the car was delivered a day earlier.
    expect(await ingestRows(two().t.hq.db, 'C01', [{ ...car, delivery_date: '2026-11-19' }], { dryRun: false })).toMatchObject({ updated: 1, rejected: 0 });
    await syncAll();
    expect(sqlB.prepare('SELECT delivery_date FROM vehicles WHERE vin = ?').pluck().get(car.vin)).toBe('2026-11-19');
    plan(sqlA);
    plan(sqlB);
    await syncAll();
    plan(sqlA);
    plan(sqlB);

    const idOf = (rule: string) => before.find((t) => t.rule === rule)!.id;
    const expected = [
      { id: idOf('d15_meetup'), rule: 'd15_meetup', due_date: '2026-12-04', status: 'open' },
      { id: idOf('d30_first_service'), rule: 'd30_first_service', due_date: '2026-12-19', status: 'open' },
      { id: call.id, rule: 'd3_call', due_date: '2026-11-23', status: 'done' },
    ];
    expect(newOwnerTasks(sqlA)).toEqual(expected);
    expect(newOwnerTasks(sqlB)).toEqual(expected);
  });
});
