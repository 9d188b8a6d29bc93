import { describe, expect, it } from 'vitest';
import { twoDesksForTests } from './two-desks';

/**
 * The weather surprise across a store's desks (migration 0021, real HQ and two desk cores on their own
 * SQLite files): a rainy day marked on one desk gives the other desk's arrivals umbrellas once synced;
 * marks made on both desks while apart end the same on both and at HQ.
 */
describe('a rainy day marked on one desk reaches the store’s other desks', () => {
  const two = twoDesksForTests('R01', '雨天店');

  const desk = (i: number) => two().desks[i]!.desk;
  const syncAll = async () => {
    for (let i = 0; i < 2; i++) for (const d of two().desks) await d.desk.call('sync', 'syncNow', {});
  };
  const dayAt = async (i: number) => {
    const r = await desk(i).call('appointments', 'day', {});
    expect(r.ok, JSON.stringify(r)).toBe(true);
    return r.value;
  };

  it('desk A marks today rainy; after a sync desk B has umbrellas too, and who marked it', async () => {
    expect(await dayAt(1)).toMatchObject({ date: '2026-11-24', rainy: false, umbrellas: false });
    expect((await desk(0).call('appointments', 'markRainy', { rainy: true })).ok).toBe(true);
    await syncAll();
    expect(await dayAt(1)).toMatchObject({ rainy: true, umbrellas: true, markedBy: { id: two().manager, name: '周店长' } });
  });

  it('marks made on both desks before either syncs: the last to reach HQ wins, on both desks and at HQ', async () => {
    // Both desks start from the synced mark (rainy). Apart: desk A clears it and marks it again; desk B clears it.
    expect((await desk(0).call('appointments', 'markRainy', { rainy: false })).ok).toBe(true);
    expect((await desk(0).call('appointments', 'markRainy', { rainy: true })).ok).toBe(true);
    expect((await desk(1).call('appointments', 'markRainy', { rainy: false })).ok).toBe(true);
    await syncAll(); // A pushes first, then B: B's clearing arrives last
    const [a, b] = [await dayAt(0), await dayAt(1)];
    expect(a).toMatchObject({ rainy: false, umbrellas: false });
    expect(b).toEqual(a);
    const atHq = await two().t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', two().storeId).where('tbl', '=', 'store_days').executeTakeFirstOrThrow();
    expect(atHq.data).toMatchObject({ rainy: 0 });
    for (const i of [0, 1]) expect(two().desks[i]!.core.context.database.sqlite.prepare('SELECT count(*) FROM sync_rejections').pluck().get(), `desk ${i + 1}: nothing refused`).toBe(0);
  });

  it('a mark made earlier on a desk that was offline does not undo a later one that reached HQ first', async () => {
    // Desk B (offline) marks it rainy; later desk A marks it rainy and clears it (the rain stopped) and syncs.
    expect((await desk(1).call('appointments', 'markRainy', { rainy: true })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    expect((await desk(0).call('appointments', 'markRainy', { rainy: true })).ok).toBe(true);
    expect((await desk(0).call('appointments', 'markRainy', { rainy: false })).ok).toBe(true);
    await syncAll(); // A's clearing reaches HQ first; B's earlier mark arrives after it
    const [a, b] = [await dayAt(0), await dayAt(1)];
    expect(a).toMatchObject({ rainy: false, umbrellas: false });
    expect(b).toEqual(a);
    const atHq = await two().t.hq.db.selectFrom('sync_rows').select('data').where('store_id', '=', two().storeId).where('tbl', '=', 'store_days').executeTakeFirstOrThrow();
    expect(atHq.data).toMatchObject({ rainy: 0 });
    for (const i of [0, 1]) {
      const status = (await desk(i).call('sync', 'status', {})).value;
      expect(status, `desk ${i + 1}`).toMatchObject({ pending: 0, attention: [] });
    }
  });
});
