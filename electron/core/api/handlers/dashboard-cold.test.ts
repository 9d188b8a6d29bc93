import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../core';
import { openDatabase } from '../../db/open';
import { generateDemoStore } from '../../demo/generate';
import { deskClient } from '../../testing/client';
import { fixedDayClock } from '../../clock';
import { tempDbFile } from '../../testing/fixture';
import { nextTurn } from '../../next-turn';

/**
 * A dashboard opened on a desk that has not built its metric aggregates yet (an upgrade, a first
 * sync): the build takes a few steps, and the front desk's calls are answered in between.
 */
describe('dashboard opened before the metric aggregates were built', () => {
  const tmp = tempDbFile();
  let core: Core;
  beforeAll(async () => {
    const opened = openDatabase(tmp.file);
    generateDemoStore(opened, { customers: 3_000, seed: 9, today: '2026-11-24' });
    await opened.close();
    core = createCore({ dbFile: tmp.file, clock: fixedDayClock('2026-11-24'), autoPlan: false, autoSync: false });
  }, 120_000);
  afterAll(async () => {
    await core?.close();
    tmp.cleanup();
  });

  it('builds them a step at a time: a search made meanwhile is answered first, and the dashboard then has every metric', async () => {
    const sqlite = core.context.database.sqlite;
    const managerId = sqlite.prepare("SELECT id FROM staff WHERE role = 'manager' LIMIT 1").pluck().get() as string;
    const advisorId = sqlite.prepare("SELECT id FROM staff WHERE role = 'advisor' LIMIT 1").pluck().get() as string;
    const manager = deskClient(core);
    const advisor = deskClient(core);
    await manager.signIn(managerId);
    await advisor.signIn(advisorId);
    const done: string[] = [];
    const dashboard = manager.call('dashboard', 'metrics', {}).then((r) => (done.push('dashboard'), r));
    await nextTurn();
    const search = advisor.call('customers', 'search', { query: '138' }).then((r) => (done.push('search'), r));
    const [d, s] = await Promise.all([dashboard, search]);
    expect(s.ok).toBe(true);
    expect(d.ok).toBe(true);
    expect(done).toEqual(['search', 'dashboard']);
    expect(d.value.metrics).toHaveLength(15);
    expect(d.value.metrics.find((m: { key: string }) => m.key === 'active_ratio').value).toBeGreaterThan(0);
  });
});
