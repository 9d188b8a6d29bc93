import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDayClock } from '../../clock';
import { createCore, type Core } from '../../core';
import { deskClient } from '../../testing/client';
import { addCustomer, addSurvey, addVisit, createTestStore } from '../../testing/fixture';

/** The customer view's writes (area `notes`) and Customer 360 (customers.get), against a real core and SQLite file. */
describe('notes: preferences, suggestions, follow-ups, surveys, complaints', () => {
  let core: Core;
  let desk: ReturnType<typeof deskClient>;
  const sql = () => core.context.database.sqlite;
  const count = (table: string) => sql().prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const snapshot = () => ({ audit: count('audit_log'), outbox: count('outbox'), prefs: count('preferences'), inter: count('interactions'), tasks: count('tasks'), surveys: count('surveys'), complaints: count('complaints') });
  const lastOutbox = () => sql().prepare('SELECT name, args FROM outbox ORDER BY mutation_id DESC LIMIT 1').get() as { name: string; args: string };
  const get = async (id = 'c-1') => {
    const r = await desk.call('customers', 'get', { id });
    expect(r.ok).toBe(true);
    return r.value;
  };

  beforeAll(async () => {
    const fixture = await createTestStore();
    await addCustomer(fixture.opened, { id: 'c-1', name: '王伟', phone: '13812345678', plates: ['粤A12345'], tier: 'silver', memberSince: '2024-05-01', deliveryDate: '2024-05-01' });
    await addCustomer(fixture.opened, { id: 'c-2', name: '张敏', phone: '13900001111', plates: ['粤B54321'], deliveryDate: '2025-01-10' });
    await addVisit(fixture.opened, { id: 'v-1', customerId: 'c-1', date: '2026-05-15', amountFen: 200_000, mileageKm: 21_000 });
    await addVisit(fixture.opened, { id: 'v-2', customerId: 'c-1', date: '2026-08-01', amountFen: 50_000, mileageKm: 24_000 });
    await addVisit(fixture.opened, { id: 'v-3', customerId: 'c-2', date: '2026-01-10', amountFen: 80_000 });
    await addSurvey(fixture.opened, { id: 's-1', customerId: 'c-1', date: '2026-08-05', score: 9 });
    await fixture.opened.close();
    core = createCore({ dbFile: fixture.file, clock: fixedDayClock('2026-11-24'), autoPlan: false });
    desk = deskClient(core);
    await desk.signIn('adv-1');
  });
  afterAll(async () => {
    desk.close();
    await core.close();
  });

  it('opens Customer 360: tier path and benefits, risk with reasons, every visit, open work, consent', async () => {
    const c = await get();
    expect(c.today).toBe('2026-11-24');
    expect(c.visits.map((v: { id: string }) => v.id)).toEqual(['v-2', 'v-1']);
    expect(c.tierStatus).toMatchObject({ tier: 'silver', spendFen: 250_000, visits: 2, path: { next: 'gold', spendFenMissing: 550_000, visitsMissing: 4 }, bookingDaysAhead: 3, pointsMultiplier: 1.2 });
    expect(c.tierStatus.benefits).toEqual(['basic_service', 'birthday_greeting', 'quarterly_offer']);
    expect(c.tierStatus.nextBenefits).toEqual(['dedicated_advisor', 'loaner_car', 'monthly_event_invite']);
    // 115 days since the last purchase (2026-08-01): yellow, with the reason.
    expect(c.risk).toEqual({ flag: 'yellow', reasons: [{ code: 'days_since_purchase', days: 115, since: '2026-08-01', basis: 'purchase' }] });
    expect(c.surveys).toEqual([{ id: 's-1', surveyedOn: '2026-08-05', score: 9, comment: null, recordedBy: '李顾问' }]);
    expect(c.consent).toMatchObject({ marketingConsent: true, doNotContact: false, channels: {}, choices: [] });
  });

  it('adds, changes and removes a preference, recording who and when, each audited and queued', async () => {
    const before = snapshot();
    const startedAt = (sql().prepare('SELECT MAX(seq) AS seq FROM audit_log').get() as { seq: number | null }).seq ?? 0;
    const added = await desk.call('notes', 'addPreference', { customerId: 'c-1', category: 'drink', value: '  大杯美式不加糖 ' });
    expect(added.ok).toBe(true);
    const id = added.value.id as string;
    expect(lastOutbox()).toMatchObject({ name: 'preferences.add' });
    expect(JSON.parse(lastOutbox().args)).toEqual({ id, customerId: 'c-1', category: 'drink', value: '大杯美式不加糖' });
    let pref = (await get()).preferences.find((p: { id: string }) => p.id === id);
    expect(pref).toMatchObject({ category: 'drink', value: '大杯美式不加糖', notedBy: '李顾问', updatedBy: '李顾问', suggestionStatus: null });

    const other = deskClient(core);
    await other.signIn('mgr-1');
    expect(await other.call('notes', 'changePreference', { id, category: 'drink', value: '拿铁，少冰' })).toEqual({ ok: true, value: { id } });
    pref = (await get()).preferences.find((p: { id: string }) => p.id === id);
    expect(pref).toMatchObject({ value: '拿铁，少冰', notedBy: '李顾问', updatedBy: '周店长' });

    expect(await desk.call('notes', 'removePreference', { id })).toEqual({ ok: true, value: { id } });
    expect((await get()).preferences.find((p: { id: string }) => p.id === id)).toBeUndefined();
    expect(sql().prepare('SELECT deleted_at IS NOT NULL AS gone, updated_by FROM preferences WHERE id = ?').get(id)).toEqual({ gone: 1, updated_by: 'adv-1' });
    const audit = sql().prepare("SELECT action, staff_id FROM audit_log WHERE entity = 'preference' AND entity_id = ? ORDER BY seq").all(id);
    expect(audit).toEqual([{ action: 'create', staff_id: 'adv-1' }, { action: 'update', staff_id: 'mgr-1' }, { action: 'delete', staff_id: 'adv-1' }]);
    // Three writes and a sign-in; the three reloads of the customer view are at most one view per person (view-audit.ts).
    const views = sql().prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'view' AND entity_id = 'c-1' AND seq > ?").get(startedAt) as { n: number };
    expect(views.n).toBeLessThanOrEqual(1);
    expect(snapshot()).toMatchObject({ prefs: before.prefs + 1, audit: before.audit + 3 + 1 /* sign-in */ + views.n, outbox: before.outbox + 3 });
    other.close();
  });

  it('refuses bad preference input naming the field, and unknown or removed preferences', async () => {
    const before = snapshot();
    const cases: [string, unknown, string][] = [
      ['addPreference', { customerId: 'c-1', category: 'drink', value: '   ' }, 'value'],
      ['addPreference', { customerId: 'c-1', category: 'drink', value: 'x'.repeat(201) }, 'value'],
      ['addPreference', { customerId: 'c-1', category: 'food', value: '面' }, 'category'],
      ['addPreference', { category: 'drink', value: '茶' }, 'customerId'],
      ['changePreference', { id: 'x', category: 'drink' }, 'value'],
    ];
    for (const [verb, args, field] of cases) expect(await desk.call('notes', verb, args)).toMatchObject({ ok: false, error: { code: 'validation', details: { field } } });
    expect(await desk.call('notes', 'addPreference', { customerId: 'nobody', category: 'drink', value: '茶' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'customerId' } } });
    expect(await desk.call('notes', 'changePreference', { id: 'nope', category: 'drink', value: '茶' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'id' } } });
    const removed = (await desk.call('notes', 'addPreference', { customerId: 'c-1', category: 'hobby', value: '钓鱼' })).value.id;
    await desk.call('notes', 'removePreference', { id: removed });
    expect(await desk.call('notes', 'removePreference', { id: removed })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(snapshot().prefs).toBe(before.prefs + 1);
  });

  it('refuses every write without a signed-in staff member', async () => {
    const anonymous = deskClient(core);
    const before = snapshot();
    expect(await anonymous.call('notes', 'addPreference', { customerId: 'c-1', category: 'drink', value: '茶' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await anonymous.call('notes', 'logFollowUp', { customerId: 'c-1', channel: 'visit', outcome: 'reached' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await anonymous.call('consent', 'setChannel', { customerId: 'c-1', channel: 'sms', choice: 'refuse' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(snapshot()).toEqual(before);
    anonymous.close();
  });

  it('adopts a suggestion once, creating the thank-you task the planner leaves alone', async () => {
    const { id } = (await desk.call('notes', 'addPreference', { customerId: 'c-1', category: 'suggestion', value: '休息区加充电线' })).value;
    expect((await get()).preferences.find((p: { id: string }) => p.id === id).suggestionStatus).toBe('open');
    const adopted = await desk.call('notes', 'adoptSuggestion', { id });
    expect(adopted.ok).toBe(true);
    const task = sql().prepare('SELECT rule, kind, occurrence, status, due_date, advisor_id, reason FROM tasks WHERE id = ?').get(adopted.value.taskId);
    expect(task).toEqual({ rule: 'suggestion_thanks', kind: 'thanks', occurrence: id, status: 'open', due_date: '2026-11-24', advisor_id: 'adv-1', reason: JSON.stringify({ code: 'suggestion_adopted', preferenceId: id, suggestion: '休息区加充电线' }) });
    expect(await desk.call('notes', 'adoptSuggestion', { id })).toMatchObject({ ok: false, error: { code: 'conflict', details: { field: 'id' } } });
    const drink = (await desk.call('notes', 'addPreference', { customerId: 'c-1', category: 'drink', value: '绿茶' })).value.id;
    expect(await desk.call('notes', 'adoptSuggestion', { id: drink })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'id' } } });
    // The planner plans the customer again and keeps the task open.
    core.context.planner.touch(['c-1']);
    expect(sql().prepare('SELECT status FROM tasks WHERE id = ?').pluck().get(adopted.value.taskId)).toBe('open');
    const c = await get();
    expect(c.preferences.find((p: { id: string }) => p.id === id).suggestionStatus).toBe('adopted');
    expect(c.tasks.find((t: { id: string }) => t.id === adopted.value.taskId)).toMatchObject({ rule: 'suggestion_thanks', reason: { code: 'suggestion_adopted' }, channels: { allowed: ['call', 'sms', 'wechat', 'visit'], refused: [], blocked: null, inPerson: false, asNotice: false } });
  });

  it('declines an open suggestion once, without a task', async () => {
    const { id } = (await desk.call('notes', 'addPreference', { customerId: 'c-1', category: 'suggestion', value: '周末延长营业' })).value;
    const tasks = count('tasks');
    expect(await desk.call('notes', 'declineSuggestion', { id })).toEqual({ ok: true, value: { id } });
    expect(count('tasks')).toBe(tasks);
    expect((await get()).preferences.find((p: { id: string }) => p.id === id).suggestionStatus).toBe('declined');
    expect(await desk.call('notes', 'declineSuggestion', { id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await desk.call('notes', 'adoptSuggestion', { id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await desk.call('notes', 'declineSuggestion', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'id' } } });
    expect(lastOutbox().name).toBe('suggestions.decline');
    // Its answer stays: it cannot leave the category (out and back, it came back open, the decline lost).
    expect(await desk.call('notes', 'changePreference', { id, category: 'other', value: '周末延长营业' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'category', rule: 'closed_suggestion' } } });
    expect(await desk.call('notes', 'changePreference', { id, category: 'suggestion', value: '周末延长营业到八点' })).toMatchObject({ ok: true });
    expect((await get()).preferences.find((p: { id: string }) => p.id === id).suggestionStatus).toBe('declined');
  });

  it('logs a follow-up; a next date creates a follow-up task the planner keeps', async () => {
    const r = await desk.call('notes', 'logFollowUp', { customerId: 'c-1', channel: 'call', outcome: 'booked', note: '周六来做保养', nextStep: '周五电话确认', nextDate: '2026-11-27' });
    expect(r.ok).toBe(true);
    expect(sql().prepare('SELECT channel, purpose, outcome, note, next_step, next_date, staff_id FROM interactions WHERE id = ?').get(r.value.id)).toEqual({
      channel: 'call', purpose: 'care', outcome: 'booked', note: '周六来做保养', next_step: '周五电话确认', next_date: '2026-11-27', staff_id: 'adv-1',
    });
    expect(sql().prepare('SELECT rule, kind, channel, due_date, occurrence, status FROM tasks WHERE id = ?').get(r.value.taskId)).toEqual({
      rule: 'manual_follow_up', kind: 'call', channel: 'call', due_date: '2026-11-27', occurrence: r.value.id, status: 'open',
    });
    expect(lastOutbox().name).toBe('followUps.log');
    expect(JSON.parse(lastOutbox().args)).toMatchObject({ id: r.value.id, taskId: r.value.taskId, nextDate: '2026-11-27' });
    core.context.planner.touch(['c-1']);
    expect(sql().prepare('SELECT status FROM tasks WHERE id = ?').pluck().get(r.value.taskId)).toBe('open');

    const quick = await desk.call('notes', 'logFollowUp', { customerId: 'c-1', channel: 'visit', outcome: 'reached' });
    expect(quick).toMatchObject({ ok: true, value: { taskId: null } });
    const c = await get();
    expect(c.followUps[0]).toMatchObject({ id: quick.value.id, channel: 'visit', purpose: 'care', outcome: 'reached', staffName: '李顾问', note: null });
    expect(c.followUps[1]).toMatchObject({ channel: 'call', nextStep: '周五电话确认', nextDate: '2026-11-27' });
  });

  it('refuses bad follow-ups naming the field, writing nothing', async () => {
    const before = snapshot();
    const cases: [unknown, string, string][] = [
      [{ customerId: 'c-1', channel: 'fax', outcome: 'reached' }, 'channel', 'validation'],
      [{ customerId: 'c-1', channel: 'call', outcome: 'great' }, 'outcome', 'validation'],
      [{ customerId: 'c-1', channel: 'call', outcome: 'reached', nextDate: '2026-02-30' }, 'nextDate', 'validation'],
      [{ customerId: 'c-1', channel: 'call', outcome: 'reached', nextDate: '2026-11-23' }, 'nextDate', 'validation'],
      [{ customerId: 'c-1', channel: 'call', outcome: 'reached', nextDate: '2062-11-27' }, 'nextDate', 'validation'], // a typo for 2026: no Today would show it
      [{ customerId: 'c-1', channel: 'call', outcome: 'reached', note: 'x'.repeat(501) }, 'note', 'validation'],
      [{ customerId: 'c-1', channel: 'call', purpose: 'spam', outcome: 'reached' }, 'purpose', 'validation'],
      [{ customerId: 'ghost', channel: 'call', outcome: 'reached' }, 'customerId', 'not_found'],
    ];
    for (const [args, field, code] of cases) expect(await desk.call('notes', 'logFollowUp', args)).toMatchObject({ ok: false, error: { code, details: { field } } });
    expect(snapshot()).toEqual(before);
  });

  it('records a survey score 0-10 and re-plans: a low score turns the radar red', async () => {
    for (const score of [-1, 11, 7.5, '8']) {
      expect(await desk.call('notes', 'recordSurvey', { customerId: 'c-2', score })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'score' } } });
    }
    expect(await desk.call('notes', 'recordSurvey', { customerId: 'c-2', score: 8, surveyedOn: '2026-11-25' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'surveyedOn' } } });
    const r = await desk.call('notes', 'recordSurvey', { customerId: 'c-2', score: 3, comment: '等待时间太长' });
    expect(r.ok).toBe(true);
    expect(sql().prepare('SELECT score, comment, surveyed_on, recorded_by FROM surveys WHERE id = ?').get(r.value.id)).toEqual({ score: 3, comment: '等待时间太长', surveyed_on: '2026-11-24', recorded_by: 'adv-1' });
    const c = await get('c-2');
    expect(c.risk.flag).toBe('red');
    expect(c.risk.reasons).toContainEqual({ code: 'satisfaction', score: 30, surveyedOn: '2026-11-24' });
    // Red: the advisor's recovery visit, due today, in the same transaction; a score not red, or one behind a newer survey, asks none.
    const visit = () => sql().prepare("SELECT advisor_id, kind, due_date, status, reason FROM tasks WHERE rule = 'low_score_visit' AND occurrence = ?");
    expect(visit().get(r.value.id)).toEqual({ advisor_id: 'adv-1', kind: 'visit', due_date: '2026-11-24', status: 'open', reason: JSON.stringify({ code: 'low_satisfaction', surveyId: r.value.id, score: 30, surveyedOn: '2026-11-24' }) });
    expect(r.value.taskId).toBe((sql().prepare("SELECT id FROM tasks WHERE rule = 'low_score_visit' AND occurrence = ?").pluck().get(r.value.id)));
    expect(await desk.call('notes', 'recordSurvey', { customerId: 'c-1', score: 5 })).toMatchObject({ ok: true, value: { taskId: null } });
    expect(await desk.call('notes', 'recordSurvey', { customerId: 'c-1', score: 1, surveyedOn: '2026-06-01' })).toMatchObject({ ok: true, value: { taskId: null } });
    expect(sql().prepare("SELECT count(*) FROM tasks WHERE rule = 'low_score_visit' AND customer_id = 'c-1'").pluck().get()).toBe(0);
  });

  it('opens and resolves a complaint once, with dates checked', async () => {
    expect(await desk.call('notes', 'openComplaint', { customerId: 'c-2', summary: '' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'summary' } } });
    expect(await desk.call('notes', 'openComplaint', { customerId: 'c-2', summary: '洗车没洗干净', openedOn: '2026-12-01' })).toMatchObject({ ok: false, error: { details: { field: 'openedOn' } } });
    // The advisor's recovery visit, due today (the day it was recorded), with the complaint as its reason.
    const first = await desk.call('notes', 'openComplaint', { customerId: 'c-1', summary: '等候区太吵', openedOn: '2026-11-20' });
    expect(sql().prepare('SELECT rule, occurrence, advisor_id, kind, due_date, status, reason FROM tasks WHERE id = ?').get(first.value.taskId)).toEqual({
      rule: 'complaint_visit', occurrence: first.value.id, advisor_id: 'adv-1', kind: 'visit', due_date: '2026-11-24', status: 'open',
      reason: JSON.stringify({ code: 'complaint_opened', complaintId: first.value.id, summary: '等候区太吵', openedOn: '2026-11-20' }),
    });
    // c-2 has a recovery visit open already (their low score's): it answers the complaint too.
    const openVisit = sql()
      .prepare("SELECT id FROM tasks WHERE customer_id = 'c-2' AND rule = 'low_score_visit' AND status = 'open'")
      .pluck()
      .get();
    const opened = await desk.call('notes', 'openComplaint', { customerId: 'c-2', summary: '洗车没洗干净', openedOn: '2026-11-20' });
    expect(opened).toMatchObject({ ok: true, value: { taskId: openVisit } });
    expect(sql().prepare("SELECT count(*) FROM tasks WHERE customer_id = 'c-2' AND rule = 'complaint_visit'").pluck().get()).toBe(0);
    // An open win-back plan does not answer it: the planner voids that plan once the customer's visit arrives
    // (often just after the complaint), and the complaint would be left without a visit.
    sql().prepare("UPDATE tasks SET status = 'done' WHERE id = ?").run(first.value.taskId);
    sql().prepare("INSERT INTO tasks (id, store_id, customer_id, advisor_id, rule, occurrence, kind, due_date, reason, created_at, updated_at) VALUES ('t-winback', 'store-1', 'c-1', 'adv-1', 'winback_plan', 'x', 'visit', '2026-11-01', '{}', 'x', 'x')").run();
    const again = await desk.call('notes', 'openComplaint', { customerId: 'c-1', summary: '又等了很久' });
    expect(again).toMatchObject({ ok: true });
    expect(sql().prepare('SELECT rule, status FROM tasks WHERE id = ?').get(again.value.taskId)).toEqual({ rule: 'complaint_visit', status: 'open' });
    expect(sql().prepare("SELECT count(*) FROM tasks WHERE customer_id = 'c-1' AND rule = 'complaint_visit'").pluck().get()).toBe(2);
    let c = await get('c-2');
    expect(c.complaints[0]).toMatchObject({ summary: '洗车没洗干净', openedOn: '2026-11-20', resolvedOn: null, recordedBy: '李顾问' });
    expect(c.risk.reasons).toContainEqual({ code: 'complaint_open', openedOn: '2026-11-20' });

    const id = opened.value.id;
    expect(await desk.call('notes', 'resolveComplaint', { id, resolution: '重新洗车并致歉', resolvedOn: '2026-11-19' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'resolvedOn' } } });
    expect(await desk.call('notes', 'resolveComplaint', { id: 'nope', resolution: '已处理' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'id' } } });
    expect(await desk.call('notes', 'resolveComplaint', { id, resolution: '重新洗车并致歉' })).toEqual({ ok: true, value: { id } });
    expect(await desk.call('notes', 'resolveComplaint', { id, resolution: '再次' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    c = await get('c-2');
    expect(c.complaints[0]).toMatchObject({ resolvedOn: '2026-11-24', resolution: '重新洗车并致歉' });
    expect(c.risk.reasons).toContainEqual({ code: 'complaint_recent', openedOn: '2026-11-20', resolvedOn: '2026-11-24' });
  });
});
