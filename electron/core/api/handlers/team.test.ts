import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdvisorWork, TeamOverview } from '../../../../shared/api/areas/team';
import { isoDateIn } from '../../../../shared/domain/calendar/dates';
import type { Core } from '../../core';
import { deskClient } from '../../testing/client';
import { managerDesk } from '../../testing/manager-store';
import { MUTATION_OPS_MAX } from '../../../../shared/sync/protocol';
import { REASSIGN_CHUNK } from './team';

/**
 * The team table, drill-down, customer history and reassignment on the hand-computed store
 * (testing/manager-store.ts). Today 2026-11-24, a Tuesday: the week is 11-23..11-29 (Beijing time),
 * the month 11-01..11-30.
 */
describe('team: per-advisor work, reassignment with a reason, VIPs without an advisor', () => {
  let core: Core;
  let manager: ReturnType<typeof deskClient>;
  const sql = () => core.context.database.sqlite;

  beforeAll(async () => {
    ({ core, manager } = await managerDesk({ vips: true, planAfterWrites: false }));
  });
  afterAll(async () => {
    manager.close();
    await core.close();
  });

  const overview = async (period: 'week' | 'month'): Promise<TeamOverview> => {
    const r = await manager.call('team', 'overview', { period });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    return r.value as TeamOverview;
  };
  const row = (t: TeamOverview, id: string): AdvisorWork => t.advisors.find((a) => a.advisorId === id)!;

  it('counts each advisor\'s customers and work this week', async () => {
    const t = await overview('week');
    expect(t).toMatchObject({ today: '2026-11-24', period: 'week', from: '2026-11-23', to: '2026-11-29', recentFollowUpDays: 30 });
    // adv-1: customers A, B, C, F. Done t5 (Mon 11:00) and t6 (Mon 01:00 Beijing = Sun 17:00 UTC); t7 was Sunday
    // 23:00 Beijing, last week. Overdue t1 (4 days) and t2 (10 days): average 7. Due this week t3 (Thu) and t8
    // (snoozed to Fri). Card k1 written Tuesday. Red without a follow-up: B (complaint) and C (541 days).
    expect(row(t, 'adv-1')).toEqual({
      advisorId: 'adv-1', name: '李顾问', active: true, customers: 4, tasksDone: 2, tasksDue: 2, tasksOverdue: 2, cardsWritten: 1, avgDaysOverdue: 7, redWithoutFollowUp: 2,
    });
    // adv-3: D, E; t9 overdue 3 days; t10 due Saturday; k3 written earlier this month.
    expect(row(t, 'adv-3')).toEqual({
      advisorId: 'adv-3', name: '张顾问', active: true, customers: 2, tasksDone: 0, tasksDue: 1, tasksOverdue: 1, cardsWritten: 0, avgDaysOverdue: 3, redWithoutFollowUp: 0,
    });
    // adv-2 left but still owns H: shown, inactive. G has no advisor: unassigned G and H.
    expect(row(t, 'adv-2')).toMatchObject({ active: false, customers: 1 });
    expect(t.unassignedCustomers).toBe(2);
    expect(t.advisors.some((a) => a.advisorId === 'mgr-1')).toBe(false);
    // G has its own row, so that the rows add up to the store (4 + 2 + 1 + 1 = 8 live customers; the total
    // was 7 beside a note of 2 more); G is red (937 days) with no follow-up.
    expect(t.unassigned).toMatchObject({ customers: 1, redWithoutFollowUp: 1 });
    const live = sql().prepare('SELECT count(*) FROM customers WHERE deleted_at IS NULL').pluck().get();
    expect(t.advisors.reduce((n, a) => n + a.customers, 0) + t.unassigned!.customers).toBe(live);
  });

  it('counts the open work of customers with no advisor, which no Today shows', async () => {
    sql().prepare(`INSERT INTO tasks (id, store_id, customer_id, advisor_id, rule, occurrence, kind, due_date, status, reason, created_at, updated_at)
      VALUES ('t-g', 'store-1', 'G', NULL, 'winback_plan', 'g', 'visit', '2026-11-20', 'open', '{}', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`).run();
    try {
      expect((await overview('week')).unassigned).toMatchObject({ tasksOverdue: 1, avgDaysOverdue: 4 });
    } finally {
      sql().prepare("DELETE FROM tasks WHERE id = 't-g'").run();
    }
  });

  it('this month includes last Sunday\'s task and the card written on 11-02', async () => {
    const t = await overview('month');
    expect(t).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
    expect(row(t, 'adv-1')).toMatchObject({ tasksDone: 3, tasksDue: 2, tasksOverdue: 2 });
    expect(row(t, 'adv-3')).toMatchObject({ cardsWritten: 1, tasksDue: 1 });
  });

  it('a follow-up with a red customer takes them off the "without follow-up" count', async () => {
    const advisor = deskClient(core);
    await advisor.signIn('adv-1');
    expect(await advisor.call('roster', 'logFollowUp', { customerIds: ['C'], channel: 'call', outcome: 'reached' })).toMatchObject({ ok: true });
    advisor.close();
    expect(row(await overview('week'), 'adv-1').redWithoutFollowUp).toBe(1);
    const list = await manager.call('team', 'advisorCustomers', { advisorId: 'adv-1', filter: 'red_without_follow_up' });
    expect(list.value.rows.map((r: { id: string }) => r.id)).toEqual(['B']);
  });

  it("drills down into an advisor's customers, most urgent first, with open and overdue tasks", async () => {
    const r = await manager.call('team', 'advisorCustomers', { advisorId: 'adv-1' });
    expect(r.ok).toBe(true);
    expect(r.value).toMatchObject({ advisorId: 'adv-1', advisorName: '李顾问', filter: 'all' });
    const ids = r.value.rows.map((x: { id: string }) => x.id);
    expect(ids.slice(0, 2).sort()).toEqual(['B', 'C']);
    expect(ids.slice(2).sort()).toEqual(['A', 'F']);
    const b = r.value.rows.find((x: { id: string }) => x.id === 'B');
    expect(b).toMatchObject({ flag: 'red', openTasks: 2, overdueTasks: 1, reasons: [{ code: 'complaint_open' }] });
    const c = r.value.rows.find((x: { id: string }) => x.id === 'C');
    expect(c).toMatchObject({ openTasks: 1, overdueTasks: 0, lastFollowUpOn: '2026-11-24' });
    const overdue = await manager.call('team', 'advisorCustomers', { advisorId: 'adv-1', filter: 'overdue' });
    expect(overdue.value.rows.map((x: { id: string }) => x.id).sort()).toEqual(['A', 'B']);
    expect(await manager.call('team', 'advisorCustomers', { advisorId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'advisorId' } } });
  });

  it('lists gold and diamond customers without an active advisor', async () => {
    const r = await manager.call('team', 'unassignedVip', {});
    expect(r.value).toEqual([
      { id: 'G', name: '郑钻', plate: '粤A00007', tier: 'diamond', formerAdvisorId: null, formerAdvisorName: null, lastVisitOn: null },
      { id: 'H', name: '钱金', plate: '粤A00008', tier: 'gold', formerAdvisorId: 'adv-2', formerAdvisorName: '陈顾问', lastVisitOn: null },
    ]);
    // The export of that list: their real flag and reasons (937 days since delivery: red), the advisor who left said so.
    const x = await manager.call('exports', 'workbook', { what: ['customers'], customerList: 'vip_without_advisor', format: 'xlsx' });
    expect(x.ok, JSON.stringify(x.error)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.value.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    const row = (name: string) => {
      for (let i = 3; i <= ws.rowCount; i++) if (ws.getRow(i).getCell(1).value === name) return Object.fromEntries(header.map((h, k) => [String(h), ws.getRow(i).getCell(k + 1).value]));
      return null;
    };
    // No purchase on file: the days count from the delivery, and the reason says so.
    expect(row('郑钻')).toMatchObject({ 风险: '红灯', 原因: expect.stringMatching(/^交车 \d+ 天，尚未消费$/), 顾问: null });
    expect(row('钱金')).toMatchObject({ 风险: '红灯', 顾问: '陈顾问（已离职）' });
  });

  it('refuses bad reassignments naming the field, and writes nothing', async () => {
    const before = sql().prepare('SELECT count(*) FROM outbox').pluck().get();
    const cases: [unknown, string, string][] = [
      [{ customerIds: ['D'], toAdvisorId: 'ghost', reason: '顾问离职' }, 'not_found', 'toAdvisorId'],
      [{ customerIds: ['D'], toAdvisorId: 'adv-2', reason: '顾问离职' }, 'validation', 'toAdvisorId'],
      [{ customerIds: ['D'], toAdvisorId: 'mgr-1', reason: '店长接手' }, 'validation', 'toAdvisorId'],
      [{ customerIds: ['D'], toAdvisorId: 'adv-1', reason: '   ' }, 'validation', 'reason'],
      [{ customerIds: ['D', 'nobody'], toAdvisorId: 'adv-1', reason: '顾问离职' }, 'not_found', 'customerIds'],
      [{ customerIds: [], toAdvisorId: 'adv-1', reason: '顾问离职' }, 'validation', 'customerIds'],
    ];
    for (const [args, code, field] of cases) expect(await manager.call('team', 'reassign', args), field).toMatchObject({ ok: false, error: { code, details: { field } } });
    expect(sql().prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(before);
    expect(sql().prepare("SELECT advisor_id FROM customers WHERE id = 'D'").pluck().get()).toBe('adv-3');
  });

  it('a written card stays counted for who wrote it when its customer moves to another advisor (it went with the card)', async () => {
    const before = await overview('week');
    expect([row(before, 'adv-1').cardsWritten, row(before, 'adv-3').cardsWritten]).toEqual([1, 0]);
    sql().prepare("UPDATE card_reminders SET advisor_id = 'adv-3' WHERE id = 'k1'").run(); // as a reassignment moves it (written, not mailed)
    try {
      const after = await overview('week');
      expect([row(after, 'adv-1').cardsWritten, row(after, 'adv-3').cardsWritten]).toEqual([1, 0]);
    } finally {
      sql().prepare("UPDATE card_reminders SET advisor_id = 'adv-1' WHERE id = 'k1'").run();
    }
  });

  it('moves customers with their open tasks and cards in one transaction, the reason recorded per customer', async () => {
    const outbox = sql().prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    const r = await manager.call('team', 'reassign', { customerIds: ['D', 'E', 'G', 'A'], toAdvisorId: 'adv-1', reason: '张顾问调岗' });
    expect(r).toEqual({ ok: true, value: { moved: 3, unchanged: 1, tasksMoved: 2, cardsMoved: 1 } });
    const owner = (table: string, id: string) => sql().prepare(`SELECT advisor_id FROM ${table} WHERE id = ?`).pluck().get(id);
    expect(['D', 'E', 'G'].map((id) => owner('customers', id))).toEqual(['adv-1', 'adv-1', 'adv-1']);
    expect(owner('tasks', 't9')).toBe('adv-1');
    expect(owner('tasks', 't10')).toBe('adv-1');
    expect(owner('card_reminders', 'k2')).toBe('adv-1'); // to write: moves
    expect(owner('card_reminders', 'k3')).toBe('adv-3'); // already mailed: stays with who wrote it
    const rows = sql().prepare('SELECT customer_id, from_advisor_id, to_advisor_id, reason, by_staff_id FROM customer_assignments ORDER BY customer_id').all();
    expect(rows).toEqual([
      { customer_id: 'D', from_advisor_id: 'adv-3', to_advisor_id: 'adv-1', reason: '张顾问调岗', by_staff_id: 'mgr-1' },
      { customer_id: 'E', from_advisor_id: 'adv-3', to_advisor_id: 'adv-1', reason: '张顾问调岗', by_staff_id: 'mgr-1' },
      { customer_id: 'G', from_advisor_id: null, to_advisor_id: 'adv-1', reason: '张顾问调岗', by_staff_id: 'mgr-1' },
    ]);
    // One outbox entry whose row operations carry every row written (what HQ applies).
    expect(sql().prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(outbox + 1);
    const ops = JSON.parse(sql().prepare('SELECT ops FROM outbox ORDER BY mutation_id DESC LIMIT 1').pluck().get() as string) as { table: string; op: string }[];
    const count = (table: string) => ops.filter((o) => o.table === table).length;
    expect([count('customers'), count('tasks'), count('card_reminders'), count('customer_assignments')]).toEqual([3, 2, 1, 3]);
    // The team table follows at once.
    const t = await overview('week');
    expect(row(t, 'adv-1')).toMatchObject({ customers: 7, tasksOverdue: 3 });
    expect(row(t, 'adv-3')).toMatchObject({ customers: 0, tasksOverdue: 0 });
  });

  it("shows the reassignment in the customer's history with who did it and why", async () => {
    const r = await manager.call('team', 'customerHistory', { customerId: 'D' });
    expect(r.ok).toBe(true);
    expect(r.value).toMatchObject({ customerId: 'D', name: '孙丽', advisorId: 'adv-1', advisorName: '李顾问' });
    expect(r.value.assignments).toEqual([expect.objectContaining({ fromAdvisorName: '张顾问', toAdvisorName: '李顾问', reason: '张顾问调岗', byStaffName: '周店长' })]);
    expect(r.value.entries[0]).toMatchObject({ kind: 'assignment', summary: '张顾问调岗', staffName: '周店长' });
    const c = await manager.call('team', 'customerHistory', { customerId: 'C' });
    expect(c.value.entries.map((e: { kind: string }) => e.kind)).toEqual(['follow_up', 'task']);
    expect(c.value.entries[0].followUp).toEqual({ channel: 'call', outcome: 'reached', note: null });
    // With its reason, for the title's numbers (rules/task-title.ts).
    expect(c.value.entries[1].task).toEqual({ rule: 'winback_plan', status: 'done', outcome: 'reached', skipReason: null, reason: { code: 'no_visit' } });
    expect(await manager.call('team', 'customerHistory', { customerId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'customerId' } } });
  });

  it('the same batch replayed writes nothing twice', async () => {
    const args = { customerIds: ['H'], toAdvisorId: 'adv-3', reason: '陈顾问离职', batchId: 'batch-1' };
    expect(await manager.call('team', 'reassign', args)).toMatchObject({ ok: true, value: { moved: 1 } });
    expect(await manager.call('team', 'reassign', args)).toMatchObject({ ok: true, value: { moved: 0, unchanged: 1 } });
    expect(sql().prepare("SELECT count(*) FROM customer_assignments WHERE customer_id = 'H'").pluck().get()).toBe(1);
    expect((await manager.call('team', 'unassignedVip', {})).value).toEqual([]);
  });

  it('moves more than a thousand customers in transactions of a thousand, one outbox entry each, every one recorded', async () => {
    const insert = sql().prepare(
      `INSERT INTO customers (id, store_id, name, phone, advisor_id, tier, created_at, updated_at) VALUES (?, 'store-1', ?, ?, 'adv-3', 'normal', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    const ids = Array.from({ length: REASSIGN_CHUNK + 500 }, (_, i) => `bulk-${String(i).padStart(5, '0')}`);
    sql().transaction(() => ids.forEach((id, i) => insert.run(id, `客户${i}`, `1370000${String(i).padStart(4, '0')}`)))();
    const outbox = sql().prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    const r = await manager.call('team', 'reassign', { customerIds: ids, toAdvisorId: 'adv-1', reason: '张顾问离职', batchId: 'bulk' });
    expect(r).toMatchObject({ ok: true, value: { moved: ids.length, unchanged: 0 } });
    expect(sql().prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(outbox + 2);
    expect(sql().prepare("SELECT count(*) FROM customers WHERE id LIKE 'bulk-%' AND advisor_id = 'adv-1'").pluck().get()).toBe(ids.length);
    expect(sql().prepare("SELECT count(*) FROM customer_assignments WHERE customer_id LIKE 'bulk-%' AND reason = '张顾问离职'").pluck().get()).toBe(ids.length);
  });

  it('moves customers with many open tasks in entries of at most 5,000 row operations (a larger one was refused by HQ, and pushes stopped behind it)', async () => {
    const insert = sql().prepare(
      `INSERT INTO customers (id, store_id, name, phone, advisor_id, tier, created_at, updated_at) VALUES (?, 'store-1', ?, ?, 'adv-3', 'normal', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    const task = sql().prepare(
      `INSERT INTO tasks (id, store_id, customer_id, advisor_id, rule, occurrence, kind, due_date, status, reason, created_at, updated_at)
       VALUES (?, 'store-1', ?, 'adv-3', 'care_call_90', ?, 'call', '2026-11-30', 'open', '{}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    const ids = Array.from({ length: 1_200 }, (_, i) => `busy-${String(i).padStart(5, '0')}`);
    sql().transaction(() => ids.forEach((id, i) => {
      insert.run(id, `忙客户${i}`, `1360000${String(i).padStart(4, '0')}`);
      for (let k = 0; k < 4; k++) task.run(`${id}-t${k}`, id, `o${k}`);
    }))();
    const before = sql().prepare('SELECT max(mutation_id) FROM outbox').pluck().get() as number;
    const r = await manager.call('team', 'reassign', { customerIds: ids, toAdvisorId: 'adv-1', reason: '均衡工作量', batchId: 'busy' });
    expect(r).toMatchObject({ ok: true, value: { moved: ids.length, tasksMoved: ids.length * 4 } });
    const sizes = (sql().prepare("SELECT json_array_length(ops) FROM outbox WHERE mutation_id > ? AND name = 'team.reassign'").pluck().all(before) as number[]);
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MUTATION_OPS_MAX);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(ids.length * 6);
  });
});

describe('team: work a manager does on an advisor\'s day', () => {
  let core: Core;
  let manager: ReturnType<typeof deskClient>;
  const sql = () => core.context.database.sqlite;

  beforeAll(async () => {
    ({ core, manager } = await managerDesk({ planAfterWrites: false }));
  });
  afterAll(async () => {
    manager.close();
    await core.close();
  });

  it('counts in the manager\'s own row, so the rows add up to the store\'s work done this week', async () => {
    expect(await manager.call('tasks', 'complete', { taskId: 't3', channel: 'call', outcome: 'reached' })).toMatchObject({ ok: true });
    expect(await manager.call('cards', 'setStatus', { id: 'k2', status: 'written' })).toMatchObject({ ok: true });
    const r = await manager.call('team', 'overview', { period: 'week' });
    expect(r.ok).toBe(true);
    const t = r.value as TeamOverview;
    // Stamped on the store's day (the clock is pinned to 2026-11-24 with real times of day), inside this week.
    expect(isoDateIn(new Date(sql().prepare("SELECT completed_at FROM tasks WHERE id = 't3'").pluck().get() as string), 'Asia/Shanghai')).toBe('2026-11-24');
    expect(t.advisors.find((a) => a.advisorId === 'mgr-1')).toMatchObject({ tasksDone: 1, cardsWritten: 1, customers: 0 });
    const doneThisWeek = sql()
      .prepare("SELECT count(*) FROM tasks WHERE status = 'done' AND completed_at >= '2026-11-22T16:00:00.000Z' AND completed_at < '2026-11-29T16:00:00.000Z'")
      .pluck()
      .get();
    expect(t.advisors.reduce((n, a) => n + a.tasksDone, 0)).toBe(doneThisWeek);
  });
});

describe('team: work done this week by someone since deleted', () => {
  it('still counts, in an inactive row, so the rows add up', async () => {
    const { core, manager } = await managerDesk({ planAfterWrites: false });
    try {
      const sqlite = core.context.database.sqlite;
      // t5 was done on Monday by adv-1 (testing/manager-store.ts); adv-1 then left and was deleted, their customers moved to adv-3.
      sqlite.prepare("UPDATE customers SET advisor_id = 'adv-3' WHERE advisor_id = 'adv-1'").run();
      sqlite.prepare("UPDATE tasks SET advisor_id = 'adv-3' WHERE advisor_id = 'adv-1' AND status = 'open'").run();
      sqlite.prepare("UPDATE card_reminders SET advisor_id = 'adv-3' WHERE advisor_id = 'adv-1'").run();
      sqlite.prepare("UPDATE staff SET deleted_at = '2026-11-24T02:00:00.000Z' WHERE id = 'adv-1'").run();
      const r = await manager.call('team', 'overview', { period: 'week' });
      expect(r.ok).toBe(true);
      const t = r.value as TeamOverview;
      expect(t.advisors.find((a) => a.advisorId === 'adv-1')).toMatchObject({ active: false, tasksDone: 2, customers: 0 });
    } finally {
      manager.close();
      await core.close();
    }
  });
});
