import { afterAll, beforeAll } from 'vitest';
import { addStaff, createEnrolCode, createStore } from '../../hq/admin';
import { ingestRows } from '../../hq/ingest/ingest';
import { startTestHq, type TestHq } from '../../hq/testing/hq';
import { fixedDayClock } from '../../electron/core/clock';
import { createCore, type Core } from '../../electron/core/core';
import { deskClient } from '../../electron/core/testing/client';
import { tempDbFile } from '../../electron/core/testing/fixture';

export interface TwoDesks {
  t: TestHq;
  storeId: string;
  advisor: string;
  manager: string;
  desks: { core: Core; desk: ReturnType<typeof deskClient>; cleanup: () => void }[];
  close(): Promise<void>;
}

/** Six dealer customers with no advisor and a visit long ago: the planner gives each open tasks. */
export const dealerRowOf = (i: number) => ({
  name: `客户${i}`, phone: `1370000${String(1000 + i)}`, vin: `LFV0000009${String(1000000 + i)}`, plate: `粤D${String(10000 + i)}`,
  brand: '大众', model: '迈腾', delivery_date: '2024-03-01', visit_date: '2026-03-15', visit_type: 'maintenance', amount: '2600', mileage_km: '30000',
});

/**
 * A store at a real HQ (PostgreSQL with DATABASE_URL, else PGlite) with an advisor, a manager and
 * six customers, and two desk cores enrolled and synced on their own SQLite files, the manager
 * signed in on both; the day is 2026-11-24 and automatic sync rounds are far apart.
 */
export async function twoDesksOfStore(code: string, name: string): Promise<TwoDesks> {
  const t = await startTestHq();
  const storeId = (await createStore(t.hq.db, { code, name, 'points-from': 'none' })).storeId;
  const advisor = (await addStaff(t.hq.db, { store: code, name: '王顾问', role: 'advisor' })).id;
  const manager = (await addStaff(t.hq.db, { store: code, name: '周店长', role: 'manager' })).id;
  const ingested = await ingestRows(t.hq.db, code, Array.from({ length: 6 }, (_, i) => dealerRowOf(i)), { dryRun: false });
  if (ingested.errors.length > 0) throw new Error(`ingest: ${JSON.stringify(ingested.errors)}`);
  const desks: TwoDesks['desks'] = [];
  for (let i = 0; i < 2; i++) {
    const tmp = tempDbFile();
    const core = createCore({ dbFile: tmp.file, clock: fixedDayClock('2026-11-24'), autoPlan: false, syncOptions: { soonMs: 600_000, intervalMs: 600_000 } });
    const desk = deskClient(core);
    const { code: enrol } = await createEnrolCode(t.hq.db, { store: code });
    const connected = await desk.call('sync', 'connect', { hqUrl: t.url, code: enrol });
    if (!connected.ok) throw new Error(`connect: ${JSON.stringify(connected)}`);
    await core.context.sync.idle();
    await desk.signIn(manager);
    desks.push({ core, desk, cleanup: tmp.cleanup });
  }
  return {
    t, storeId, advisor, manager, desks,
    async close() {
      for (const d of desks) {
        d.desk.close();
        await d.core.close();
        d.cleanup();
      }
      await t.close();
    },
  };
}

/**
 * The two desks of a store for the tests of the describe block it is called in: made before them,
 * closed after. Returns the getter the tests read them through.
 */
export function twoDesksForTests(code: string, name: string): () => TwoDesks {
  let two: TwoDesks | undefined;
  beforeAll(async () => {
    two = await twoDesksOfStore(code, name);
  }, 120_000);
  afterAll(async () => two?.close());
  return () => {
    if (!two) throw new Error('the two desks are not ready: read them inside a test');
    return two;
  };
}
