import { statSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedDayClock } from '../clock';
import { createCore, type Core } from '../core';
import { writeSyncSetting } from '../repos/sync-state';
import { deskClient } from '../testing/client';
import { addCustomer, createTestStore, tempDbFile } from '../testing/fixture';
import { fileTokenStore, tokenFileFor } from './token-store';

/** A loopback port nobody listens on: HQ unreachable. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('sync client without HQ: connect refused clearly, the desk keeps working and queues', () => {
  let dead: string;
  beforeAll(async () => {
    dead = `http://127.0.0.1:${await deadPort()}`;
  });

  it('a fresh desk is not connected; connecting to an HQ that does not answer says so and stores nothing', async () => {
    const tmp = tempDbFile();
    const core = createCore({ dbFile: tmp.file, clock: fixedDayClock('2026-11-24'), autoPlan: false });
    const desk = deskClient(core);
    expect((await desk.call('sync', 'status', {})).value).toMatchObject({ state: 'not_connected', connected: false, pending: 0, attention: [] });
    const r = await desk.call('sync', 'connect', { hqUrl: dead, code: 'ABCD-1234' });
    expect(r.error).toMatchObject({ code: 'offline', details: { field: 'hqUrl' } });
    expect((await desk.call('sync', 'connect', { hqUrl: dead, code: 'ab' })).error).toMatchObject({ code: 'validation', details: { field: 'code' } });
    expect((await desk.call('sync', 'connect', { hqUrl: 'http://exa mple', code: 'ABCD-1234' })).error).toMatchObject({ code: 'validation', details: { field: 'hqUrl' } });
    expect((await desk.call('sync', 'status', {})).value).toMatchObject({ state: 'not_connected', connected: false, hqUrl: null });
    expect(fileTokenStore(tokenFileFor(tmp.file)).read()).toBeNull();
    desk.close();
    await core.close();
    tmp.cleanup();
  });

  it('a desk with a store cannot be connected (only an empty desk receives a store from HQ)', async () => {
    const f = await createTestStore();
    await f.opened.close();
    const core = createCore({ dbFile: f.file, clock: fixedDayClock('2026-11-24'), autoPlan: false });
    const desk = deskClient(core);
    expect((await desk.call('sync', 'connect', { hqUrl: dead, code: 'ABCD-1234' })).error).toMatchObject({ code: 'conflict', details: { field: 'hqUrl' } });
    desk.close();
    await core.close();
  });

  it('the device token file is readable by its owner only (0600)', () => {
    const tmp = tempDbFile();
    const store = fileTokenStore(tokenFileFor(tmp.file));
    store.write('secret-token');
    expect(statSync(tokenFileFor(tmp.file)).mode & 0o777).toBe(0o600);
    expect(store.read()).toBe('secret-token');
    store.clear();
    expect(store.read()).toBeNull();
    tmp.cleanup();
  });

  describe('a connected desk whose HQ went away', () => {
    let core: Core;
    let desk: ReturnType<typeof deskClient>;
    beforeAll(async () => {
      const f = await createTestStore();
      await addCustomer(f.opened, { id: 'c-1', name: '王伟', phone: '13812345678', plates: ['粤A12345'] });
      await f.opened.close();
      core = createCore({ dbFile: f.file, clock: fixedDayClock('2026-11-24'), autoPlan: false, syncOptions: { backoff: { baseMs: 60_000, maxMs: 120_000 } } });
      writeSyncSetting(core.context.database.sqlite, 'hq_url', dead);
      writeSyncSetting(core.context.database.sqlite, 'device_id', 'dev-1');
      writeSyncSetting(core.context.database.sqlite, 'initial_done', '2026-11-01T00:00:00.000Z');
      fileTokenStore(tokenFileFor(f.file)).write('token');
      desk = deskClient(core);
      await desk.signIn('adv-1');
    });
    afterAll(async () => {
      desk.close();
      await core.close();
    });

    it('until the initial sync has completed, the desk reports no store (the first-run screen keeps the progress bar)', async () => {
      const sqlite = core.context.database.sqlite;
      writeSyncSetting(sqlite, 'initial_done', null);
      expect((await desk.call('setup', 'status', {})).value).toMatchObject({ hasStore: false, store: { id: 'store-1' } });
      writeSyncSetting(sqlite, 'initial_done', '2026-11-01T00:00:00.000Z');
      expect((await desk.call('setup', 'status', {})).value).toMatchObject({ hasStore: true });
    });

    it('goes offline with the next attempt backed off, keeps every change queued, and the desk keeps answering', async () => {
      const s = (await desk.call('sync', 'syncNow', {})).value;
      expect(s).toMatchObject({ state: 'offline', connected: true, hqUrl: dead, lastSuccessAt: null, pending: 0 });
      expect(s.lastError).toMatch(/did not answer/);
      const wait = Date.parse(s.nextAttemptAt) - Date.now();
      expect(wait).toBeGreaterThan(25_000); // half of the first 60 s step at least
      const added = await desk.call('notes', 'addPreference', { customerId: 'c-1', category: 'drink', value: '绿茶' });
      expect(added.ok).toBe(true);
      const after = (await desk.call('sync', 'status', {})).value;
      expect(after).toMatchObject({ state: 'offline', pending: 1 });
      // A change while offline does not pull the retry forward (no hammering a dead HQ).
      expect(after.nextAttemptAt).toBe(s.nextAttemptAt);
      // The Sync screen hears of the new pending change at once.
      const last = desk.events.filter((e) => e.kind === 'event' && e.name === 'sync:status').pop();
      expect(last && last.kind === 'event' ? last.payload : null).toMatchObject({ state: 'offline', pending: 1 });
      // 'Sync now' tries at once anyway, and backs off further.
      const again = (await desk.call('sync', 'syncNow', {})).value;
      expect(again).toMatchObject({ state: 'offline', pending: 1 });
      expect(Date.parse(again.nextAttemptAt) - Date.now()).toBeGreaterThan(55_000);
    });
  });
});
