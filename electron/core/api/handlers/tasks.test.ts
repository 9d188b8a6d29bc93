import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TodayView } from '../../../../shared/domain/today';
import type { Clock } from '../../clock';
import { createCore, type Core } from '../../core';
import { deskClient } from '../../testing/client';
import { addCustomer, addVisit, createTestStore } from '../../testing/fixture';
import { signedInDesk } from '../../testing/client';
import { runPlanner } from '../../planner/run';
import { DEFAULT_RULES } from '../../../../shared/domain/rules/config';

/** Today's tasks and the task actions, against a real core on a real SQLite file. */
describe('Today and task actions', () => {
  let core: Core;
  let day = '2026-11-24';
  const clock: Clock = { now: () => new Date(), today: () => day };
  const sql = () => core.context.database.sqlite;
  const count = (table: string, where = '1') => sql().prepare(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get() as number;
  const task = (id: string) => sql().prepare('SELECT status, outcome, skip_reason, snoozed_until, advisor_id, completed_by FROM tasks WHERE id = ?').get(id) as Record<string, unknown>;

  beforeAll(async () => {
    const f = await createTestStore();
    const o = f.opened;
    const at = '2026-01-01T00:00:00.000Z';
    await o.db.insertInto('staff').values({ id: 'adv-3', store_id: 'store-1', name: '张顾问', role: 'advisor', phone: null, active: 1, created_at: at, updated_at: at, deleted_at: null }).execute();
    await addCustomer(o, { id: 'c-1', name: '王伟', phone: '13812345678', plates: ['粤A12345'], tier: 'gold' });
    await addCustomer(o, { id: 'c-2', name: '李娜', phone: '13900001111', plates: ['粤B22222'] });
    await addCustomer(o, { id: 'c-3', name: '赵强', phone: '13700002222', plates: ['粤C33333'] });
    await addCustomer(o, { id: 'c-4', name: '孙丽', phone: '13600003333', plates: ['粤D44444'], advisorId: 'adv-3' });
    // c-2 never agreed to marketing; c-3 refused calls but allows WeChat.
    await o.db.updateTable('customers').set({ marketing_consent: 0 }).where('id', '=', 'c-2').execute();
    await o.db.insertInto('customer_channel_consents').values({ customer_id: 'c-3', channel: 'call', allowed: 0, recorded_by: 'adv-1', recorded_at: at }).execute();
    await o.db
      .insertInto('preferences')
      .values([
        { id: 'p-1', store_id: 'store-1', customer_id: 'c-1', category: 'contact_time', value: '工作日晚上7点后', suggestion_status: null, noted_by: 'adv-1', noted_at: at, updated_by: null, updated_at: at, deleted_at: null },
        { id: 'p-2', store_id: 'store-1', customer_id: 'c-1', category: 'contact_channel', value: '微信', suggestion_status: null, noted_by: 'adv-1', noted_at: at, updated_by: null, updated_at: at, deleted_at: null },
      ])
      .execute();
    const t = (id: string, customer: string, rule: string, kind: string, due: string, advisor = 'adv-1') => ({
      id, store_id: 'store-1', customer_id: customer, advisor_id: advisor, rule, occurrence: id, kind, channel: null, due_date: due, status: 'open' as const,
      reason: JSON.stringify({ code: 'no_visit', since: '2026-05-01', quietDays: 90 }), outcome: null, skip_reason: null, snoozed_until: null,
      completed_at: null, completed_by: null, created_at: at, updated_at: at,
    });
    await o.db
      .insertInto('tasks')
      .values([
        t('t-overdue', 'c-1', 'care_call_90', 'call', '2026-11-20'),
        t('t-today', 'c-1', 'quarterly_invite', 'invite', '2026-11-24'),
        t('t-week', 'c-3', 'care_call_90', 'call', '2026-11-28'),
        t('t-later', 'c-1', 'offer_180', 'offer', '2026-12-20'),
        t('t-noconsent', 'c-2', 'care_call_90', 'call', '2026-11-24'),
        t('t-service', 'c-2', 'first_service_survey', 'survey', '2026-11-24'),
        t('t-other', 'c-4', 'care_call_90', 'call', '2026-11-24', 'adv-3'),
        t('t-skip', 'c-1', 'winback_plan', 'visit', '2026-11-22'),
        t('t-snooze', 'c-3', 'quarterly_invite', 'invite', '2026-11-23'),
        t('t-move', 'c-3', 'offer_180', 'offer', '2026-11-25'),
      ])
      .execute();
    await f.opened.close();
    core = createCore({ dbFile: f.file, clock, autoPlan: false });
  });
  afterAll(async () => {
    await core.close();
  });

  async function todayOf(staffId: string, args: object = {}): Promise<TodayView> {
    const c = deskClient(core);
    await c.signIn(staffId);
    const r = await c.call('today', 'get', args);
    expect(r.ok).toBe(true);
    return r.value as TodayView;
  }

  it('lists my open work of the week: overdue first (the most recently due first), then today, then this week, with reason, contact preferences and allowed channels', async () => {
    const v = await todayOf('adv-1');
    expect(v.today).toBe('2026-11-24');
    expect(v.weekEnd).toBe('2026-11-30');
    const ids = v.tasks.map((t) => t.id);
    expect(ids).toEqual(['t-snooze', 't-skip', 't-overdue', 't-noconsent', 't-service', 't-today', 't-move', 't-week']);
    expect(v.tasks.map((t) => t.bucket)).toEqual(['overdue', 'overdue', 'overdue', 'today', 'today', 'today', 'week', 'week']);
    const first = v.tasks.find((t) => t.id === 't-overdue')!;
    expect(first.customer).toEqual({ id: 'c-1', name: '王伟', tier: 'gold', plate: '粤A12345' });
    expect(first.reason).toEqual({ code: 'no_visit', since: '2026-05-01', quietDays: 90 });
    expect(first.contact).toEqual({ channel: ['微信'], time: ['工作日晚上7点后'], doNotDisturb: [] });
    expect(first.allowed).toEqual(['call']);
  });

  it('keeps what slipped most recently when it lists only some overdue tasks, and counts them all', async () => {
    const v = await todayOf('adv-1', { limit: 2 });
    expect(v.tasks.filter((t) => t.bucket === 'overdue').map((t) => t.dueDate)).toEqual(['2026-11-23', '2026-11-22']);
    expect(v.tasks.filter((t) => t.bucket === 'today')).toHaveLength(2);
    expect(v.taskCounts).toEqual({ overdue: 3, today: 3, week: 2 });
  });

  it('offers only the channels the customer allows, and says why when none is left', async () => {
    const v = await todayOf('adv-1');
    const by = (id: string) => v.tasks.find((t) => t.id === id)!;
    expect(by('t-noconsent')).toMatchObject({ allowed: [], blocked: 'no_marketing_consent' });
    expect(by('t-week')).toMatchObject({ allowed: [], blocked: 'channel_opt_out' }); // a call task, calls refused
    expect(by('t-snooze').allowed).toEqual(['sms', 'wechat']); // an invite: calls refused, the rest follow consent
    expect(by('t-service')).toMatchObject({ allowed: ['call', 'sms', 'wechat'], blocked: null }); // a service survey stays allowed
  });

  it("shows another advisor's day only to a manager", async () => {
    const c = deskClient(core);
    await c.signIn('adv-1');
    expect(await c.call('today', 'get', { advisorId: 'adv-3' })).toMatchObject({ ok: false, error: { code: 'forbidden', details: { field: 'advisorId' } } });
    const m = await todayOf('mgr-1', { advisorId: 'adv-3' });
    expect(m.tasks.map((t) => t.id)).toEqual(['t-other']);
    const c2 = deskClient(core);
    await c2.signIn('mgr-1');
    expect(await c2.call('today', 'get', { advisorId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'advisorId' } } });
  });

  it('completes a task with an outcome: the task, the follow-up log, the audit and the outbox in one go', async () => {
    const c = deskClient(core);
    await c.signIn('adv-1');
    const before = { interactions: count('interactions'), audit: count('audit_log'), outbox: count('outbox') };
    const r = await c.call('tasks', 'complete', { taskId: 't-overdue', channel: 'call', outcome: 'booked', note: '周六上午来做保养', interactionId: 'i-1' });
    expect(r).toMatchObject({ ok: true, value: { id: 't-overdue', status: 'done', interactionId: 'i-1' } });
    expect(task('t-overdue')).toMatchObject({ status: 'done', outcome: 'booked', completed_by: 'adv-1' });
    expect(sql().prepare('SELECT customer_id, channel, purpose, outcome, note, task_id, staff_id FROM interactions WHERE id = ?').get('i-1')).toEqual({
      customer_id: 'c-1', channel: 'call', purpose: 'care', outcome: 'booked', note: '周六上午来做保养', task_id: 't-overdue', staff_id: 'adv-1',
    });
    expect({ interactions: count('interactions'), audit: count('audit_log'), outbox: count('outbox') }).toEqual({ interactions: before.interactions + 1, audit: before.audit + 1, outbox: before.outbox + 1 });
    expect(sql().prepare('SELECT name FROM outbox ORDER BY mutation_id DESC LIMIT 1').pluck().get()).toBe('tasks.complete');
    expect(c.events).toContainEqual(expect.objectContaining({ name: 'db:changed', payload: { tables: ['tasks', 'interactions'] } }));
    expect((await todayOf('adv-1')).tasks.map((t) => t.id)).not.toContain('t-overdue');
  });

  it('asks why they stopped coming when a win-back visit reached the customer (the churn-reason survey), and only then', async () => {
    const c = deskClient(core);
    await c.signIn('adv-1');
    const add = sql().prepare(
      "INSERT INTO tasks (id, store_id, customer_id, advisor_id, rule, occurrence, kind, due_date, reason, created_at, updated_at) VALUES (?, 'store-1', 'c-1', 'adv-1', 'winback_plan', ?, 'visit', '2026-11-21', '{}', 'x', 'x')",
    );
    for (const id of ['t-winback', 't-winback-2']) add.run(id, id);
    const before = count('interactions');
    expect(await c.call('tasks', 'complete', { taskId: 't-winback', channel: 'visit', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'churnReason' } } });
    expect(await c.call('tasks', 'complete', { taskId: 't-winback', channel: 'visit', outcome: 'reached', churnReason: 'cheaper' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'churnReason' } } });
    expect(await c.call('tasks', 'complete', { taskId: 't-today', channel: 'call', outcome: 'reached', churnReason: 'price' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'churnReason' } } });
    expect(count('interactions')).toBe(before);
    const r = await c.call('tasks', 'complete', { taskId: 't-winback', channel: 'visit', outcome: 'declined', churnReason: 'other_dealer', interactionId: 'i-churn' });
    expect(r).toMatchObject({ ok: true, value: { status: 'done' } });
    expect(sql().prepare('SELECT channel, outcome, churn_reason FROM interactions WHERE id = ?').get('i-churn')).toEqual({ channel: 'home_visit', outcome: 'declined', churn_reason: 'other_dealer' });
    // The customer's page shows it with the follow-up.
    const view = await c.call('customers', 'get', { id: 'c-1' });
    expect(view.value.followUps.find((f: { id: string }) => f.id === 'i-churn')).toMatchObject({ outcome: 'declined', churnReason: 'other_dealer' });
    // Not reached: nothing to ask.
    expect(await c.call('tasks', 'complete', { taskId: 't-winback-2', channel: 'visit', outcome: 'no_answer' })).toMatchObject({ ok: true });
    // The manager's radar counts what was said over the last 12 months.
    const m = deskClient(core);
    await m.signIn('mgr-1');
    expect((await m.call('radar', 'overview', {})).value.churnReasons).toEqual([{ reason: 'other_dealer', count: 1 }]);
    // Twelve months from the store's midnight (Asia/Shanghai, 16:00 UTC the day before), not from UTC's.
    const log = sql().prepare("INSERT INTO interactions (id, store_id, customer_id, channel, outcome, occurred_at, created_at, churn_reason) VALUES (?, 'store-1', 'c-1', 'home_visit', 'reached', ?, ?, 'price')");
    log.run('i-before', '2025-11-24T15:59:59.999Z', 'x');
    log.run('i-first', '2025-11-24T16:00:00.000Z', 'x');
    expect((await m.call('radar', 'overview', {})).value.churnReasons).toEqual([{ reason: 'other_dealer', count: 1 }, { reason: 'price', count: 1 }]);
  });

  it('refuses to complete on a channel the customer refused, naming channel, and writes nothing', async () => {
    const c = deskClient(core);
    await c.signIn('adv-1');
    const before = { interactions: count('interactions'), outbox: count('outbox') };
    expect(await c.call('tasks', 'complete', { taskId: 't-noconsent', channel: 'call', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'channel' } } });
    expect(await c.call('tasks', 'complete', { taskId: 't-week', channel: 'call', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'channel' } } });
    // A channel the task is not done on at all.
    expect(await c.call('tasks', 'complete', { taskId: 't-today', channel: 'visit', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'channel' } } });
    expect({ interactions: count('interactions'), outbox: count('outbox') }).toEqual(before);
    expect(task('t-noconsent').status).toBe('open');
  });

  it('rejects bad input naming the field, unknown tasks, tasks already done and tasks of another advisor', async () => {
    const c = deskClient(core);
    await c.signIn('adv-1');
    expect(await c.call('tasks', 'complete', { taskId: 't-today', channel: 'pigeon', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'channel' } } });
    expect(await c.call('tasks', 'complete', { taskId: 't-today', channel: 'call', outcome: 'great' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'outcome' } } });
    expect(await c.call('tasks', 'complete', { taskId: 't-today', channel: 'call', outcome: 'reached', note: 'x'.repeat(501) })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'note' } } });
    expect(await c.call('tasks', 'complete', { taskId: 'nope', channel: 'call', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'taskId' } } });
    expect(await c.call('tasks', 'complete', { taskId: 't-overdue', channel: 'call', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'conflict', details: { field: 'taskId' } } });
    expect(await c.call('tasks', 'complete', { taskId: 't-other', channel: 'call', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'forbidden', details: { field: 'taskId' } } });
    expect(await c.call('tasks', 'skip', { taskId: 't-other', reason: 'duplicate' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await c.call('tasks', 'snooze', { taskId: 't-other', until: '2026-11-30' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(task('t-other').status).toBe('open');
  });

  it('snoozes a task to a later date: it leaves Today until that day', async () => {
    const c = deskClient(core);
    await c.signIn('adv-1');
    expect(await c.call('tasks', 'snooze', { taskId: 't-snooze', until: '2026-11-24' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'until' } } });
    expect(await c.call('tasks', 'snooze', { taskId: 't-snooze', until: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'until' } } });
    expect(await c.call('tasks', 'snooze', { taskId: 't-snooze', until: '2027-11-30' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'until' } } });
    expect(await c.call('tasks', 'snooze', { taskId: 't-snooze', until: '2026-11-26' })).toMatchObject({ ok: true, value: { status: 'open', snoozedUntil: '2026-11-26' } });
    expect(task('t-snooze')).toMatchObject({ status: 'open', snoozed_until: '2026-11-26' });
    expect((await todayOf('adv-1')).tasks.map((t) => t.id)).not.toContain('t-snooze');
    day = '2026-11-26';
    try {
      const back = (await todayOf('adv-1')).tasks.find((t) => t.id === 't-snooze');
      expect(back).toMatchObject({ bucket: 'overdue' });
    } finally {
      day = '2026-11-24';
    }
  });

  it('skips a task with a reason', async () => {
    const c = deskClient(core);
    await c.signIn('adv-1');
    expect(await c.call('tasks', 'skip', { taskId: 't-skip', reason: 'bored' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'reason' } } });
    expect(await c.call('tasks', 'skip', { taskId: 't-skip', reason: 'other', note: '   ' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'note' } } });
    expect(await c.call('tasks', 'skip', { taskId: 't-skip', reason: 'moved_away', note: '已搬去外地' })).toMatchObject({ ok: true, value: { status: 'skipped' } });
    expect(task('t-skip')).toMatchObject({ status: 'skipped', skip_reason: 'moved_away: 已搬去外地', completed_by: 'adv-1' });
    expect(await c.call('tasks', 'skip', { taskId: 't-skip', reason: 'duplicate' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(sql().prepare('SELECT name FROM outbox ORDER BY mutation_id DESC LIMIT 1').pluck().get()).toBe('tasks.skip');
  });

  it('lets a manager, not an advisor, reassign a task to another active advisor', async () => {
    const adv = deskClient(core);
    await adv.signIn('adv-1');
    expect(await adv.call('tasks', 'reassign', { taskId: 't-move', advisorId: 'adv-3' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(task('t-move').advisor_id).toBe('adv-1');
    const m = deskClient(core);
    await m.signIn('mgr-1');
    expect(await m.call('tasks', 'reassign', { taskId: 't-move', advisorId: 'ghost' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'advisorId' } } });
    expect(await m.call('tasks', 'reassign', { taskId: 't-move', advisorId: 'adv-2' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'advisorId' } } });
    expect(await m.call('tasks', 'reassign', { taskId: 't-move', advisorId: 'adv-1' })).toMatchObject({ ok: false, error: { code: 'conflict', details: { field: 'advisorId' } } });
    expect(await m.call('tasks', 'reassign', { taskId: 't-move', advisorId: 'mgr-1' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'advisorId', rule: 'not_an_advisor' } } });
    expect(await m.call('tasks', 'reassign', { taskId: 'nope', advisorId: 'adv-3' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'taskId' } } });
    expect(await m.call('tasks', 'reassign', { taskId: 't-move', advisorId: 'adv-3' })).toMatchObject({ ok: true, value: { advisorId: 'adv-3' } });
    expect(task('t-move').advisor_id).toBe('adv-3');
    expect((await todayOf('adv-3')).tasks.map((t) => t.id)).toContain('t-move');
    expect((await todayOf('adv-1')).tasks.map((t) => t.id)).not.toContain('t-move');
    const audit = sql().prepare("SELECT staff_id, detail FROM audit_log WHERE entity = 'task' AND entity_id = 't-move'").get();
    expect(audit).toEqual({ staff_id: 'mgr-1', detail: JSON.stringify({ from: 'adv-1', to: 'adv-3' }) });
  });

  it('needs a signed-in person', async () => {
    const c = deskClient(core);
    expect(await c.call('today', 'get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await c.call('tasks', 'complete', { taskId: 't-today', channel: 'call', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  // Last: the run plans the store, replacing the tasks the tests above put in by hand.
  it('says while the store is being planned, so an empty list reads "not yet" instead of "nothing to do"', async () => {
    expect((await todayOf('adv-1')).planning).toBe(false);
    const run = core.context.planner.runAll();
    const during = await todayOf('adv-1');
    await run;
    expect(during.planning).toBe(true);
    expect((await todayOf('adv-1')).planning).toBe(false);
  });
});

describe('reassigning a planned task: the move is kept until the customer is reassigned', () => {
  it('moves the task now and keeps it there when the customer is planned again; reassigning the customer moves it on', async () => {
    const f = await createTestStore();
    const at = '2026-01-01T00:00:00.000Z';
    await f.opened.db.insertInto('staff').values({ id: 'adv-3', store_id: 'store-1', name: '张顾问', role: 'advisor', phone: null, active: 1, created_at: at, updated_at: at, deleted_at: null }).execute();
    // Delivered long ago, last visit 200 days ago: the planner wants contact tasks for them.
    await addCustomer(f.opened, { id: 'c-9', name: '周强', phone: '13500009999', plates: ['粤A99999'], deliveryDate: '2023-05-01', memberSince: '2023-05-01' });
    await f.opened.db
      .insertInto('visits')
      .values({ id: 'v-9', store_id: 'store-1', customer_id: 'c-9', vehicle_id: 'c-9-v0', visit_date: '2026-05-08', type: 'maintenance', amount_fen: 50_000, mileage_km: null, advisor_id: 'adv-1', note: null, created_at: at, updated_at: at, deleted_at: null })
      .execute();
    await f.opened.close();
    const core = createCore({ dbFile: f.file, clock: { now: () => new Date(), today: () => '2026-11-24' }, autoPlan: false });
    try {
      core.context.planner.touch(['c-9']);
      const sqlite = core.context.database.sqlite;
      const planned = sqlite.prepare("SELECT id FROM tasks WHERE customer_id = 'c-9' AND status = 'open' AND advisor_id = 'adv-1' ORDER BY id LIMIT 1").pluck().get() as string | undefined;
      expect(planned).toBeDefined();
      const m = deskClient(core);
      await m.signIn('mgr-1');
      expect(await m.call('tasks', 'reassign', { taskId: planned, advisorId: 'adv-3' })).toMatchObject({ ok: true });
      expect(sqlite.prepare('SELECT advisor_id FROM tasks WHERE id = ?').pluck().get(planned)).toBe('adv-3');
      core.context.planner.touch(['c-9']); // e.g. after the customer's next visit or survey, on any desk
      expect(sqlite.prepare('SELECT advisor_id, advisor_pinned FROM tasks WHERE id = ?').get(planned)).toEqual({ advisor_id: 'adv-3', advisor_pinned: 1 });
      // Moving the customer for good moves (and unpins) all their open work.
      expect(await m.call('team', 'reassign', { customerIds: ['c-9'], toAdvisorId: 'adv-3', reason: '顾问调整' })).toMatchObject({ ok: true });
      core.context.planner.touch(['c-9']);
      const open = sqlite.prepare("SELECT DISTINCT advisor_id, advisor_pinned FROM tasks WHERE customer_id = 'c-9' AND status = 'open'").all();
      expect(open).toEqual([{ advisor_id: 'adv-3', advisor_pinned: 0 }]);
    } finally {
      await core.close();
      await f.cleanup().catch(() => {});
    }
  });
});

/** A planned task is snoozed no later than the last day its rule keeps it: the planner would void it that day, unseen. */
describe('snoozing a planned task', () => {
  it('refuses a day after the last one the rule keeps the task, naming it; accepts that day', async () => {
    const f = await createTestStore();
    await addCustomer(f.opened, { id: 'c-q', name: '钱多多', phone: '13800000002', plates: ['粤A22222'], deliveryDate: '2023-03-01', memberSince: '2023-03-01' });
    await addVisit(f.opened, { id: 'v-1', customerId: 'c-q', date: '2026-08-01', amountFen: 80_000 });
    runPlanner(f.opened.sqlite, { today: '2026-11-24', rules: DEFAULT_RULES, now: '2026-11-24T01:00:00.000Z' });
    const care = f.opened.sqlite.prepare("SELECT id FROM tasks WHERE customer_id = 'c-q' AND rule = 'care_call_90' AND status = 'open'").pluck().get() as string;
    await f.opened.close();
    const desk = await signedInDesk(f.file, 'adv-1');
    try {
      // The care call of the quiet spell from 2026-08-01 is wanted until the day before the 180-day offer: 2027-01-27.
      expect(await desk.client.call('tasks', 'snooze', { taskId: care, until: '2027-01-28' })).toMatchObject({
        ok: false, error: { code: 'validation', details: { field: 'until', rule: 'after_task_ends', validUntil: '2027-01-27' } },
      });
      expect(await desk.client.call('tasks', 'snooze', { taskId: care, until: '2027-01-27' })).toMatchObject({ ok: true, value: { snoozedUntil: '2027-01-27' } });
    } finally {
      await desk.close();
      await f.cleanup();
    }
  });
});
