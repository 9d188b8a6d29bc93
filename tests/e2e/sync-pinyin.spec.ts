import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, createEnrolCode, createStore } from '../../hq/admin';
import { ingestRows } from '../../hq/ingest/ingest';
import { startTestHq, type TestHq } from '../../hq/testing/hq';
import { fixedDayClock } from '../../electron/core/clock';
import { createCore, type Core } from '../../electron/core/core';
import { deskClient } from '../../electron/core/testing/client';
import { tempDbFile } from '../../electron/core/testing/fixture';

/**
 * Customers HQ ingested from a DMS export are found at the desk by pinyin and initials like
 * customers made at the desk: HQ stores names only; the desk derives the search keys (pinyin-pro)
 * when it applies pulled customer rows, so a name HQ changes later gets new keys and loses the old.
 */
describe('pinyin search for customers ingested at HQ', () => {
  let t: TestHq;
  let core: Core;
  let cleanup = () => {};
  let desk: ReturnType<typeof deskClient>;
  const row = (name: string) => ({ name, phone: '13900001234', vin: 'LSVAU2180N2199001', plate: '粤C88123', brand: '大众', model: '途观', delivery_date: '2024-05-01' });

  beforeAll(async () => {
    t = await startTestHq();
    await createStore(t.hq.db, { code: 'S01', name: '广州天河店', 'points-from': 'none' });
    const advisor = (await addStaff(t.hq.db, { store: 'S01', name: '李顾问', role: 'advisor' })).id;
    expect((await ingestRows(t.hq.db, 'S01', [row('欧阳娜娜')], { dryRun: false })).errors).toEqual([]);
    const tmp = tempDbFile();
    cleanup = tmp.cleanup;
    core = createCore({ dbFile: tmp.file, clock: fixedDayClock('2026-11-24'), autoPlan: false, syncOptions: { soonMs: 600_000, intervalMs: 600_000 } });
    desk = deskClient(core);
    const { code } = await createEnrolCode(t.hq.db, { store: 'S01' });
    expect((await desk.call('sync', 'connect', { hqUrl: t.url, code })).ok).toBe(true);
    await core.context.sync.idle();
    await desk.signIn(advisor);
  });
  afterAll(async () => {
    desk?.close();
    await core?.close();
    cleanup();
    await t?.close();
  });

  const names = async (query: string) => ((await desk.call('customers', 'search', { query })).value as { name: string }[]).map((h) => h.name);

  it('finds an ingested customer by full pinyin and by initials; a rename at HQ moves the keys', async () => {
    expect(await names('ouyangnana')).toEqual(['欧阳娜娜']);
    expect(await names('oynn')).toEqual(['欧阳娜娜']);
    // HQ re-ingests the same phone with another name: the desk's keys follow.
    expect((await ingestRows(t.hq.db, 'S01', [row('张伟')], { dryRun: false })).errors).toEqual([]);
    expect((await desk.call('sync', 'syncNow', {})).value).toMatchObject({ state: 'idle' });
    expect(await names('zhangwei')).toEqual(['张伟']);
    expect(await names('zw')).toEqual(['张伟']);
    expect(await names('ouyangnana')).toEqual([]);
  });
});
