import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TodayView } from '../../../../shared/domain/today';
import { signedInDesk } from '../../testing/client';
import { addCustomer, createTestStore } from '../../testing/fixture';

/** Today shows, beside a task about one of a customer's cars, that car's plate (not the latest car's). */
describe('Today: the plate of the car a task is about', () => {
  let desk: Awaited<ReturnType<typeof signedInDesk>>;

  beforeAll(async () => {
    const f = await createTestStore();
    const o = f.opened;
    const at = '2026-01-01T00:00:00.000Z';
    // Old car c-1-v0 (delivered 2022-03-01), new car c-1-v1 delivered last week; c-2's two cars share a delivery day.
    await addCustomer(o, { id: 'c-1', name: '熊琳', phone: '13812345678', plates: ['粤A23490', '粤A71239'] });
    await o.db.updateTable('vehicles').set({ delivery_date: '2022-03-01' }).where('id', '=', 'c-1-v0').execute();
    await o.db.updateTable('vehicles').set({ delivery_date: '2026-11-19' }).where('id', '=', 'c-1-v1').execute();
    await addCustomer(o, { id: 'c-2', name: '李娜', phone: '13900001111', plates: ['粤B22222', '粤B33333'] });
    const task = (id: string, customer: string, rule: string, reason: object) => ({
      id, store_id: 'store-1', customer_id: customer, advisor_id: 'adv-1', rule, occurrence: id, kind: 'gift', channel: null, due_date: '2026-11-24',
      status: 'open' as const, reason: JSON.stringify(reason), outcome: null, skip_reason: null, snoozed_until: null, completed_at: null, completed_by: null,
      created_at: at, updated_at: at,
    });
    await o.db
      .insertInto('tasks')
      .values([
        task('t-ring', 'c-1', 'surprise_mileage_milestone', { code: 'mileage_milestone', vehicleId: 'c-1-v0', km: 20_000 }),
        task('t-gift', 'c-1', 'purchase_anniversary_gift', { code: 'delivery_anniversary', deliveredOn: '2022-03-01', years: 4 }),
        task('t-call', 'c-1', 'care_call_90', { code: 'no_visit', since: '2026-05-01', quietDays: 90 }),
        task('t-shared', 'c-2', 'purchase_anniversary_gift', { code: 'delivery_anniversary', deliveredOn: '2024-05-01', years: 2 }),
      ])
      .execute();
    await f.opened.close();
    desk = await signedInDesk(f.file, 'adv-1');
  });
  afterAll(async () => {
    await desk.close();
  });

  it('names the milestone car and the anniversary car; the customer\'s latest car otherwise, and when two cars share the day', async () => {
    const r = await desk.client.call('today', 'get', {});
    expect(r.ok).toBe(true);
    const plateOf = (id: string) => (r.value as TodayView).tasks.find((t) => t.id === id)!.customer.plate;
    const latest = desk.core.context.database.sqlite.prepare("SELECT plate FROM customer_status WHERE customer_id = 'c-1'").pluck().get();
    expect(latest).toBe('粤A71239');
    expect(plateOf('t-ring')).toBe('粤A23490');
    expect(plateOf('t-gift')).toBe('粤A23490');
    expect(plateOf('t-call')).toBe('粤A71239');
    const latestOfC2 = desk.core.context.database.sqlite.prepare("SELECT plate FROM customer_status WHERE customer_id = 'c-2'").pluck().get();
    expect(plateOf('t-shared')).toBe(latestOfC2);
  });
});
