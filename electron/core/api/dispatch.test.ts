import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_QUERY_MAX } from '../../../shared/api/contract';
import { fixedDayClock } from '../clock';
import { createCore, type Core } from '../core';
import { deskClient as client } from '../testing/client';
import { writeSyncSetting } from '../repos/sync-state';
import { addCustomer, createTestStore, tempDbFile } from '../testing/fixture';

describe('desk API dispatch', () => {
  let fixture: Awaited<ReturnType<typeof createTestStore>>;
  let core: Core;

  beforeAll(async () => {
    fixture = await createTestStore();
    await addCustomer(fixture.opened, { id: 'c-1', name: '王伟', phone: '13812345678', plates: ['粤A12345'], tier: 'gold' });
    await fixture.opened.close();
    core = createCore({ dbFile: fixture.file, clock: fixedDayClock('2026-11-24') });
  });
  afterAll(async () => {
    await core.close();
  });

  const totalChanges = () => core.context.database.sqlite.prepare('SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM search_keys) AS n').get();

  it('refuses unknown verbs and prototype keys as validation errors', async () => {
    const c = client(core);
    for (const [area, verb] of [['customers', 'drop'], ['nope', 'x'], ['customers', '__proto__'], ['__proto__', 'constructor'], [42, null]]) {
      const r = await c.call(area, verb, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'verb' } } });
    }
  });

  it('requires a signed-in staff member for customer data', async () => {
    const r = await client(core).call('customers', 'search', { query: '王伟' });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('signs in an active staff member only, and announces it', async () => {
    const c = client(core);
    expect(await c.call('session', 'signIn', { staffId: 'adv-2' })).toMatchObject({ ok: false, error: { code: 'not_found', details: { field: 'staffId' } } });
    const r = await c.call('session', 'signIn', { staffId: 'adv-1' });
    expect(r).toMatchObject({ ok: true, value: { staff: { id: 'adv-1', role: 'advisor' } } });
    expect(c.events).toContainEqual(expect.objectContaining({ kind: 'event', name: 'session:changed' }));
  });

  it('holds a session to the staff row as it is now: one HQ deactivated is signed out, a role taken away is gone', async () => {
    const sqlite = core.context.database.sqlite;
    const c = client(core);
    await c.call('session', 'signIn', { staffId: 'adv-1' });
    const prefs = () => sqlite.prepare('SELECT count(*) FROM preferences').pluck().get();
    const before = prefs();
    sqlite.prepare("UPDATE staff SET active = 0 WHERE id = 'adv-1'").run(); // pulled from HQ: they left
    try {
      expect(await c.call('notes', 'addPreference', { customerId: 'c-1', category: 'drink', value: '茶' })).toMatchObject({ ok: false, error: { code: 'forbidden', details: { field: 'session' } } });
      expect(prefs()).toBe(before);
      expect(c.events).toContainEqual({ kind: 'event', name: 'session:changed', payload: { staff: null } });
      expect(await c.call('session', 'current', {})).toMatchObject({ ok: true, value: { staff: null } });
    } finally {
      sqlite.prepare("UPDATE staff SET active = 1 WHERE id = 'adv-1'").run();
    }
    const m = client(core);
    await m.call('session', 'signIn', { staffId: 'mgr-1' });
    expect(await m.call('radar', 'overview', {})).toMatchObject({ ok: true });
    sqlite.prepare("UPDATE staff SET role = 'advisor' WHERE id = 'mgr-1'").run();
    try {
      expect(await m.call('radar', 'overview', {})).toMatchObject({ ok: false, error: { code: 'forbidden', details: { field: 'role' } } });
      // The window is told too (its manager screens go).
      expect(m.events).toContainEqual({ kind: 'event', name: 'session:changed', payload: { staff: expect.objectContaining({ id: 'mgr-1', role: 'advisor' }) } });
    } finally {
      sqlite.prepare("UPDATE staff SET role = 'manager' WHERE id = 'mgr-1'").run();
    }
  });

  it('rejects wrong argument shapes, naming the field, and changes nothing', async () => {
    const c = client(core);
    await c.call('session', 'signIn', { staffId: 'adv-1' });
    const before = totalChanges();
    const cases: [unknown, string][] = [
      [{ query: 42 }, 'query'],
      [{ query: 'x'.repeat(65) }, 'query'],
      [{ query: 'a', limit: 1000 }, 'limit'],
      [{ query: 'a', extra: true }, 'args'],
      [null, 'args'],
      ['just a string', 'args'],
    ];
    for (const [args, field] of cases) {
      const r = await c.call('customers', 'search', args);
      expect(r.ok).toBe(false);
      expect(r.error.code).toBe('validation');
      expect(r.error.details.field).toBe(field);
    }
    // The limit crossed goes along, for the window to say "at most 50" rather than "check: limit".
    expect((await c.call('customers', 'search', { query: 'a', limit: 1000 })).error.details).toMatchObject({ field: 'limit', bound: 'max', limit: 50, of: 'number' });
    expect((await c.call('customers', 'search', { query: 'x'.repeat(SEARCH_QUERY_MAX + 1) })).error.details).toMatchObject({ field: 'query', bound: 'max', limit: SEARCH_QUERY_MAX, of: 'string' });
    // A limit the value may not reach (more than 0 points) is not "at least 0".
    const zero = await c.call('points', 'redeem', { customerId: 'c-1', points: 0, forWhat: '洗车' });
    expect(zero.error.details.field).toBe('points');
    expect(zero.error.details).not.toHaveProperty('bound');
    expect(await c.call('customers', 'search', { query: "王'; DELETE FROM customers; --" })).toEqual({ ok: true, value: [] });
    expect(totalChanges()).toEqual(before);
  });

  it('searches and opens a customer, auditing the view', async () => {
    const c = client(core);
    await c.call('session', 'signIn', { staffId: 'adv-1' });
    const hits = await c.call('customers', 'search', { query: 'A123' });
    expect(hits.value[0]).toMatchObject({ id: 'c-1', name: '王伟', tier: 'gold', plates: ['粤A12345'], matchedBy: 'plate' });
    const detail = await c.call('customers', 'get', { id: 'c-1' });
    expect(detail).toMatchObject({ ok: true, value: { name: '王伟', vehicles: [{ plate: '粤A12345' }] } });
    const audit = core.context.database.sqlite.prepare("SELECT staff_id, action FROM audit_log WHERE entity = 'customer' AND entity_id = 'c-1'").all();
    expect(audit).toContainEqual({ staff_id: 'adv-1', action: 'view' });
    await c.call('customers', 'get', { id: 'c-1' }); // the view reloading after a change is the same view
    expect(core.context.database.sqlite.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'view' AND entity_id = 'c-1'").get()).toEqual({ n: 1 });
    expect(await c.call('customers', 'get', { id: 'missing' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('keeps the language setting, defaulting to Simplified Chinese', async () => {
    const c = client(core);
    expect(await c.call('settings', 'get', {})).toEqual({ ok: true, value: { language: 'zh-CN' } });
    expect(await c.call('settings', 'setLanguage', { language: 'fr' })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'language' } } });
    expect(await c.call('settings', 'setLanguage', { language: 'en' })).toEqual({ ok: true, value: { language: 'en' } });
    expect(await c.call('settings', 'get', {})).toEqual({ ok: true, value: { language: 'en' } });
  });

  it('refuses a demo store on a desk that already has one', async () => {
    const r = await client(core).call('setup', 'loadDemo', { customers: 10 });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuses a demo store on a desk connected to HQ whose store has not arrived yet (it would sit beside it)', async () => {
    const empty = tempDbFile();
    const desk = createCore({ dbFile: empty.file, clock: fixedDayClock('2026-11-24'), autoSync: false });
    try {
      writeSyncSetting(desk.context.database.sqlite, 'hq_url', 'http://hq.example');
      const r = await client(desk).call('setup', 'loadDemo', { customers: 10 });
      expect(r).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'connected' } } });
      expect(desk.context.database.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(0);
    } finally {
      await desk.close();
      empty.cleanup();
    }
  });
});
