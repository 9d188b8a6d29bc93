import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createEnrolCode, createStore, revoke } from '../../hq/admin';
import { fixedDayClock } from '../../electron/core/clock';
import { createCore } from '../../electron/core/core';
import { deskClient } from '../../electron/core/testing/client';
import { tokenFileFor } from '../../electron/core/sync/token-store';
import { http } from '../../hq/testing/hq';
import { SYNC_SCHEMA_VERSION } from '../../shared/sync/protocol';
import { dealerRowOf, twoDesksForTests } from './two-desks';

/**
 * A desk HQ no longer takes (its device revoked, or its token lost with the OS keyring) gets back in with a
 * new enrolment code of its store, keeping everything it had not sent yet: before, only wiping the
 * database got it syncing again, and its unsent changes went with it.
 */
describe('a desk reconnects with a new code and loses nothing', () => {
  const two = twoDesksForTests('K01', '重连店');

  const d = () => two().desks[0]!;
  const atHq = async (value: string) =>
    (await two().t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', two().storeId).where('tbl', '=', 'preferences').execute()).filter((r) => (r.data as { value: string }).value === value).length;
  const note = async (value: string) => {
    const customerId = d().core.context.database.sqlite.prepare('SELECT id FROM customers WHERE phone = ?').pluck().get(dealerRowOf(0).phone) as string;
    expect((await d().desk.call('notes', 'addPreference', { customerId, category: 'drink', value })).ok).toBe(true);
  };

  it('revoked: says so, takes a code of its own store only, then sends what it kept', async () => {
    await note('热茶');
    await d().desk.call('sync', 'syncNow', {}); // the device has pushed before
    // ... and HQ's answer to that push was lost: the desk still holds the entry as not settled.
    const seqOf = async (value: string) =>
      (await two().t.hq.db.selectFrom('sync_rows').select(['seq', 'data']).where('store_id', '=', two().storeId).where('tbl', '=', 'preferences').execute()).find((r) => (r.data as { value: string }).value === value)!.seq;
    const applied = await seqOf('热茶');
    d().core.context.database.sqlite.prepare('UPDATE outbox SET settled_at = NULL, result = NULL WHERE mutation_id = (SELECT max(mutation_id) FROM outbox)').run();
    await revoke(two().t.hq.db, d().core.context.database.sqlite.prepare("SELECT value FROM settings WHERE key = 'sync.device_id'").pluck().get() as string);
    await note('大杯美式');
    const refused = await d().desk.call('sync', 'syncNow', {});
    expect(refused).toMatchObject({ ok: true, value: { state: 'unauthorized', pending: 2 } });
    expect(await atHq('大杯美式')).toBe(0);
    // A code of another store is refused, naming the field; nothing changes.
    await createStore(two().t.hq.db, { code: 'K02', name: '别的店', 'points-from': 'none' });
    const other = await createEnrolCode(two().t.hq.db, { store: 'K02' });
    expect(await d().desk.call('sync', 'reconnect', { code: other.code })).toMatchObject({ ok: false, error: { code: 'validation', details: { field: 'code' } } });
    // ... and not used up: the other store's desk still enrols with it.
    expect((await http(two().t.url, '/enrol', { body: { code: other.code, deviceName: 'K02 desk', schemaVersion: SYNC_SCHEMA_VERSION } })).status).toBe(200);
    const oldDevice = d().core.context.database.sqlite.prepare("SELECT value FROM settings WHERE key = 'sync.device_id'").pluck().get() as string;
    const own = await createEnrolCode(two().t.hq.db, { store: 'K01' });
    const back = await d().desk.call('sync', 'reconnect', { code: own.code });
    expect(back).toMatchObject({ ok: true, value: { state: 'idle', pending: 0 } });
    expect(await atHq('大杯美式')).toBe(1);
    // The new device carries on the old one's mutation count (an entry applied under it is not applied again).
    const devices = await two().t.hq.db.selectFrom('devices').select(['device_id', 'last_mutation_id', 'revoked_at']).where('store_id', '=', two().storeId).execute();
    const old = devices.find((x) => x.device_id === oldDevice)!;
    const now = devices.find((x) => x.device_id === back.value.deviceId)!;
    expect(Number(old.last_mutation_id)).toBeGreaterThan(0);
    expect(Number(now.last_mutation_id)).toBe(Number(old.last_mutation_id) + 1);
    expect(old.revoked_at).not.toBeNull();
    // The entry HQ had applied under the old device was answered as a duplicate, not applied again.
    expect(await seqOf('热茶')).toBe(applied);
  });

  it('its token lost (the keyring): says so at start instead of "idle", and reconnects the same way', async () => {
    const file = d().core.context.database.sqlite.name;
    d().desk.close();
    await d().core.close();
    rmSync(tokenFileFor(file), { force: true });
    const core = createCore({ dbFile: file, clock: fixedDayClock('2026-11-24'), autoPlan: false, syncOptions: { soonMs: 600_000, intervalMs: 600_000 } });
    const desk = deskClient(core);
    two().desks[0] = { ...d(), core, desk };
    await desk.signIn(two().manager);
    expect(core.context.sync.status()).toMatchObject({ state: 'unauthorized' });
    await note('热拿铁');
    const own = await createEnrolCode(two().t.hq.db, { store: 'K01' });
    expect(await desk.call('sync', 'reconnect', { code: own.code })).toMatchObject({ ok: true, value: { state: 'idle', pending: 0 } });
    expect(await atHq('热拿铁')).toBe(1);
  });

  it('HQ moved behind a redirect: says where, and reconnects there with a new code, its changes kept', async () => {
    // The desk's address now answers with a redirect to HQ's real one (a TLS proxy put in front).
    const proxy = createServer((req, res) => res.writeHead(308, { location: `${two().t.url}${req.url}` }).end());
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const old = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      d().core.context.database.sqlite.prepare("UPDATE settings SET value = ? WHERE key = 'sync.hq_url'").run(old);
      await note('冰美式');
      const status = (await d().desk.call('sync', 'syncNow', {})).value;
      expect(status).toMatchObject({ state: 'failing', movedTo: expect.stringContaining(two().t.url) });
      const own = await createEnrolCode(two().t.hq.db, { store: 'K01' });
      expect(await d().desk.call('sync', 'reconnect', { code: own.code, hqUrl: two().t.url })).toMatchObject({ ok: true, value: { state: 'idle', pending: 0, movedTo: null, hqUrl: two().t.url } });
      expect(await atHq('冰美式')).toBe(1);
    } finally {
      proxy.close();
    }
  });
});
