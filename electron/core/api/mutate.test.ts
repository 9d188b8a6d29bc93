import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDayClock } from '../clock';
import { createCore, type Core } from '../core';
import { addCustomer, createTestStore } from '../testing/fixture';
import type { CallContext } from './types';
import { mutate } from './mutate';

describe('mutate: one transaction for the rows, the audit entry and the outbox entry', () => {
  let core: Core;
  let call: CallContext;
  const count = (table: string) => core.context.database.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

  beforeAll(async () => {
    const fixture = await createTestStore();
    await addCustomer(fixture.opened, { id: 'c-1', name: '王伟', phone: '13812345678', plates: ['粤A12345'], tier: 'gold' });
    await fixture.opened.close();
    core = createCore({ dbFile: fixture.file, clock: fixedDayClock('2026-11-24'), autoPlan: false });
    const staff = { id: 'adv-1', storeId: 'store-1', name: '李顾问', role: 'advisor' as const, active: true };
    call = { core: core.context, session: { staff }, emit: () => {} };
  });
  afterAll(async () => {
    await core.close();
  });

  const spec = (name: string) => ({ name, args: { id: 'p-1' }, audit: { action: 'create' as const, entity: 'preference', entityId: 'p-1' }, tables: ['preferences'] });
  const insertPreference = (id: string) => async ({ trx, at, staff }: Parameters<Parameters<typeof mutate>[2]>[0]) => {
    await trx.insertInto('preferences').values({ id, store_id: 'store-1', customer_id: 'c-1', category: 'drink', value: '美式', suggestion_status: null, noted_by: staff.id, noted_at: at, updated_by: staff.id, updated_at: at, deleted_at: null }).execute();
  };

  it('commits all three together and tells windows what changed', async () => {
    const events: string[] = [];
    const stop = core.connect((m) => m.kind === 'event' && events.push(JSON.stringify(m.payload)));
    const before = { prefs: count('preferences'), audit: count('audit_log'), outbox: count('outbox') };
    await mutate(call, spec('preferences.add'), insertPreference('p-1'));
    expect({ prefs: count('preferences'), audit: count('audit_log'), outbox: count('outbox') }).toEqual({ prefs: before.prefs + 1, audit: before.audit + 1, outbox: before.outbox + 1 });
    const queued = core.context.database.sqlite.prepare('SELECT name, args FROM outbox ORDER BY mutation_id DESC LIMIT 1').get();
    expect(queued).toEqual({ name: 'preferences.add', args: '{"id":"p-1"}' });
    expect(events).toContain('{"tables":["preferences"]}');
    stop.close();
  });

  it('writes nothing at all when the write fails half-way', async () => {
    const before = { prefs: count('preferences'), audit: count('audit_log'), outbox: count('outbox') };
    await expect(
      mutate(call, spec('preferences.add'), async (w) => {
        await insertPreference('p-2')(w);
        await insertPreference('p-1')(w); // duplicate primary key: the transaction rolls back
      }),
    ).rejects.toThrow();
    expect({ prefs: count('preferences'), audit: count('audit_log'), outbox: count('outbox') }).toEqual(before);
  });

  it('answers a saved write as saved when planning its customer afterwards fails (a retry wrote it twice)', async () => {
    const touch = core.context.planner.touch;
    core.context.planner.touch = () => {
      throw new Error('database is locked');
    };
    const quiet = console.error;
    console.error = () => {};
    try {
      const before = count('preferences');
      await expect(mutate(call, { ...spec('preferences.add'), replan: ['c-1'] }, insertPreference('p-3'))).resolves.toBeUndefined();
      expect(count('preferences')).toBe(before + 1);
    } finally {
      core.context.planner.touch = touch;
      console.error = quiet;
    }
  });
});
