import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterView } from '../../../../shared/domain/roster';
import { fixedDayClock } from '../../clock';
import { createCore, type Core } from '../../core';
import { deskClient } from '../../testing/client';
import { addCustomer, addSurvey, addVisit, createTestStore } from '../../testing/fixture';

describe('My customers: the roster and the batch follow-up', () => {
  let core: Core;
  const sql = () => core.context.database.sqlite;
  const count = (table: string) => sql().prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

  beforeAll(async () => {
    const f = await createTestStore();
    const o = f.opened;
    const at = '2026-01-01T00:00:00.000Z';
    await o.db.insertInto('staff').values({ id: 'adv-3', store_id: 'store-1', name: '张顾问', role: 'advisor', phone: null, active: 1, created_at: at, updated_at: at, deleted_at: null }).execute();
    await addCustomer(o, { id: 'c-1', name: '王伟', phone: '13812345678', plates: ['粤A12345'], tier: 'gold', deliveryDate: '2023-03-01' });
    await addCustomer(o, { id: 'c-2', name: '李娜', phone: '13900001111', plates: ['粤B22222'], deliveryDate: '2023-03-01' });
    await addCustomer(o, { id: 'c-3', name: '赵强', phone: '13700002222', plates: [], deliveryDate: '2023-03-01' });
    await addCustomer(o, { id: 'c-4', name: '孙丽', phone: '13600003333', plates: ['粤D44444'], advisorId: 'adv-3' });
    await addVisit(o, { id: 'v-1', customerId: 'c-1', date: '2026-11-01', amountFen: 60_000 });
    await addVisit(o, { id: 'v-2', customerId: 'c-2', date: '2026-07-01', amountFen: 60_000 });
    await addSurvey(o, { id: 's-1', customerId: 'c-1', date: '2026-11-02', score: 9 });
    await o.db.updateTable('customers').set({ marketing_consent: 0 }).where('id', '=', 'c-3').execute();
    await o.db
      .insertInto('tasks')
      .values({
        id: 't-1', store_id: 'store-1', customer_id: 'c-2', advisor_id: 'adv-1', rule: 'care_call_90', occurrence: 'x', kind: 'call', channel: null, due_date: '2026-11-20',
        status: 'open', reason: '{"code":"no_visit"}', outcome: null, skip_reason: null, snoozed_until: null, completed_at: null, completed_by: null, created_at: at, updated_at: at,
      })
      .execute();
    await o.db
      .insertInto('card_reminders')
      .values({
        id: 'card-1', store_id: 'store-1', customer_id: 'c-1', advisor_id: 'adv-1', occasion: 'birthday', subject_id: null, occasion_date: '2026-12-01', lunar_label: '农历十月十二',
        due_date: '2026-11-24', status: 'to_write', skip_reason: null, written_at: null, sent_at: null, updated_by: null, created_at: at, updated_at: at,
      })
      .execute();
    await f.opened.close();
    core = createCore({ dbFile: f.file, clock: fixedDayClock('2026-11-24'), autoPlan: false });
  });
  afterAll(async () => {
    await core.close();
  });

  it('lists my customers with tier, flag and reasons, last visit, next occasion and open tasks', async () => {
    const c = deskClient(core);
    await c.signIn('adv-1');
    const r = await c.call('roster', 'list', {});
    expect(r.ok).toBe(true);
    const v = r.value as RosterView;
    expect(v.rows.map((x) => x.id).sort()).toEqual(['c-1', 'c-2', 'c-3']);
    const by = (id: string) => v.rows.find((x) => x.id === id)!;
    expect(by('c-1')).toMatchObject({ name: '王伟', plate: '粤A12345', tier: 'gold', flag: 'green', lastVisitOn: '2026-11-01', openTasks: 0, nextOccasion: { date: '2026-12-01', occasion: 'birthday', lunarLabel: '农历十月十二' } });
    expect(by('c-2')).toMatchObject({ flag: 'yellow', reasons: [{ code: 'days_since_purchase', days: 146 }], openTasks: 1, nextOccasion: null });
    // No vehicle, no visit: nothing to count days from (DOMAIN.md), so green without reasons.
    expect(by('c-3')).toMatchObject({ plate: null, flag: 'green', lastVisitOn: null, reasons: [] });
  });

  it("shows another advisor's customers to a manager only", async () => {
    const c = deskClient(core);
    await c.signIn('adv-1');
    expect(await c.call('roster', 'list', { advisorId: 'adv-3' })).toMatchObject({ ok: false, error: { code: 'forbidden', details: { field: 'advisorId' } } });
    const m = deskClient(core);
    await m.signIn('mgr-1');
    const r = await m.call('roster', 'list', { advisorId: 'adv-3' });
    expect((r.value as RosterView).rows.map((x) => x.id)).toEqual(['c-4']);
  });

  it('logs one follow-up for many customers in one transaction', async () => {
    const c = deskClient(core);
    await c.signIn('adv-1');
    const before = { interactions: count('interactions'), outbox: count('outbox'), audit: count('audit_log') };
    const r = await c.call('roster', 'logFollowUp', { customerIds: ['c-1', 'c-2', 'c-1'], channel: 'wechat', outcome: 'reached', note: '双十一保养活动通知', batchId: 'b-1' });
    expect(r).toEqual({ ok: true, value: { logged: 2 } });
    expect({ interactions: count('interactions'), outbox: count('outbox'), audit: count('audit_log') }).toEqual({ interactions: before.interactions + 2, outbox: before.outbox + 1, audit: before.audit + 1 });
    const rows = sql().prepare('SELECT customer_id, channel, outcome, note, staff_id FROM interactions ORDER BY customer_id').all();
    expect(rows).toEqual([
      { customer_id: 'c-1', channel: 'wechat', outcome: 'reached', note: '双十一保养活动通知', staff_id: 'adv-1' },
      { customer_id: 'c-2', channel: 'wechat', outcome: 'reached', note: '双十一保养活动通知', staff_id: 'adv-1' },
    ]);
    expect(sql().prepare('SELECT name FROM outbox ORDER BY mutation_id DESC LIMIT 1').pluck().get()).toBe('roster.logFollowUp');
  });

  it('refuses the whole batch when one customer refused the channel, naming channel; and bad input by field', async () => {
    const c = deskClient(core);
    await c.signIn('adv-1');
    const before = count('interactions');
    expect(await c.call('roster', 'logFollowUp', { customerIds: ['c-1', 'c-3'], channel: 'sms', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'channel' } } });
    expect(await c.call('roster', 'logFollowUp', { customerIds: [], channel: 'sms', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'customerIds' } } });
    expect(await c.call('roster', 'logFollowUp', { customerIds: ['c-1'], channel: 'fax', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'channel' } } });
    expect(await c.call('roster', 'logFollowUp', { customerIds: ['c-1'], channel: 'sms', outcome: 'meh' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'outcome' } } });
    expect(await c.call('roster', 'logFollowUp', { customerIds: ['c-1', 'ghost'], channel: 'sms', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'customerIds' } } });
    expect(await c.call('roster', 'logFollowUp', { customerIds: ['c-4'], channel: 'sms', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'forbidden', details: { field: 'customerIds' } } });
    expect(count('interactions')).toBe(before);
  });
});
