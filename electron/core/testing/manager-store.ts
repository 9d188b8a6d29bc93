import { dayShiftedClock } from '../clock';
import { createCore, type Core } from '../core';
import type { OpenedDatabase } from '../db/open';
import { deskClient } from './client';
import { addCustomer, addSurvey, addVisit, createTestStore, setReferrer } from './fixture';

/**
 * A small store for the store manager's screens (issue 6), today = 2026-11-24 (a Tuesday), with
 * every figure worked out by hand in the tests that use it. Staff: mgr-1 (manager), adv-1,
 * adv-3 (advisors), adv-2 (advisor who left, inactive).
 *
 *   A (adv-1) purchases 2024-12-10 ¥1,000, 2025-01-05 ¥2,000, 2026-10-01 ¥3,600; surveys 2025-01-01: 2, 2026-10-02: 10;
 *             referred E and F; tier normal -> silver 2026-10-05 -> gold 2026-11-02.
 *   B (adv-1) purchases 2026-09-01 ¥500, 2026-11-20 ¥1,500, a free visit 2026-10-15; survey 2026-11-21: 9;
 *             complaint opened 2026-11-01, unresolved; tier normal -> silver 2026-09-03 -> normal 2026-11-10.
 *   C (adv-1) one purchase 2025-06-01 ¥4,000; survey 2026-01-10: 5; win-back task done 2026-11-01.
 *   D (adv-3) one purchase 2026-07-01 ¥800; survey 2026-07-02: 7.
 *   E (adv-3) no visit; delivery 2026-07-15; referred by A.
 *   F (adv-1) no visit, no vehicle; referred by A.
 *   G (no advisor) diamond, no visit, delivery 2024-05-01; H (adv-2, who left) gold.
 *   G and H are added only with `vips: true` (they change every store figure).
 */
