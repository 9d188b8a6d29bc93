import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import type { RowOp } from '../../../shared/sync/protocol';
import { runPlanner, runPlannerInBatches } from '../planner/run';
import { addCustomer, addVisit, createTestStore } from '../testing/fixture';
import { holdPulledRows } from './planner-align';

const ctx = (today: string, customerIds?: string[]) => ({ today, rules: DEFAULT_RULES, now: `${today}T01:00:00.000Z`, customerIds });

describe('planner changes to rows HQ holds are queued for HQ (migration 0014)', () => {
  let store: Awaited<ReturnType<typeof createTestStore>>;
  beforeEach(async () => {
    store = await createTestStore();
    await addCustomer(store.opened, { id: 'c-quiet', name: '钱多多', phone: '13800000002', plates: ['粤A22222'], deliveryDate: '2023-03-01', memberSince: '2023-03-01' });
    await addVisit(store.opened, { id: 'v-1', customerId: 'c-quiet', date: '2026-08-01', amountFen: 80_000 });
    await addCustomer(store.opened, { id: 'c-other', name: '孙悦', phone: '13800000003', plates: ['粤A33333'], deliveryDate: '2023-03-01', memberSince: '2023-03-01' });
    await addVisit(store.opened, { id: 'v-2', customerId: 'c-other', date: '2026-08-01', amountFen: 80_000 });
  });
  afterEach(() => store.cleanup());

  const sql = () => store.opened.sqlite;
  const careCall = (customerId: string) => sql().prepare("SELECT id, status FROM tasks WHERE rule = 'care_call_90' AND customer_id = ?").get(customerId) as { id: string; status: string };
  const outbox = () => (sql().prepare('SELECT name, args, ops FROM outbox ORDER BY mutation_id').all() as { name: string; args: string; ops: string }[]).map((o) => ({ ...o, ops: JSON.parse(o.ops) as RowOp[] }));

  it('the first plan queues nothing (no tier changes here) and notes nothing as held', () => {
    const counts = runPlanner(sql(), ctx('2026-11-24'));
    expect(counts.tasksCreated).toBeGreaterThan(0);
    expect(outbox()).toEqual([]);
    expect(sql().prepare('SELECT count(*) FROM sync_held').pluck().get()).toBe(0);
  });

  it('a void of a held task is one planner.align entry with the update; the same void of a task HQ does not hold is not pushed', async () => {
    runPlanner(sql(), ctx('2026-11-24'));
    const held = careCall('c-quiet');
    const local = careCall('c-other');
    expect([held.status, local.status]).toEqual(['open', 'open']);
    // HQ sent this task in a pull (e.g. a manager moved it on another desk).
    holdPulledRows(sql(), [{ seq: 1, table: 'tasks', pk: held.id, op: 'upsert', row: { id: held.id, status: 'open' } }]);
    // Both customers come back: the planner voids both care calls.
    await addVisit(store.opened, { id: 'v-3', customerId: 'c-quiet', date: '2026-11-24', amountFen: 50_000 });
    await addVisit(store.opened, { id: 'v-4', customerId: 'c-other', date: '2026-11-24', amountFen: 50_000 });
    const counts = runPlanner(sql(), { ...ctx('2026-11-24', ['c-quiet', 'c-other']), now: '2026-11-24T05:00:00.000Z' });
    expect(counts.tasksVoided).toBeGreaterThanOrEqual(2);
    expect([careCall('c-quiet').status, careCall('c-other').status]).toEqual(['void', 'void']);
    const entries = outbox();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.name).toBe('planner.align');
    expect(JSON.parse(entries[0]!.args)).toEqual({ rows: 1 });
    expect(entries[0]!.ops).toEqual([
      {
        op: 'update', table: 'tasks', pk: held.id,
        fields: { status: 'void', updated_at: '2026-11-24T05:00:00.000Z' },
        base: { status: 'open', updated_at: '2026-11-24T01:00:00.000Z' },
        row: expect.objectContaining({ id: held.id, status: 'void', customer_id: 'c-quiet', advisor_pinned: 0 }) as Record<string, unknown>,
      },
    ]);
    expect(sql().prepare('SELECT count(*) FROM sync_align_capture').pluck().get(), 'capture cleared').toBe(0);
    expect(sql().prepare('SELECT count(*) FROM sync_align_switch').pluck().get(), 'switch off after the plan').toBe(0);
  });

  it("a tier the planner changes is queued (HQ holds every customer); the first plan's tiers too, nothing else of that plan", async () => {
    await addCustomer(store.opened, { id: 'c-big', name: '周大福', phone: '13800000009', plates: ['粤A99999'], deliveryDate: '2023-03-01', memberSince: '2023-03-01' });
    for (let i = 0; i < 6; i++) await addVisit(store.opened, { id: `v-big-${i}`, customerId: 'c-big', date: `2026-0${i + 2}-10`, amountFen: 900_000 });
    const counts = runPlanner(sql(), ctx('2026-11-24'));
    expect(counts.tierChanges).toBeGreaterThan(0);
    const tier = sql().prepare("SELECT tier FROM customers WHERE id = 'c-big'").pluck().get();
    expect(tier).not.toBe('normal');
    const ops = outbox().flatMap((o) => o.ops);
    expect(ops.map((o) => o.table)).toEqual(Array.from({ length: counts.tierChanges }, () => 'customers'));
    expect(ops.find((o) => o.pk === 'c-big')).toMatchObject({ op: 'update', fields: { tier, tier_since: expect.any(String) as string } });
  });

  it('a write to a held row outside the planner (a pulled row, a rejection undone) is not echoed back to HQ', () => {
    runPlanner(sql(), ctx('2026-11-24'));
    const held = careCall('c-quiet');
    holdPulledRows(sql(), [{ seq: 1, table: 'tasks', pk: held.id, op: 'upsert', row: { id: held.id, status: 'open' } }]);
    sql().prepare("UPDATE tasks SET due_date = '2026-12-01', status = 'void' WHERE id = ?").run(held.id);
    expect(outbox()).toEqual([]);
  });

  it('holds the open planned rows a pull carries, and the rows a person changed (outbox), not finished ones', () => {
    holdPulledRows(sql(), [
      { seq: 1, table: 'tasks', pk: 't-open', op: 'upsert', row: { id: 't-open', status: 'open' } },
      { seq: 2, table: 'tasks', pk: 't-done', op: 'upsert', row: { id: 't-done', status: 'done' } },
      { seq: 3, table: 'card_reminders', pk: 'c-to-write', op: 'upsert', row: { id: 'c-to-write', status: 'to_write' } },
      { seq: 4, table: 'card_reminders', pk: 'c-written', op: 'upsert', row: { id: 'c-written', status: 'written' } },
      { seq: 5, table: 'preferences', pk: 'p-1', op: 'upsert', row: { id: 'p-1' } },
      // The planner's own end states: it opens these again when they are wanted again.
      { seq: 6, table: 'card_reminders', pk: 'c-lapsed', op: 'upsert', row: { id: 'c-lapsed', status: 'skipped', skip_reason: 'lapsed' } },
      { seq: 7, table: 'card_reminders', pk: 'c-skipped', op: 'upsert', row: { id: 'c-skipped', status: 'skipped', skip_reason: '搬家了' } },
      { seq: 8, table: 'tasks', pk: 't-void', op: 'upsert', row: { id: 't-void', status: 'void' } },
    ]);
    const ops: RowOp[] = [
      { op: 'update', table: 'tasks', pk: 't-moved', fields: { advisor_id: 'a' }, base: { advisor_id: null }, row: { id: 't-moved', status: 'open' } },
      { op: 'update', table: 'tasks', pk: 't-finished', fields: { status: 'done' }, base: { status: 'open' }, row: { id: 't-finished', status: 'done' } },
    ];
    sql().prepare("INSERT INTO outbox (name, args, created_at, ops) VALUES ('tasks.reassign', '{}', '2026-11-24', ?)").run(JSON.stringify(ops));
    expect(sql().prepare('SELECT tbl, pk FROM sync_held ORDER BY tbl, pk').all()).toEqual([
      { tbl: 'card_reminders', pk: 'c-lapsed' },
      { tbl: 'card_reminders', pk: 'c-to-write' },
      { tbl: 'tasks', pk: 't-moved' },
      { tbl: 'tasks', pk: 't-open' },
      { tbl: 'tasks', pk: 't-void' },
    ]);
  });

  it('the daily run forgets held rows no longer open or voided (once their outbox entries settled); a held row still open stays held and its changes are still pushed', async () => {
    runPlanner(sql(), ctx('2026-11-24'));
    const voided = careCall('c-quiet');
    const open = careCall('c-other');
    holdPulledRows(sql(), [
      { seq: 1, table: 'tasks', pk: voided.id, op: 'upsert', row: { id: voided.id, status: 'open' } },
      { seq: 2, table: 'tasks', pk: open.id, op: 'upsert', row: { id: open.id, status: 'open' } },
      { seq: 3, table: 'tasks', pk: 't-gone', op: 'upsert', row: { id: 't-gone', status: 'open' } },
    ]);
    const held = () => sql().prepare('SELECT pk FROM sync_held ORDER BY pk').pluck().all();
    // c-quiet comes back: the planner voids the held care call (queued as planner.align, not yet settled).
    await addVisit(store.opened, { id: 'v-3', customerId: 'c-quiet', date: '2026-11-24', amountFen: 50_000 });
    runPlanner(sql(), { ...ctx('2026-11-24', ['c-quiet']), now: '2026-11-24T05:00:00.000Z' });
    expect(careCall('c-quiet').status).toBe('void');
    await runPlannerInBatches(sql(), ctx('2026-11-25'));
    expect(held(), 'the void is unsettled (a refusal would undo it): still held; a row gone is forgotten').toEqual([open.id, voided.id].sort());
    sql().prepare("UPDATE outbox SET settled_at = '2026-11-25T02:00:00.000Z', result = 'applied'").run();
    await runPlannerInBatches(sql(), ctx('2026-11-26'));
    expect(held(), 'settled: a voided row stays held (the planner opens it again when its reason comes back, and HQ must hear of it)').toEqual([open.id, voided.id].sort());
    sql().prepare("UPDATE tasks SET status = 'done' WHERE id = ?").run(voided.id);
    // Lapsed cards: held while their day is still to come (the planner may open them again), then forgotten.
    const at = '2026-11-01T00:00:00.000Z';
    for (const [id, day] of [['k-past', '2026-11-25'], ['k-coming', '2026-12-05']]) {
      sql().prepare("INSERT INTO card_reminders (id, store_id, customer_id, advisor_id, occasion, occasion_date, due_date, status, skip_reason, created_at, updated_at) VALUES (?, 'store-1', 'c-other', 'adv-1', 'birthday', ?, ?, 'skipped', 'lapsed', ?, ?)").run(id, day, day, at, at);
      sql().prepare("INSERT INTO sync_held (tbl, pk) VALUES ('card_reminders', ?)").run(id);
    }
    await runPlannerInBatches(sql(), ctx('2026-11-26'));
    expect(held(), 'done: forgotten; a lapsed card of a day gone: forgotten').toEqual(['k-coming', open.id].sort());
    sql().prepare("DELETE FROM sync_held WHERE pk = 'k-coming'").run();
    // The row still held: the planner's void of it is still pushed.
    await addVisit(store.opened, { id: 'v-4', customerId: 'c-other', date: '2026-11-26', amountFen: 50_000 });
    runPlanner(sql(), { ...ctx('2026-11-26', ['c-other']), now: '2026-11-26T05:00:00.000Z' });
    const last = outbox().at(-1)!;
    expect(last.name).toBe('planner.align');
    expect(last.ops).toEqual([expect.objectContaining({ table: 'tasks', pk: open.id, fields: expect.objectContaining({ status: 'void' }) as Record<string, unknown> })]);
  });

  it('a pulled voided task is held too, so the planner never opens it again when its reason comes back', () => {
    holdPulledRows(sql(), [
      { seq: 1, table: 'tasks', pk: 't-void', op: 'upsert', row: { id: 't-void', status: 'void' } },
      { seq: 2, table: 'tasks', pk: 't-done', op: 'upsert', row: { id: 't-done', status: 'done' } },
      { seq: 3, table: 'card_reminders', pk: 'k-lapsed', op: 'upsert', row: { id: 'k-lapsed', status: 'skipped' } },
    ]);
    expect(sql().prepare("SELECT pk FROM sync_held WHERE pk IN ('t-void', 't-done', 'k-lapsed')").pluck().all()).toEqual(['t-void']);
  });

  it('the align triggers copy every column of tasks, card_reminders and customers (a later column must re-create them)', () => {
    for (const table of ['tasks', 'card_reminders', 'customers']) {
      const body = sql().prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").pluck().get(`sync_align_${table}_update`) as string;
      const columns = (sql().pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
      for (const c of columns) {
        expect(body, `${table}.${c} (OLD)`).toContain(`'${c}', OLD.${c}`);
        expect(body, `${table}.${c} (NEW)`).toContain(`'${c}', NEW.${c}`);
      }
    }
  });
});
