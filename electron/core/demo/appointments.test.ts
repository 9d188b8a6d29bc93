import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DAY_SLOTS } from '../../../shared/domain/booking';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { tempDbFile } from '../testing/fixture';
import { generateDemoStore } from './generate';

describe('demo store appointments', () => {
  const tmp = tempDbFile();
  let db: OpenedDatabase;
  beforeAll(() => {
    db = openDatabase(tmp.file);
    generateDemoStore(db, { customers: 300, seed: 5, today: '2026-11-24' });
  });
  afterAll(async () => {
    await db.close();
    tmp.cleanup();
  });
  const rows = () =>
    db.sqlite
      .prepare(
        `SELECT a.slot_date, a.slot_time, a.reserved, c.tier, a.status,
                EXISTS (SELECT 1 FROM preferences p WHERE p.customer_id = a.customer_id AND p.category = 'drink') AS drink
         FROM appointments a JOIN customers c ON c.id = a.customer_id ORDER BY a.slot_date, a.slot_time`,
      )
      .all() as { slot_date: string; slot_time: string; reserved: number; tier: string; status: string; drink: number }[];

  it('books six arrivals today, customers with a drink on file, booked before today', () => {
    const all = rows();
    expect(all).toHaveLength(6);
    expect(all.every((r) => r.slot_date === '2026-11-24' && r.drink === 1 && r.status === 'booked')).toBe(true);
    const created = db.sqlite.prepare('SELECT max(created_at) FROM appointments').pluck().get() as string;
    expect(created < '2026-11-23T16:00:00.000Z').toBe(true);
  });

  it('is deterministic per seed', () => {
    const tmp2 = tempDbFile();
    const again = openDatabase(tmp2.file);
    generateDemoStore(again, { customers: 300, seed: 5, today: '2026-11-24' });
    const dump = (d: OpenedDatabase) => d.sqlite.prepare('SELECT * FROM appointments ORDER BY id').all();
    expect(dump(again)).toEqual(dump(db));
    void again.close().then(() => tmp2.cleanup());
  });

  it('respects reserved slots and capacity', () => {
    const all = rows();
    for (const r of all) if (r.reserved) expect(['gold', 'diamond']).toContain(r.tier);
    const per = new Map<string, number>();
    for (const r of all) per.set(`${r.slot_date}|${r.slot_time}`, (per.get(`${r.slot_date}|${r.slot_time}`) ?? 0) + 1);
    for (const [key, n] of per) expect(n).toBeLessThanOrEqual(DEFAULT_DAY_SLOTS.find((s) => s.time === key.split('|')[1])!.capacity);
  });
});