export async function managerStore(options: { vips?: boolean } = {}): Promise<{ file: string; opened: OpenedDatabase }> {
  const f = await createTestStore();
  const o = f.opened;
  const at = '2026-01-01T00:00:00.000Z';
  await o.db.insertInto('staff').values({ id: 'adv-3', store_id: 'store-1', name: '张顾问', role: 'advisor', phone: null, active: 1, created_at: at, updated_at: at, deleted_at: null }).execute();
  await addCustomer(o, { id: 'A', name: '王伟', phone: '13800000001', plates: ['粤A00001'] });
  await addCustomer(o, { id: 'B', name: '李娜', phone: '13800000002', plates: ['粤A00002'] });
  await addCustomer(o, { id: 'C', name: '赵强', phone: '13800000003', plates: ['粤A00003'] });
  await addCustomer(o, { id: 'D', name: '孙丽', phone: '13800000004', plates: ['粤A00004'], advisorId: 'adv-3' });
  await addCustomer(o, { id: 'E', name: '周杰', phone: '13800000005', plates: ['粤A00005'], advisorId: 'adv-3', deliveryDate: '2026-07-15' });
  await addCustomer(o, { id: 'F', name: '吴敏', phone: '13800000006' });
  const visits: [string, string, string, number][] = [
    ['a1', 'A', '2024-12-10', 100_000], ['a2', 'A', '2025-01-05', 200_000], ['a3', 'A', '2026-10-01', 360_000],
    ['b1', 'B', '2026-09-01', 50_000], ['b2', 'B', '2026-11-20', 150_000], ['b3', 'B', '2026-10-15', 0],
    ['c1', 'C', '2025-06-01', 400_000],
    ['d1', 'D', '2026-07-01', 80_000],
  ];
  for (const [id, customerId, date, amountFen] of visits) await addVisit(o, { id, customerId, date, amountFen });
  const surveys: [string, string, string, number][] = [['sa0', 'A', '2025-01-01', 2], ['sa', 'A', '2026-10-02', 10], ['sb', 'B', '2026-11-21', 9], ['sc', 'C', '2026-01-10', 5], ['sd', 'D', '2026-07-02', 7]];
  for (const [id, customerId, date, score] of surveys) await addSurvey(o, { id, customerId, date, score });
  await setReferrer(o, 'E', 'A');
  await setReferrer(o, 'F', 'A');
  await o.db
    .insertInto('complaints')
    .values({ id: 'k-b', store_id: 'store-1', customer_id: 'B', opened_on: '2026-11-01', resolved_on: null, summary: '保养等待太久', resolution: null, recorded_by: 'adv-1', created_at: at, updated_at: at, deleted_at: null })
    .execute();
  // Tier movement as the planner writes it (the triggers of migration 0009 record each change).
  const tier = (id: string, t: 'normal' | 'silver' | 'gold', since: string) => o.sqlite.prepare('UPDATE customers SET tier = ?, tier_since = ?, updated_at = ? WHERE id = ?').run(t, since, `${since}T02:00:00.000Z`, id);
  tier('A', 'silver', '2026-10-05');
  tier('A', 'gold', '2026-11-02');
  tier('B', 'silver', '2026-09-03');
  tier('B', 'normal', '2026-11-10');

  const task = (id: string, customer: string, advisor: string, rule: string, due: string, extra: Partial<{ status: 'open' | 'done'; snoozed_until: string; completed_at: string; completed_by: string }> = {}) => ({
    id, store_id: 'store-1', customer_id: customer, advisor_id: advisor, rule, occurrence: id, kind: 'call' as const, channel: null, due_date: due, status: extra.status ?? ('open' as const),
    reason: '{"code":"no_visit"}', outcome: extra.status === 'done' ? 'reached' : null, skip_reason: null, snoozed_until: extra.snoozed_until ?? null,
    completed_at: extra.completed_at ?? null, completed_by: extra.completed_by ?? null, created_at: at, updated_at: at,
  });
  await o.db
    .insertInto('tasks')
    .values([
      task('t1', 'A', 'adv-1', 'care_call_90', '2026-11-20'),
      task('t2', 'B', 'adv-1', 'care_call_90', '2026-11-14'),
      task('t3', 'B', 'adv-1', 'quarterly_invite', '2026-11-26'),
      task('t4', 'A', 'adv-1', 'quarterly_invite', '2026-12-05'),
      // Done Monday 11:00 Beijing; Monday 01:00 Beijing (Sunday 17:00 UTC); Sunday 23:00 Beijing (last week).
      task('t5', 'A', 'adv-1', 'offer_180', '2026-11-23', { status: 'done', completed_at: '2026-11-23T03:00:00.000Z', completed_by: 'adv-1' }),
      task('t6', 'B', 'adv-1', 'offer_180', '2026-11-22', { status: 'done', completed_at: '2026-11-22T17:00:00.000Z', completed_by: 'adv-1' }),
      task('t7', 'C', 'adv-1', 'winback_plan', '2026-11-01', { status: 'done', completed_at: '2026-11-22T15:00:00.000Z', completed_by: 'adv-1' }),
      // Snoozed until Friday: not overdue, due this week.
      task('t8', 'C', 'adv-1', 'care_call_90', '2026-11-10', { snoozed_until: '2026-11-27' }),
      task('t9', 'D', 'adv-3', 'care_call_90', '2026-11-21'),
      task('t10', 'E', 'adv-3', 'offer_180', '2026-11-28'),
    ])
    .execute();
  const card = (id: string, customer: string, advisor: string, status: 'to_write' | 'written' | 'mailed', writtenAt: string | null) => ({
    id, store_id: 'store-1', customer_id: customer, advisor_id: advisor, occasion: 'birthday' as const, subject_id: null, occasion_date: '2026-12-01', lunar_label: null,
    due_date: '2026-11-24', status, skip_reason: null, written_at: writtenAt, written_by: writtenAt === null ? null : advisor, sent_at: null, updated_by: null, created_at: at, updated_at: at,
  });
  await o.db
    .insertInto('card_reminders')
    .values([card('k1', 'A', 'adv-1', 'written', '2026-11-24T01:00:00.000Z'), card('k2', 'D', 'adv-3', 'to_write', null), card('k3', 'E', 'adv-3', 'mailed', '2026-11-02T01:00:00.000Z')])
    .execute();
  if (options.vips) {
    await addCustomer(o, { id: 'G', name: '郑钻', phone: '13800000007', plates: ['粤A00007'], tier: 'diamond' });
    await o.db.updateTable('customers').set({ advisor_id: null }).where('id', '=', 'G').execute();
    await addCustomer(o, { id: 'H', name: '钱金', phone: '13800000008', plates: ['粤A00008'], tier: 'gold', advisorId: 'adv-2' });
  }
  await o.close();
  return { file: f.file, opened: o };
}

/** A core on the hand-computed manager store (day 2026-11-24, no planning or sync of its own), with the manager signed in. */
export async function managerDesk(options: { vips?: boolean; planAfterWrites?: boolean } = {}): Promise<{ core: Core; manager: ReturnType<typeof deskClient> }> {
  const { file } = await managerStore({ vips: options.vips });
  const core = createCore({ dbFile: file, clock: dayShiftedClock('2026-11-24'), autoPlan: false, planAfterWrites: options.planAfterWrites ?? true, autoSync: false });
  const manager = deskClient(core);
  await manager.signIn('mgr-1');
  return { core, manager };
}
