import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDayClock } from '../../clock';
import { createCore, type Core } from '../../core';
import { deskClient } from '../../testing/client';
import { addCustomer, addVisit, createTestStore } from '../../testing/fixture';

const at = '2026-11-01T00:00:00.000Z';

describe('cards: the handwritten-card queue with what to mention, and status moving forward', () => {
  let core: Core;
  let adv: ReturnType<typeof deskClient>;
  let mgr: ReturnType<typeof deskClient>;
  const sql = () => core.context.database.sqlite;
  const status = (id: string) => sql().prepare('SELECT status, skip_reason, written_at IS NOT NULL AS w, sent_at IS NOT NULL AS s FROM card_reminders WHERE id = ?').get(id);

  beforeAll(async () => {
    const fixture = await createTestStore();
    const o = fixture.opened;
    await addCustomer(o, { id: 'c-1', name: '王伟', phone: '13812345678', plates: ['粤A12345'], tier: 'gold', deliveryDate: '2021-12-01' });
    await addCustomer(o, { id: 'c-2', name: '刘芳', phone: '13900001111', plates: ['粤A54321'], advisorId: 'mgr-1' });
    await o.db.updateTable('customers').set({ address: '天河区体育西路 100 号', city: '广州' }).where('id', '=', 'c-1').execute();
    // Odometer 18,500 -> 21,200 km crosses the 20,000 km milestone.
    await addVisit(o, { id: 'v-1', customerId: 'c-1', date: '2026-05-10', amountFen: 80_000, mileageKm: 18_500 });
    await addVisit(o, { id: 'v-2', customerId: 'c-1', date: '2026-10-02', amountFen: 60_000, mileageKm: 21_200 });
    await o.db.insertInto('preferences').values({ id: 'p-1', store_id: 'store-1', customer_id: 'c-1', category: 'drink', value: '大杯美式不加糖', suggestion_status: null, noted_by: 'adv-1', noted_at: at, updated_by: 'adv-1', updated_at: at, deleted_at: null }).execute();
    await o.db.insertInto('family_members').values({ id: 'f-1', store_id: 'store-1', customer_id: 'c-1', relation: 'child', name: '王小宝', birthday_calendar: 'solar', birth_date: '2019-12-05', birthday_lunar_month: null, birthday_lunar_day: null, birthday_lunar_leap: 0, note: '喜欢恐龙', created_at: at, updated_at: at, deleted_at: null }).execute();
    const card = (id: string, customer: string, advisor: string, occasion: string, occasionDate: string, due: string, subject: string | null = null, lunar: string | null = null) => ({
      id, store_id: 'store-1', customer_id: customer, advisor_id: advisor, occasion, subject_id: subject, occasion_date: occasionDate, lunar_label: lunar, due_date: due,
      status: 'to_write' as const, skip_reason: null, written_at: null, sent_at: null, updated_by: null, created_at: at, updated_at: at,
    });
    await o.db.insertInto('card_reminders').values([
      card('k-overdue', 'c-1', 'adv-1', 'birthday', '2026-11-26', '2026-11-19', null, '农历十月初八'),
      card('k-child', 'c-1', 'adv-1', 'child_birthday', '2026-12-05', '2026-11-28', 'f-1'),
      card('k-car', 'c-1', 'adv-1', 'purchase_anniversary', '2026-12-01', '2026-11-24', 'c-1-v0'),
      card('k-later', 'c-1', 'adv-1', 'membership_anniversary', '2026-12-20', '2026-12-13'),
      card('k-mgr', 'c-2', 'mgr-1', 'birthday', '2026-11-30', '2026-11-23'),
    ]).execute();
    await o.close();
    core = createCore({ dbFile: fixture.file, clock: fixedDayClock('2026-11-24'), autoPlan: false });
    adv = deskClient(core);
    await adv.signIn('adv-1');
    mgr = deskClient(core);
    await mgr.signIn('mgr-1');
  });
  afterAll(async () => {
    adv.close();
    mgr.close();
    await core.close();
  });

  it('refuses anonymous callers', async () => {
    const anon = deskClient(core);
    expect(await anon.call('cards', 'queue', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await anon.call('cards', 'setStatus', { id: 'k-car', status: 'written' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    anon.close();
  });

  it('queue: the advisor’s own cards due within a week, overdue first, with solar and lunar dates and prompts', async () => {
    const r = await adv.call('cards', 'queue', {});
    expect(r.ok).toBe(true);
    expect(r.value.items.map((i: { id: string }) => i.id)).toEqual(['k-overdue', 'k-car', 'k-child']);
    const [birthday, car, child] = r.value.items;
    expect(birthday).toMatchObject({ customerName: '王伟', occasionDate: '2026-11-26', lunarLabel: '农历十月初八', keptLunar: true, address: '天河区体育西路 100 号', city: '广州' });
    expect(car).toMatchObject({ occasion: 'purchase_anniversary', subjectName: '粤A12345 帕萨特', keptLunar: false });
    expect(car.lunarLabel).toMatch(/^农历/); // computed from the solar date
    expect(child).toMatchObject({ subjectName: '王小宝' });
    expect(birthday.prompts.vehicles).toEqual([
      { vehicleId: 'c-1-v0', plate: '粤A12345', brand: '大众', model: '帕萨特', deliveryDate: '2021-12-01', yearsOwned: 4, mileageKm: 21_200, milestones: [{ km: 20_000, date: '2026-10-02' }] },
    ]);
    // The car's card falls due a week before its 5th anniversary: it says 5 years, not the 4 of today.
    expect(car.prompts.vehicles[0]).toMatchObject({ deliveryDate: '2021-12-01', yearsOwned: 5 });
    expect(birthday.prompts.recentServices.map((s: { date: string }) => s.date)).toEqual(['2026-10-02', '2026-05-10']);
    expect(birthday.prompts.preferences).toEqual([{ category: 'drink', value: '大杯美式不加糖' }]);
    expect(birthday.prompts.family).toEqual([{ relation: 'child', name: '王小宝', note: '喜欢恐龙' }]);
  });

  it('queue: a manager sees everyone’s, or one advisor’s; an advisor cannot ask for another’s', async () => {
    const all = await mgr.call('cards', 'queue', { to: '2026-12-31' });
    expect(all.value.items.map((i: { id: string }) => i.id)).toEqual(['k-overdue', 'k-mgr', 'k-car', 'k-child', 'k-later']);
    const one = await mgr.call('cards', 'queue', { advisorId: 'mgr-1' });
    expect(one.value.items.map((i: { id: string }) => i.id)).toEqual(['k-mgr']);
    expect(await adv.call('cards', 'queue', { advisorId: 'mgr-1' })).toMatchObject({ ok: false, error: { code: 'forbidden', details: { field: 'advisorId' } } });
  });

  it('queue: only the chosen customers’ cards (My customers: print their cards), still within the advisor’s own', async () => {
    const chosen = await mgr.call('cards', 'queue', { to: '2026-12-31', customerIds: ['c-2'] });
    expect(chosen.value.items.map((i: { id: string }) => i.id)).toEqual(['k-mgr']);
    const mine = await adv.call('cards', 'queue', { to: '2026-12-31', customerIds: ['c-1', 'c-2'] });
    expect(mine.value.items.map((i: { id: string }) => i.id)).toEqual(['k-overdue', 'k-car', 'k-child', 'k-later']);
    expect(await adv.call('cards', 'queue', { customerIds: [] })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'customerIds' } } });
  });

  it('queue: a week’s print range; bad dates name the field; the list says when it was cut', async () => {
    const week = await adv.call('cards', 'queue', { from: '2026-11-24', to: '2026-11-30' });
    expect(week.value.items.map((i: { id: string }) => i.id)).toEqual(['k-car', 'k-child']);
    expect(await adv.call('cards', 'queue', { from: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'from' } } });
    expect(await adv.call('cards', 'queue', { from: '2026-12-01', to: '2026-11-01' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'from' } } });
    const capped = await adv.call('cards', 'queue', { limit: 1 });
    expect(capped.value).toMatchObject({ truncated: true, total: 3, items: [{ id: 'k-overdue' }] });
    expect((await adv.call('cards', 'queue', {})).value).toMatchObject({ truncated: false, total: 3 });
  });

  it('setStatus: to_write -> written -> mailed, each one audited transaction', async () => {
    const audits = () => sql().prepare("SELECT count(*) FROM audit_log WHERE entity = 'card_reminder'").pluck().get();
    const written = await adv.call('cards', 'setStatus', { id: 'k-overdue', status: 'written' });
    expect(written).toMatchObject({ ok: true, value: { status: 'written' } });
    expect(status('k-overdue')).toEqual({ status: 'written', skip_reason: null, w: 1, s: 0 });
    // Who wrote it, kept (the team table counts the card for them, whoever the card's advisor becomes).
    expect(sql().prepare("SELECT written_by FROM card_reminders WHERE id = 'k-overdue'").pluck().get()).toBe('adv-1');
    const mailed = await adv.call('cards', 'setStatus', { id: 'k-overdue', status: 'mailed' });
    expect(mailed).toMatchObject({ ok: true, value: { status: 'mailed' } });
    expect(status('k-overdue')).toEqual({ status: 'mailed', skip_reason: null, w: 1, s: 1 });
    expect(audits()).toBe(2);
    expect(sql().prepare("SELECT name FROM outbox WHERE name = 'cards.setStatus'").all()).toHaveLength(2);
    // Mailed cards leave the open queue but stay in 'all'.
    expect((await adv.call('cards', 'queue', {})).value.items.map((i: { id: string }) => i.id)).not.toContain('k-overdue');
    expect((await adv.call('cards', 'queue', { include: 'all' })).value.items.map((i: { id: string }) => i.id)).toContain('k-overdue');
  });

  it("queue 'all': the open cards whenever due, the others of the last 30 days (all of history came first, oldest on top)", async () => {
    const old = (id: string, status: string, due: string) =>
      sql().prepare(`INSERT INTO card_reminders (id, store_id, customer_id, advisor_id, occasion, occasion_date, due_date, status, created_at, updated_at)
        VALUES (?, 'store-1', 'c-1', 'adv-1', 'wedding_anniversary', ?, ?, ?, 'x', 'x')`).run(id, due, due, status);
    old('k-mailed-long-ago', 'mailed', '2026-06-01');
    old('k-open-long-ago', 'to_write', '2026-06-02');
    old('k-mailed-lately', 'mailed', '2026-11-01');
    try {
      const ids = (await adv.call('cards', 'queue', { include: 'all' })).value.items.map((i: { id: string }) => i.id);
      expect(ids).toContain('k-open-long-ago');
      expect(ids).toContain('k-mailed-lately');
      expect(ids).not.toContain('k-mailed-long-ago');
    } finally {
      sql().prepare("DELETE FROM card_reminders WHERE id IN ('k-mailed-long-ago', 'k-open-long-ago', 'k-mailed-lately')").run();
    }
  });

  it('setStatus: never backwards; a skip needs a reason; unknown cards and others’ cards are refused', async () => {
    expect(await adv.call('cards', 'setStatus', { id: 'k-overdue', status: 'written' })).toMatchObject({ ok: false, error: { code: 'conflict', details: { field: 'status' } } });
    expect(await adv.call('cards', 'setStatus', { id: 'k-overdue', status: 'skipped', reason: '客户出国' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await adv.call('cards', 'setStatus', { id: 'k-car', status: 'mailed' })).toMatchObject({ ok: false, error: { code: 'conflict' } }); // not written yet
    expect(await adv.call('cards', 'setStatus', { id: 'k-car', status: 'skipped' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'reason' } } });
    expect(await adv.call('cards', 'setStatus', { id: 'k-car', status: 'skipped', reason: '  ' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'reason' } } });
    expect(await adv.call('cards', 'setStatus', { id: 'k-car', status: 'to_write' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'status' } } });
    expect(await adv.call('cards', 'setStatus', { id: 'nope', status: 'written' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await adv.call('cards', 'setStatus', { id: 'k-mgr', status: 'written' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(status('k-car')).toEqual({ status: 'to_write', skip_reason: null, w: 0, s: 0 });
  });

  it('setStatus: skipped with a reason; handed over after written; a manager may move anyone’s', async () => {
    expect(await adv.call('cards', 'setStatus', { id: 'k-car', status: 'skipped', reason: '客户已换车' })).toMatchObject({ ok: true, value: { status: 'skipped', skipReason: '客户已换车' } });
    await mgr.call('cards', 'setStatus', { id: 'k-child', status: 'written' });
    expect(await mgr.call('cards', 'setStatus', { id: 'k-child', status: 'handed_over' })).toMatchObject({ ok: true, value: { status: 'handed_over' } });
  });

  it('address: a card for a customer with no address is handed over, never mailed; the refusal names the field and writes nothing', async () => {
    const o = sql();
    // 刘芳 (c-2) consents to marketing but has no address on file.
    o.prepare("INSERT INTO card_reminders (id, store_id, customer_id, advisor_id, occasion, occasion_date, due_date, status, written_at, created_at, updated_at) VALUES ('k-noaddr', 'store-1', 'c-2', 'mgr-1', 'membership_anniversary', '2026-11-29', '2026-11-22', 'written', ?, ?, ?)").run(at, at, at);
    const writes = () => [o.prepare('SELECT count(*) FROM audit_log').pluck().get(), o.prepare('SELECT count(*) FROM outbox').pluck().get(), status('k-noaddr')];
    const before = writes();
    expect(await mgr.call('cards', 'setStatus', { id: 'k-noaddr', status: 'mailed' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'address', reason: 'no_address' } } });
    expect(writes()).toEqual(before);
    // Blank is no address either.
    o.prepare("UPDATE customers SET address = '   ', city = '广州' WHERE id = 'c-2'").run();
    expect(await mgr.call('cards', 'setStatus', { id: 'k-noaddr', status: 'mailed' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'address' } } });
    expect(writes()).toEqual(before);
    o.prepare("UPDATE customers SET address = NULL, city = NULL WHERE id = 'c-2'").run();
    expect(await mgr.call('cards', 'setStatus', { id: 'k-noaddr', status: 'handed_over' })).toMatchObject({ ok: true, value: { status: 'handed_over' } });
  });

  it('consent: without marketing consent a card is mailed only when the customer chose mail; the refusal names the field', async () => {
    const o = sql();
    o.prepare("INSERT INTO card_reminders (id, store_id, customer_id, advisor_id, occasion, occasion_date, due_date, status, written_at, created_at, updated_at) VALUES ('k-nomkt', 'store-1', 'c-1', 'adv-1', 'wedding_anniversary', '2026-11-28', '2026-11-21', 'written', ?, ?, ?)").run(at, at, at);
    o.prepare("UPDATE customers SET marketing_consent = 0 WHERE id = 'c-1'").run();
    try {
      const before = status('k-nomkt');
      expect(await adv.call('cards', 'setStatus', { id: 'k-nomkt', status: 'mailed' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'status', reason: 'no_marketing_consent' } } });
      expect(status('k-nomkt')).toEqual(before);
      o.prepare("INSERT INTO customer_channel_consents (customer_id, channel, allowed, recorded_by, recorded_at) VALUES ('c-1', 'mail', 1, 'adv-1', ?)").run(at);
      expect(await adv.call('cards', 'setStatus', { id: 'k-nomkt', status: 'mailed' })).toMatchObject({ ok: true, value: { status: 'mailed' } });
    } finally {
      o.prepare("DELETE FROM customer_channel_consents WHERE customer_id = 'c-1'").run();
      o.prepare("UPDATE customers SET marketing_consent = 1 WHERE id = 'c-1'").run();
    }
  });

  it('consent: a card goes by post only with consent for mail, handed over unless the customer asked not to be contacted; refusals name the field and write nothing', async () => {
    const o = sql();
    o.prepare("INSERT INTO card_reminders (id, store_id, customer_id, advisor_id, occasion, occasion_date, due_date, status, written_at, created_at, updated_at) VALUES ('k-c2', 'store-1', 'c-2', 'mgr-1', 'wedding_anniversary', '2026-11-27', '2026-11-20', 'written', ?, ?, ?)").run(at, at, at);
    const writes = () => [o.prepare('SELECT count(*) FROM audit_log').pluck().get(), o.prepare('SELECT count(*) FROM outbox').pluck().get(), status('k-c2')];
    const delivery = async () => (await mgr.call('cards', 'queue', { customerIds: ['c-2'], include: 'open' })).value.items.find((i: { id: string }) => i.id === 'k-c2').delivery;
    // Without an address a card is handed over whatever the consent: give 刘芳 one, so that consent decides.
    expect(await delivery()).toEqual({ mail: { allowed: false, reason: 'no_address' }, handOver: { allowed: true } });
    o.prepare("UPDATE customers SET address = '越秀区中山五路 1 号', city = '广州' WHERE id = 'c-2'").run();
    expect(await delivery()).toEqual({ mail: { allowed: true }, handOver: { allowed: true } });
    // The customer opted out of post: mailing is refused, handing it over when they come in is not.
    o.prepare("INSERT INTO customer_channel_consents (customer_id, channel, allowed, recorded_by, recorded_at) VALUES ('c-2', 'mail', 0, 'mgr-1', ?)").run(at);
    expect(await delivery()).toEqual({ mail: { allowed: false, reason: 'channel_opt_out' }, handOver: { allowed: true } });
    const before = writes();
    expect(await mgr.call('cards', 'setStatus', { id: 'k-c2', status: 'mailed' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'status', reason: 'channel_opt_out' } } });
    expect(writes()).toEqual(before);
    // Asked not to be contacted at all: neither; the advisor skips it with a reason.
    o.prepare("UPDATE customers SET do_not_contact = 1 WHERE id = 'c-2'").run();
    expect(await delivery()).toEqual({ mail: { allowed: false, reason: 'do_not_contact' }, handOver: { allowed: false, reason: 'do_not_contact' } });
    expect(await mgr.call('cards', 'setStatus', { id: 'k-c2', status: 'handed_over' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'status', reason: 'do_not_contact' } } });
    expect(writes()).toEqual(before);
    // "lapsed" is the planner's own mark (it would open the card again): a person says why in other words.
    expect(await mgr.call('cards', 'setStatus', { id: 'k-c2', status: 'skipped', reason: ' Lapsed ' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'reason', reason: 'reserved' } } });
    expect(writes()).toEqual(before);
    expect(await mgr.call('cards', 'setStatus', { id: 'k-c2', status: 'skipped', reason: '客户要求勿扰' })).toMatchObject({ ok: true, value: { status: 'skipped' } });
  });
});
