import { describe, expect, it } from 'vitest';
import { ingestRows } from '../../hq/ingest/ingest';
import { pointsBalance } from '../../hq/repos/rows';
import { dealerRowOf, twoDesksForTests } from './two-desks';

/**
 * A visit's points earned on two desks that have not synced in between. Each desk allows it once
 * (a unique index on the visit): HQ must take the first and refuse the second, and the desk that
 * was refused must undo its entry and take the other desk's, or its pulls would fail on that
 * index for good and the customer would be paid twice at HQ.
 */
describe('points earned once though two desks earned them offline', () => {
  const two = twoDesksForTests('E01', '积分一次店');

  it('HQ keeps the first desk\'s entry, the second desk undoes its own and shows why, both desks end equal', async () => {
    const [a, b] = two().desks;
    const sqlA = a!.core.context.database.sqlite;
    const visit = sqlA.prepare('SELECT id, customer_id FROM visits WHERE amount_fen > 0 ORDER BY id LIMIT 1').get() as { id: string; customer_id: string };
    const first = await a!.desk.call('points', 'earnVisit', { customerId: visit.customer_id, visitId: visit.id });
    const second = await b!.desk.call('points', 'earnVisit', { customerId: visit.customer_id, visitId: visit.id });
    expect([first.ok, second.ok]).toEqual([true, true]);
    await a!.desk.call('sync', 'syncNow', {});
    const refused = await b!.desk.call('sync', 'syncNow', {});
    expect(refused.value.attention).toEqual([expect.objectContaining({ name: 'points.earnVisit', code: 'already_earned' })]);
    await b!.desk.call('sync', 'syncNow', {});
    await a!.desk.call('sync', 'syncNow', {});
    const entries = (d: typeof a) => d!.core.context.database.sqlite.prepare("SELECT id, points FROM points_ledger WHERE visit_id = ? AND kind = 'earn_visit'").all(visit.id);
    expect(entries(a)).toEqual([{ id: first.value.id, points: first.value.points }]);
    expect(entries(b)).toEqual(entries(a));
    expect(await pointsBalance(two().t.hq.db, two().storeId, visit.customer_id)).toBe(first.value.points);
  });

  it('a visit the dealer system moved to another customer meanwhile is still earned once: the desk that earned it for the first owner is refused', async () => {
    const [a, b] = two().desks;
    const sqlA = a!.core.context.database.sqlite;
    const sqlB = b!.core.context.database.sqlite;
    const visitOfCar = (sqlite: typeof sqlA, vin: string) =>
      sqlite.prepare('SELECT v.id, v.customer_id FROM visits v JOIN vehicles c ON c.id = v.vehicle_id WHERE c.vin = ?').get(vin) as { id: string; customer_id: string };
    // A car whose visit the test above did not earn (it takes the first visit by id, which varies with the store's id).
    const row = [1, 2, 3, 4, 5].map(dealerRowOf).find((r) => sqlA.prepare('SELECT count(*) FROM points_ledger WHERE visit_id = ?').pluck().get(visitOfCar(sqlA, r.vin).id) === 0)!;
    const visitOf = (sqlite: typeof sqlA) => visitOfCar(sqlite, row.vin);
    const visit = visitOf(sqlA);
    // Desk A, not synced since, pays the visit to the customer who made it.
    const first = await a!.desk.call('points', 'earnVisit', { customerId: visit.customer_id, visitId: visit.id });
    expect(first).toMatchObject({ ok: true });
    // The car was sold: the dealer system now has it (and its visits) under its new owner.
    expect(await ingestRows(two().t.hq.db, 'E01', [{ ...row, name: '新车主', phone: '13900000009' }], { dryRun: false })).toMatchObject({ rejected: 0 });
    await b!.desk.call('sync', 'syncNow', {});
    const moved = visitOf(sqlB);
    expect(moved.id).toBe(visit.id);
    expect(moved.customer_id).not.toBe(visit.customer_id);
    const second = await b!.desk.call('points', 'earnVisit', { customerId: moved.customer_id, visitId: visit.id });
    expect(second).toMatchObject({ ok: true });
    await b!.desk.call('sync', 'syncNow', {});
    const refused = await a!.desk.call('sync', 'syncNow', {});
    expect(refused.value.attention).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'points.earnVisit', code: 'already_earned' })]));
    for (const d of [a, b, a]) await d!.desk.call('sync', 'syncNow', {});
    // One entry for the visit on HQ and on both desks (a second one would fail their pulls on the desks' unique index).
    const entries = (sqlite: typeof sqlA) => sqlite.prepare("SELECT id, customer_id, points FROM points_ledger WHERE visit_id = ? AND kind = 'earn_visit'").all(visit.id);
    expect(entries(sqlA)).toEqual([{ id: second.value.id, customer_id: moved.customer_id, points: second.value.points }]);
    expect(entries(sqlB)).toEqual(entries(sqlA));
    expect(await pointsBalance(two().t.hq.db, two().storeId, visit.customer_id)).toBe(0);
    expect((await a!.desk.call('sync', 'status', {})).value).toMatchObject({ pending: 0 });
  });
});
