import { describe, expect, it } from 'vitest';
import { dealerRowOf, twoDesksForTests } from './two-desks';

/**
 * A slot's last place (and a customer's day) booked on two desks while apart (real HQ, two desk cores):
 * each desk checks room in its own transaction, so both took it and HQ kept three cars for two places.
 * HQ refuses the second to arrive; that desk undoes it and says why; both desks and HQ agree.
 */
describe('two desks offline book the same last place', () => {
  const two = twoDesksForTests('B01', '预约店');

  const desk = (i: number) => two().desks[i]!.desk;
  const sqlite = (i: number) => two().desks[i]!.core.context.database.sqlite;
  const customer = (n: number) => sqlite(0).prepare('SELECT id FROM customers WHERE phone = ?').pluck().get(dealerRowOf(n).phone) as string;
  const book = async (i: number, n: number, time: string) => desk(i).call('appointments', 'book', { customerId: customer(n), date: '2026-11-25', time });
  const sync = async (i: number) => desk(i).call('sync', 'syncNow', {});
  const live = (i: number, time: string) => sqlite(i).prepare("SELECT count(*) FROM appointments WHERE slot_date = '2026-11-25' AND slot_time = ? AND status <> 'cancelled'").pluck().get(time);
  const refused = (i: number) => sqlite(i).prepare('SELECT code FROM sync_rejections ORDER BY received_at').pluck().all();

  it('the second booking of the last place to reach HQ is refused, undone on its desk, and said so', async () => {
    // 10:00 holds three cars: two booked and synced everywhere.
    expect((await book(0, 0, '10:00')).ok).toBe(true);
    expect((await book(0, 1, '10:00')).ok).toBe(true);
    await sync(0);
    await sync(1);
    expect(live(1, '10:00')).toBe(2);
    // Apart: each desk books the last place for another customer.
    expect((await book(0, 2, '10:00')).ok).toBe(true);
    expect((await book(1, 3, '10:00')).ok).toBe(true);
    await sync(0);
    await sync(1);
    await sync(0);
    expect(live(0, '10:00')).toBe(3);
    expect(live(1, '10:00')).toBe(3);
    expect(refused(1)).toEqual(['slot_full']);
    const atHq = await two().t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', two().storeId).where('tbl', '=', 'appointments').execute();
    expect(atHq.filter((r) => (r.data as { slot_time: string; status: string }).slot_time === '10:00' && (r.data as { status: string }).status !== 'cancelled')).toHaveLength(3);
  });

  it('one customer booked on both desks the same day: the second is refused', async () => {
    expect((await book(0, 4, '11:00')).ok).toBe(true);
    expect((await book(1, 4, '13:30')).ok).toBe(true);
    await sync(0);
    await sync(1);
    await sync(0);
    for (const i of [0, 1]) {
      expect(sqlite(i).prepare("SELECT slot_time FROM appointments WHERE customer_id = ? AND slot_date = '2026-11-25' AND status <> 'cancelled'").pluck().all(customer(4))).toEqual(['11:00']);
    }
    expect(refused(1)).toEqual(['slot_full', 'already_booked']);
  });

  it('a refused booking marked arrived in the same push is refused too (HQ took the update as a new row)', async () => {
    const today = (i: number, n: number) => desk(i).call('appointments', 'book', { customerId: customer(n), date: '2026-11-24', time: '11:00' });
    const liveToday = () => sqlite(0).prepare("SELECT count(*) FROM appointments WHERE slot_date = '2026-11-24' AND slot_time = '11:00' AND status <> 'cancelled'").pluck().get();
    expect((await today(0, 0)).ok).toBe(true);
    expect((await today(0, 1)).ok).toBe(true);
    await sync(0);
    await sync(1);
    expect((await today(0, 2)).ok).toBe(true); // the last place, synced first
    const b = await today(1, 3); // desk B, apart: the same last place, and the customer arrives
    expect(b.ok).toBe(true);
    expect((await desk(1).call('appointments', 'arrive', { id: b.value.id })).ok).toBe(true);
    await sync(0);
    await sync(1);
    await sync(0);
    expect(liveToday()).toBe(3);
    const atHq = await two().t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', two().storeId).where('tbl', '=', 'appointments').execute();
    expect(atHq.map((r) => r.data as { slot_date: string; slot_time: string; status: string }).filter((a) => a.slot_date === '2026-11-24' && a.slot_time === '11:00' && a.status !== 'cancelled')).toHaveLength(3);
  });
});
