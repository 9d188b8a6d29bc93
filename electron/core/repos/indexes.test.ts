import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { tempDbFile } from '../testing/fixture';
import { hasIndexes } from './indexes';
import { vipWithoutAdvisor } from './team';
import { tierDistribution } from './tier-movement';

describe('hasIndexes', () => {
  let tmp: ReturnType<typeof tempDbFile>;
  let opened: OpenedDatabase;
  beforeEach(() => {
    tmp = tempDbFile();
    opened = openDatabase(tmp.file);
  });
  afterEach(async () => {
    await opened.close();
    tmp.cleanup();
  });

  it('is true only when every named index is there', () => {
    expect(hasIndexes(opened.sqlite, 'vehicles_customer')).toBe(true);
    expect(hasIndexes(opened.sqlite, 'visits_purchases', 'visits_free_by_date', 'customers_deleted_id')).toBe(true);
    expect(hasIndexes(opened.sqlite, 'vehicles_customer', 'no_such_index')).toBe(false);
    opened.sqlite.exec('DROP INDEX vehicles_customer');
    expect(hasIndexes(opened.sqlite, 'vehicles_customer')).toBe(false);
  });

  it('leaves readers that name an index working while it is set aside (a bulk load): the tier counts', () => {
    const s = opened.sqlite;
    const at = '2026-12-01T08:00:00.000Z';
    s.prepare("INSERT INTO stores (id, code, name, created_at, updated_at) VALUES ('st', 'S1', 'Store', ?, ?)").run(at, at);
    s.prepare("INSERT INTO customers (id, store_id, name, phone, tier, created_at, updated_at) VALUES ('c1', 'st', 'A', '1', 'gold', ?, ?), ('c2', 'st', 'B', '2', 'normal', ?, ?)").run(at, at, at, at);
    const withIndex = { tiers: tierDistribution(s), vip: vipWithoutAdvisor(s) };
    expect(withIndex.tiers.get('gold')).toBe(1);
    s.exec('DROP INDEX customers_live_tier');
    expect({ tiers: tierDistribution(s), vip: vipWithoutAdvisor(s) }).toEqual(withIndex);
  });
});
