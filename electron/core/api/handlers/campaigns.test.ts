import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDayClock } from '../../clock';
import { createCore, type Core } from '../../core';
import { deskClient } from '../../testing/client';
import { createTestStore } from '../../testing/fixture';

/** Offers and campaigns, and DOMAIN.md pitfall 1: a new-customers-only campaign is saved only after the warning. */
describe('campaigns: the loyal-customer guard', () => {
  let core: Core;
  let manager: ReturnType<typeof deskClient>;
  const sql = () => core.context.database.sqlite;
  const base = { kind: 'campaign', name: '新车主首保礼', benefit: '首次保养工时费全免', startsOn: '2026-12-01', endsOn: '2026-12-31' };

  beforeAll(async () => {
    const f = await createTestStore();
    await f.opened.close();
    core = createCore({ dbFile: f.file, clock: fixedDayClock('2026-11-24'), autoPlan: false, autoSync: false });
    manager = deskClient(core);
    await manager.signIn('mgr-1');
  });
  afterAll(async () => {
    manager.close();
    await core.close();
  });

  it('refuses a new-customers-only campaign until the warning is acknowledged, naming the field and the warning', async () => {
    const r = await manager.call('campaigns', 'create', { ...base, audience: 'new_customers' });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'acknowledgeLoyalWarning', warning: 'new_customers_only' } } });
    expect(sql().prepare('SELECT count(*) FROM campaigns').pluck().get()).toBe(0);
    expect(sql().prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    const ok = await manager.call('campaigns', 'create', { ...base, audience: 'new_customers', acknowledgeLoyalWarning: true, id: 'cmp-1' });
    expect(ok).toMatchObject({ ok: true, value: { id: 'cmp-1', audience: 'new_customers', loyalWarningAcknowledged: true, createdBy: 'mgr-1', createdByName: '周店长' } });
    // Synced: one outbox entry with the campaigns row.
    const ops = JSON.parse(sql().prepare('SELECT ops FROM outbox ORDER BY mutation_id DESC LIMIT 1').pluck().get() as string) as { table: string; op: string }[];
    expect(ops).toEqual([expect.objectContaining({ table: 'campaigns', op: 'insert' })]);
  });

  it('refuses an offer for the lower tiers only the same way (the higher tiers, the most loyal, left out)', async () => {
    const before = sql().prepare('SELECT count(*) FROM campaigns').pluck().get();
    const r = await manager.call('campaigns', 'create', { ...base, kind: 'offer', name: '首保工时费全免', audience: 'tiers', tiers: ['normal'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'acknowledgeLoyalWarning', warning: 'higher_tiers_left_out' } } });
    expect(sql().prepare('SELECT count(*) FROM campaigns').pluck().get()).toBe(before);
  });

  it('saves a fair campaign without a warning, and lists campaigns', async () => {
    const r = await manager.call('campaigns', 'create', { ...base, kind: 'offer', name: '金卡钻石专享', audience: 'tiers', tiers: ['diamond', 'gold'], acknowledgeLoyalWarning: true });
    expect(r).toMatchObject({ ok: true, value: { tiers: ['gold', 'diamond'], loyalWarningAcknowledged: false } });
    expect(await manager.call('campaigns', 'create', { ...base, audience: 'everyone' })).toMatchObject({ ok: true });
    const list = await manager.call('campaigns', 'list', {});
    expect(list.value).toHaveLength(3);
  });

  it('refuses bad input naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, audience: 'everyone', endsOn: '2026-11-30' }, 'endsOn'],
      [{ ...base, audience: 'tiers' }, 'tiers'],
      [{ ...base, audience: 'everyone', tiers: ['gold'] }, 'tiers'],
      [{ ...base, audience: 'everyone', name: '  ' }, 'name'],
      [{ ...base, audience: 'loyal' }, 'audience'],
      [{ ...base, audience: 'everyone', startsOn: '2026-02-30' }, 'startsOn'],
    ];
    for (const [args, field] of cases) expect(await manager.call('campaigns', 'create', args), field).toMatchObject({ ok: false, error: { code: 'validation', details: { field } } });
    // The end before the start says so (it read "enter a valid date").
    expect(await manager.call('campaigns', 'create', { ...base, audience: 'everyone', endsOn: '2026-11-30' })).toMatchObject({ ok: false, error: { details: { field: 'endsOn', rule: 'before_start' } } });
    expect(await manager.call('campaigns', 'create', { ...base, audience: 'new_customers', acknowledgeLoyalWarning: true, id: 'cmp-1' })).toMatchObject({ ok: false, error: { code: 'conflict', details: { field: 'id' } } });
  });
});
