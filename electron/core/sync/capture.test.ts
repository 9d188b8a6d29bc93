import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowOpSchema, type RowOp } from '../../../shared/sync/protocol';
import { SYNCED_TABLES } from '../../../shared/sync/tables';
import { fixedDayClock } from '../clock';
import { createCore, type Core } from '../core';
import { applyRowOp, tableColumns } from '../repos/sync-apply';
import { deskClient } from '../testing/client';
import { addCustomer, addVisit, createTestStore, tempDbFile } from '../testing/fixture';

/**
 * Outbox capture (migration 0008): every person's write records the row operations it made to synced
 * tables, in the same transaction. Round trip over the real handlers: the ops of each call, applied to a
 * copy of the database taken just before it, give exactly the synced rows the call left.
 */
describe('outbox capture: the row operations of every mutate() call site reproduce its write', () => {
  let core: Core;
  let desk: ReturnType<typeof deskClient>;
  const tmp = tempDbFile();
  let snapshots = 0;
  const sql = () => core.context.database.sqlite;
  const dump = (db: BetterSqlite3.Database) =>
    Object.fromEntries(SYNCED_TABLES.map((t) => [t.table, db.prepare(`SELECT * FROM ${t.table} ORDER BY ${t.pk.join(', ')}`).all()]));

  beforeAll(async () => {
    const f = await createTestStore();
    const o = f.opened;
    await addCustomer(o, { id: 'c-1', name: '王伟', phone: '13812345678', plates: ['粤A12345'], tier: 'gold', memberSince: '2024-05-01' });
    await addCustomer(o, { id: 'c-2', name: '张敏', phone: '13900001111', plates: ['粤B54321'] });
    await addVisit(o, { id: 'v-1', customerId: 'c-1', date: '2026-11-01', amountFen: 300_000 });
    const at = '2026-11-01T00:00:00.000Z';
    // A second active advisor, whom a task is reassigned to.
    o.sqlite.prepare("INSERT INTO staff (id, store_id, name, role, phone, active, created_at, updated_at, deleted_at) VALUES ('adv-9', 'store-1', '吴顾问', 'advisor', NULL, 1, ?, ?, NULL)").run(at, at);
    o.sqlite
      .prepare(`INSERT INTO referrals (id, store_id, referrer_customer_id, referred_customer_id, referred_name, referred_on, status, created_at, updated_at) VALUES ('r-1', 'store-1', 'c-1', 'c-2', '张敏', '2026-10-01', 'success', ?, ?)`)
      .run(at, at);
    await o.db
      .insertInto('preferences')
      .values([
        { id: 'p-s1', store_id: 'store-1', customer_id: 'c-1', category: 'suggestion', value: '休息区加充电线', suggestion_status: 'open', noted_by: 'adv-1', noted_at: at, updated_by: null, updated_at: at, deleted_at: null },
        { id: 'p-s2', store_id: 'store-1', customer_id: 'c-1', category: 'suggestion', value: '周末延长营业', suggestion_status: 'open', noted_by: 'adv-1', noted_at: at, updated_by: null, updated_at: at, deleted_at: null },
      ])
      .execute();
    const task = (id: string, rule: string) => ({
      id, store_id: 'store-1', customer_id: 'c-1', advisor_id: 'adv-1', rule, occurrence: id, kind: 'call' as const, channel: null, due_date: '2026-11-24', status: 'open' as const,
      reason: '{"code":"no_visit"}', outcome: null, skip_reason: null, snoozed_until: null, completed_at: null, completed_by: null, created_at: at, updated_at: at,
    });
    await o.db.insertInto('tasks').values([task('t-1', 'care_call_90'), task('t-2', 'quarterly_invite'), task('t-3', 'offer_180'), task('t-4', 'winback_plan')]).execute();
    await o.db
      .insertInto('card_reminders')
      .values({ id: 'k-1', store_id: 'store-1', customer_id: 'c-1', advisor_id: 'adv-1', occasion: 'birthday', subject_id: null, occasion_date: '2026-11-30', lunar_label: null, due_date: '2026-11-23', status: 'to_write', skip_reason: null, written_at: null, sent_at: null, updated_by: null, created_at: at, updated_at: at })
      .execute();
    await f.opened.close();
    // The planner's re-plan after a commit is not a person's write (never captured): keep it out of the comparison.
    core = createCore({ dbFile: f.file, clock: fixedDayClock('2026-11-24'), autoPlan: false, planAfterWrites: false, autoSync: false });
    desk = deskClient(core);
  });
  afterAll(async () => {
    desk.close();
    await core.close();
    tmp.cleanup();
  });

  async function roundTrip(area: string, verb: string, args: Record<string, unknown>): Promise<RowOp[]> {
    const copy = `${tmp.dir}/before-${++snapshots}.sqlite`;
    sql().exec(`VACUUM INTO '${copy}'`);
    const outboxBefore = sql().prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    const r = await desk.call(area, verb, args);
    expect(r.error, `${area}.${verb}`).toBeUndefined();
    expect(sql().prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(outboxBefore + 1);
    const ops = JSON.parse(sql().prepare('SELECT ops FROM outbox ORDER BY mutation_id DESC LIMIT 1').pluck().get() as string) as RowOp[];
    for (const op of ops) expect(rowOpSchema.safeParse(op).success).toBe(true);
    const before = new BetterSqlite3(copy);
    before.pragma('foreign_keys = ON');
    before.transaction(() => {
      for (const op of ops) applyRowOp(before, op);
    })();
    expect(dump(before), `${area}.${verb} replayed`).toEqual(dump(sql()));
    before.close();
    expect(sql().prepare('SELECT count(*) FROM sync_capture').pluck().get()).toBe(0);
    expect(sql().prepare('SELECT count(*) FROM sync_capture_switch').pluck().get()).toBe(0);
    return ops;
  }

  it('captures every column of every synced table, on insert, update and delete', () => {
    for (const t of SYNCED_TABLES) {
      for (const op of ['insert', 'update', 'delete']) {
        const body = sql().prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").pluck().get(`sync_capture_${t.table}_${op}`) as string | undefined;
        expect(body, `${t.table} ${op} trigger`).toBeDefined();
        for (const col of tableColumns(sql(), t.table)) {
          if (op !== 'delete') expect(body, `${t.table}.${col}`).toContain(`'${col}', NEW.${col}`);
          if (op !== 'insert') expect(body, `${t.table}.${col}`).toContain(`'${col}', OLD.${col}`);
        }
      }
    }
  });

  it('notes: preferences, suggestions, follow-ups with a next date, surveys, complaints', async () => {
    await desk.signIn('adv-1');
    const added = await roundTrip('notes', 'addPreference', { customerId: 'c-1', category: 'drink', value: '大杯美式' });
    expect(added).toEqual([expect.objectContaining({ op: 'insert', table: 'preferences' })]);
    const prefId = added[0]!.pk;
    const changed = await roundTrip('notes', 'changePreference', { id: prefId, category: 'drink', value: '拿铁' });
    expect(changed).toEqual([expect.objectContaining({ op: 'update', table: 'preferences', pk: prefId, fields: expect.objectContaining({ value: '拿铁' }), base: expect.objectContaining({ value: '大杯美式' }) })]);
    await roundTrip('notes', 'removePreference', { id: prefId });
    const adopted = await roundTrip('notes', 'adoptSuggestion', { id: 'p-s1' });
    expect(adopted.map((o) => `${o.op} ${o.table}`).sort()).toEqual(['insert tasks', 'update preferences']);
    await roundTrip('notes', 'declineSuggestion', { id: 'p-s2' });
    const follow = await roundTrip('notes', 'logFollowUp', { customerId: 'c-1', channel: 'call', outcome: 'reached', note: '约了周六保养', nextDate: '2026-12-01' });
    expect(follow.map((o) => `${o.op} ${o.table}`).sort()).toEqual(['insert interactions', 'insert tasks']);
    await roundTrip('notes', 'recordSurvey', { customerId: 'c-1', score: 9 });
    const complaint = await roundTrip('notes', 'openComplaint', { customerId: 'c-2', summary: '等待时间太长' });
    await roundTrip('notes', 'resolveComplaint', { id: complaint[0]!.pk, resolution: '致歉并赠送洗车' });
  });

  it('consent (general, a channel refused, a channel back to default = a delete), tasks, cards', async () => {
    await desk.signIn('adv-1');
    await roundTrip('consent', 'setGeneral', { customerId: 'c-2', marketingConsent: true, doNotContact: false });
    await roundTrip('consent', 'setChannel', { customerId: 'c-1', channel: 'sms', choice: 'refuse' });
    const back = await roundTrip('consent', 'setChannel', { customerId: 'c-1', channel: 'sms', choice: 'default' });
    expect(back).toContainEqual(expect.objectContaining({ op: 'delete', table: 'customer_channel_consents', pk: 'c-1:sms', row: expect.objectContaining({ allowed: 0 }) }));
    const done = await roundTrip('tasks', 'complete', { taskId: 't-1', channel: 'call', outcome: 'reached' });
    expect(done.map((o) => `${o.op} ${o.table}`).sort()).toEqual(['insert interactions', 'update tasks']);
    await roundTrip('tasks', 'snooze', { taskId: 't-2', until: '2026-11-27' });
    await roundTrip('tasks', 'skip', { taskId: 't-3', reason: 'not_relevant' });
    await roundTrip('cards', 'setStatus', { id: 'k-1', status: 'written' });
    await desk.signIn('mgr-1');
    await roundTrip('tasks', 'reassign', { taskId: 't-4', advisorId: 'adv-9' });
  });

  it('points (earn on a visit and for an activity, redeem, transfer), appointments (book, arrive, cancel), roster batch follow-up', async () => {
    await desk.signIn('adv-1');
    await roundTrip('points', 'earnVisit', { customerId: 'c-1', visitId: 'v-1' });
    await roundTrip('points', 'earnReferral', { customerId: 'c-1', referralId: 'r-1' });
    const activity = await roundTrip('points', 'earnActivity', { customerId: 'c-1', activity: 'survey_completed' });
    expect(activity.map((o) => `${o.op} ${o.table}`)).toEqual(['insert points_ledger']);
    await roundTrip('points', 'redeem', { customerId: 'c-1', points: 100, forWhat: '洗车' });
    // Not on file as family: the relation named, the family link written with the ledger rows.
    const transfer = await roundTrip('points', 'transfer', { customerId: 'c-1', toCustomerId: 'c-2', points: 50, relation: 'spouse' });
    expect(transfer.map((o) => `${o.op} ${o.table}`)).toEqual(['insert points_ledger', 'insert points_ledger', 'insert family_members']);
    const booked = await roundTrip('appointments', 'book', { customerId: 'c-1', date: '2026-11-24', time: '10:00' });
    await roundTrip('appointments', 'arrive', { id: booked[0]!.pk });
    const other = await roundTrip('appointments', 'book', { customerId: 'c-2', date: '2026-11-27', time: '11:00' });
    await roundTrip('appointments', 'cancel', { id: other[0]!.pk });
    const batch = await roundTrip('roster', 'logFollowUp', { customerIds: ['c-1', 'c-2'], channel: 'wechat', outcome: 'reached' });
    expect(batch.map((o) => `${o.op} ${o.table}`)).toEqual(['insert interactions', 'insert interactions']);
  });

  it('a refused write captures nothing, and writes outside mutate() (planner, sync) are never captured', async () => {
    const n = sql().prepare('SELECT count(*) FROM outbox').pluck().get();
    const r = await desk.call('points', 'redeem', { customerId: 'c-2', points: 1_000_000, forWhat: '洗车' });
    expect(r.ok).toBe(false);
    sql().prepare("UPDATE tasks SET due_date = '2026-12-31' WHERE id = 't-2'").run();
    expect(sql().prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(n);
    expect(sql().prepare('SELECT count(*) FROM sync_capture').pluck().get()).toBe(0);
  });
});
