import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../core';
import { createCore } from '../../core';
import { deskClient, signedInDesk } from '../../testing/client';
import { addCustomer, createTestStore } from '../../testing/fixture';

// Today 2026-11-24; everyone books up to 7 days ahead (2026-12-01), silver 10, gold 14, diamond 21.
// Slots: 09:00 (reserved, 2 places), 10:00 (3), ..., 14:30 (reserved, 2).
describe('appointments: booking windows by tier, reserved slots, capacity, today’s arrivals', () => {
  let desk: Awaited<ReturnType<typeof signedInDesk>> | undefined;
  let core: Core;
  let c: ReturnType<typeof deskClient>;
  const sql = () => core.context.database.sqlite;
  const count = (table: string) => sql().prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const writes = () => ({ appointments: count('appointments'), audit: count('audit_log'), outbox: count('outbox') });

  beforeAll(async () => {
    const fixture = await createTestStore();
    const o = fixture.opened;
    await addCustomer(o, { id: 'c-normal', name: '赵强', phone: '13700002222', plates: ['粤B11111'] });
    await addCustomer(o, { id: 'c-silver', name: '刘芳', phone: '13900001111', plates: ['粤A54321'], tier: 'silver' });
    await addCustomer(o, { id: 'c-gold', name: '王伟', phone: '13812345678', plates: ['粤A12345', '粤A88888'], tier: 'gold' });
    await addCustomer(o, { id: 'c-x', name: '孙丽', phone: '13600003333', plates: ['粤A00001'] });
    await addCustomer(o, { id: 'c-y', name: '周杰', phone: '13600004444', plates: ['粤A00002'] });
    await addCustomer(o, { id: 'c-z', name: '吴敏', phone: '13600005555', plates: ['粤A00003'] });
    const at = '2026-11-01T00:00:00.000Z';
    await o.db.insertInto('preferences').values({ id: 'p-1', store_id: 'store-1', customer_id: 'c-gold', category: 'drink', value: '大杯美式不加糖', suggestion_status: null, noted_by: 'adv-1', noted_at: at, updated_by: 'adv-1', updated_at: at, deleted_at: null }).execute();
    await o.close();
    desk = await signedInDesk(fixture.file, 'adv-1');
    ({ core, client: c } = desk);
  });
  afterAll(async () => desk?.close());

  it('refuses anonymous callers', async () => {
    const anon = deskClient(core);
    for (const [verb, args] of [['calendar', { customerId: 'c-gold' }], ['book', { customerId: 'c-gold', date: '2026-11-25', time: '10:00' }], ['cancel', { id: 'x' }], ['arrive', { id: 'x' }], ['today', {}]] as const) {
      expect(await anon.call('appointments', verb, args)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    anon.close();
  });

  it('calendar: the days a customer sees, with why a day or slot is closed to their tier', async () => {
    const r = await c.call('appointments', 'calendar', { customerId: 'c-silver' });
    expect(r.ok).toBe(true);
    expect(r.value).toMatchObject({ today: '2026-11-24', tier: 'silver', openDaysAhead: 7, extraDays: 3, latest: '2026-12-04', reservedMinTier: 'gold', upcoming: [], vehicles: [{ id: 'c-silver-v0', plate: '粤A54321', model: '帕萨特' }] });
    expect(r.value.days).toHaveLength(22);
    const day = (date: string) => r.value.days.find((d: { date: string }) => d.date === date);
    expect(day('2026-12-04').slots.find((s: { time: string }) => s.time === '10:00').refusal).toBeNull();
    expect(day('2026-12-05').slots[1].refusal).toMatchObject({ reason: 'beyond_window', latest: '2026-12-04', extraDays: 3 });
    expect(day('2026-11-25').slots[0]).toMatchObject({ time: '09:00', reserved: true, refusal: { reason: 'reserved', minTier: 'gold' } });
    expect(await c.call('appointments', 'calendar', { customerId: 'ghost' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'customerId' } } });
  });

  it('book: a normal customer beyond the open window is refused with the reason; nothing is written', async () => {
    const before = writes();
    expect(await c.call('appointments', 'book', { customerId: 'c-normal', date: '2026-12-02', time: '10:00' })).toMatchObject({
      ok: false, error: { code: 'validation', details: { field: 'date', reason: 'beyond_window', latest: '2026-12-01', tier: 'normal' } },
    });
    expect(await c.call('appointments', 'book', { customerId: 'c-normal', date: '2026-11-23', time: '10:00' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'date', reason: 'past' } } });
    expect(writes()).toEqual(before);
  });

  it('book: a gold customer books 14 days ahead, in one transaction with audit and outbox', async () => {
    const before = writes();
    const r = await c.call('appointments', 'book', { customerId: 'c-gold', date: '2026-12-08', time: '10:00', note: '顺便看看轮胎' });
    expect(r).toMatchObject({ ok: true, value: { customerId: 'c-gold', date: '2026-12-08', time: '10:00', status: 'booked', plate: '粤A12345', note: '顺便看看轮胎', createdBy: '李顾问' } });
    expect(writes()).toEqual({ appointments: before.appointments + 1, audit: before.audit + 1, outbox: before.outbox + 1 });
    expect(sql().prepare("SELECT args FROM outbox WHERE name = 'appointments.book'").pluck().get()).toContain(r.value.id);
    expect(await c.call('appointments', 'book', { customerId: 'c-gold', date: '2026-12-09', time: '10:00' })).toMatchObject({ ok: false, error: { details: { reason: 'beyond_window', latest: '2026-12-08' } } });
  });

  it('book: a reserved slot is refused to silver and allowed to gold', async () => {
    expect(await c.call('appointments', 'book', { customerId: 'c-silver', date: '2026-11-26', time: '09:00' })).toMatchObject({
      ok: false, error: { code: 'validation', details: { field: 'time', reason: 'reserved', minTier: 'gold' } },
    });
    expect(await c.call('appointments', 'book', { customerId: 'c-gold', date: '2026-11-24', time: '09:00', vehicleId: 'c-gold-v1' })).toMatchObject({ ok: true, value: { plate: '粤A88888', time: '09:00' } });
  });

  it('book: bad input names the field; a full slot and a second booking the same day are conflicts', async () => {
    for (const [args, field] of [
      [{ customerId: 'c-x', date: '2026-13-01', time: '10:00' }, 'date'],
      [{ customerId: 'c-x', date: '2026-11-25', time: '25:00' }, 'time'],
      [{ customerId: 'c-x', date: '2026-11-25', time: '10:15' }, 'time'],
      [{ customerId: 'c-x', date: '2026-11-25', time: '10:00', vehicleId: 'c-gold-v0' }, 'vehicleId'],
      [{ customerId: 'c-x', date: '2026-11-25', time: '10:00', note: 'x'.repeat(201) }, 'note'],
    ] as const) {
      expect(await c.call('appointments', 'book', args)).toMatchObject({ ok: false, error: { code: 'validation', details: { field } } });
    }
    expect(await c.call('appointments', 'book', { customerId: 'ghost', date: '2026-11-25', time: '10:00' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    for (const id of ['c-x', 'c-y', 'c-z']) expect((await c.call('appointments', 'book', { customerId: id, date: '2026-11-25', time: '11:00' })).ok).toBe(true);
    expect(await c.call('appointments', 'book', { customerId: 'c-normal', date: '2026-11-25', time: '11:00' })).toMatchObject({ ok: false, error: { code: 'conflict', details: { field: 'time', reason: 'full' } } });
    expect(await c.call('appointments', 'book', { customerId: 'c-x', date: '2026-11-25', time: '13:30' })).toMatchObject({ ok: false, error: { code: 'conflict', details: { field: 'date', reason: 'already_booked' } } });
    const cal = await c.call('appointments', 'calendar', { customerId: 'c-normal' });
    expect(cal.value.days[1].slots.find((s: { time: string }) => s.time === '11:00')).toMatchObject({ booked: 3, available: 0, refusal: { reason: 'full' } });
  });

  it('cancel frees the place; arrive only today; neither twice', async () => {
    const cal = await c.call('appointments', 'calendar', { customerId: 'c-x' });
    const mine = cal.value.upcoming[0];
    expect(mine).toMatchObject({ date: '2026-11-25', time: '11:00' });
    expect(await c.call('appointments', 'arrive', { id: mine.id })).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'not_today' } } });
    expect(await c.call('appointments', 'cancel', { id: mine.id })).toMatchObject({ ok: true, value: { status: 'cancelled' } });
    expect(await c.call('appointments', 'cancel', { id: mine.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await c.call('appointments', 'cancel', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await c.call('appointments', 'book', { customerId: 'c-normal', date: '2026-11-25', time: '11:00' })).ok).toBe(true);
  });

  it('today: the day’s appointments in time order with each customer’s preferences; arrive marks them', async () => {
    await c.call('appointments', 'book', { customerId: 'c-normal', date: '2026-11-24', time: '16:30' });
    const r = await c.call('appointments', 'today', {});
    expect(r.value.map((a: { customerName: string; time: string }) => `${a.time} ${a.customerName}`)).toEqual(['09:00 王伟', '16:30 赵强']);
    expect(r.value[0]).toMatchObject({ plate: '粤A88888', phone: '13812345678', advisorName: '李顾问', preferences: [{ category: 'drink', value: '大杯美式不加糖' }] });
    expect(await c.call('appointments', 'arrive', { id: r.value[0].id })).toMatchObject({ ok: true, value: { status: 'arrived' } });
    expect(await c.call('appointments', 'arrive', { id: r.value[0].id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe("appointments: today's slots that are over", () => {
  it('refuses a slot of today that has ended (11:30 in the store: 09:00 and 10:00), naming the time', async () => {
    const fixture = await createTestStore();
    await addCustomer(fixture.opened, { id: 'c-1', name: '赵强', phone: '13700002222', plates: ['粤B11111'] });
    await fixture.opened.close();
    // 03:30 UTC = 11:30 in Shanghai, on the store's today.
    const core = createCore({ dbFile: fixture.file, clock: { now: () => new Date('2026-11-24T03:30:00.000Z'), today: () => '2026-11-24' }, autoPlan: false });
    const c = deskClient(core);
    try {
      await c.signIn('adv-1');
      expect(await c.call('appointments', 'book', { customerId: 'c-1', date: '2026-11-24', time: '10:00' })).toMatchObject({
        ok: false, error: { code: 'validation', details: { field: 'time', reason: 'past_slot' } },
      });
      const cal = await c.call('appointments', 'calendar', { customerId: 'c-1' });
      const today = cal.value.days[0];
      expect(today.slots.filter((s: { refusal: { reason: string } | null }) => s.refusal?.reason === 'past_slot').map((s: { time: string }) => s.time)).toEqual(['09:00', '10:00']);
      expect(await c.call('appointments', 'book', { customerId: 'c-1', date: '2026-11-24', time: '13:30' })).toMatchObject({ ok: true });
    } finally {
      c.close();
      await core.close();
      fixture.cleanup();
    }
  });
});
