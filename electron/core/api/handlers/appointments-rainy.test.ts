import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../core';
import { deskClient, signedInDesk } from '../../testing/client';
import { createTestStore } from '../../testing/fixture';

// Today 2026-11-24 at the store. Weather surprise: a staff member marks the day rainy, umbrellas for every visitor.
describe('appointments: a rainy day marked for the store (umbrellas for the day’s visitors)', () => {
  let desk: Awaited<ReturnType<typeof signedInDesk>> | undefined;
  let core: Core;
  let c: ReturnType<typeof deskClient>;
  const sql = () => core.context.database.sqlite;
  const count = (table: string) => sql().prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

  beforeAll(async () => {
    const fixture = await createTestStore();
    // Yesterday was marked rainy: that says nothing about today.
    fixture.opened.sqlite.prepare("INSERT INTO store_days (store_id, date, rainy, marked_by, created_at, updated_at) VALUES ('store-1', '2026-11-23', 1, 'adv-1', 'x', 'x')").run();
    await fixture.opened.close();
    desk = await signedInDesk(fixture.file, 'adv-1');
    ({ core, client: c } = desk);
  });
  afterAll(async () => desk?.close());

  it('refuses anonymous callers', async () => {
    const anon = deskClient(core);
    expect(await anon.call('appointments', 'day', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await anon.call('appointments', 'markRainy', { rainy: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    anon.close();
  });

  it('a day nobody marked has no umbrellas, whatever yesterday was', async () => {
    expect(await c.call('appointments', 'day', {})).toEqual({ ok: true, value: { date: '2026-11-24', rainy: false, umbrellas: false, markedBy: null, markedAt: null } });
  });

  it('marks today rainy: one row, its audit entry and one outbox entry with the row for HQ', async () => {
    const r = await c.call('appointments', 'markRainy', { rainy: true });
    expect(r).toMatchObject({ ok: true, value: { date: '2026-11-24', rainy: true, umbrellas: true, markedBy: { id: 'adv-1' } } });
    expect(r.value.markedAt).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(sql().prepare("SELECT rainy, marked_by FROM store_days WHERE date = '2026-11-24'").get()).toEqual({ rainy: 1, marked_by: 'adv-1' });
    expect(sql().prepare("SELECT action, entity, entity_id FROM audit_log WHERE entity = 'store_day'").all()).toEqual([{ action: 'update', entity: 'store_day', entity_id: '2026-11-24' }]);
    const outbox = sql().prepare("SELECT name, ops FROM outbox WHERE name = 'appointments.markRainy'").all() as { name: string; ops: string }[];
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0]!.ops)).toEqual([expect.objectContaining({ op: 'insert', table: 'store_days', pk: 'store-1:2026-11-24', row: expect.objectContaining({ rainy: 1, marked_by: 'adv-1' }) })]);
  });

  it('another staff member clears a mark set by mistake: the same row, set again (it syncs last writer wins)', async () => {
    const other = deskClient(core);
    await other.signIn('mgr-1');
    const r = await other.call('appointments', 'markRainy', { rainy: false });
    expect(r).toMatchObject({ ok: true, value: { rainy: false, umbrellas: false, markedBy: { id: 'mgr-1' } } });
    expect(count('store_days')).toBe(2);
    const last = sql().prepare("SELECT ops FROM outbox WHERE name = 'appointments.markRainy' ORDER BY mutation_id DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(last)).toEqual([expect.objectContaining({ op: 'update', table: 'store_days', pk: 'store-1:2026-11-24', fields: expect.objectContaining({ rainy: 0, marked_by: 'mgr-1' }) })]);
    other.close();
  });

  it('refuses anything but true or false, naming the field, and writes nothing', async () => {
    const before = [count('store_days'), count('audit_log'), count('outbox')];
    for (const args of [{ rainy: 'yes' }, {}, { rainy: true, date: '2026-11-30' }]) {
      const r = await c.call('appointments', 'markRainy', args as never);
      expect(r, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect((await c.call('appointments', 'markRainy', { rainy: 'yes' } as never)).error.details).toMatchObject({ field: 'rainy' });
    expect([count('store_days'), count('audit_log'), count('outbox')]).toEqual(before);
  });
});
