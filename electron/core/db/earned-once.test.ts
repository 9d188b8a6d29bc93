import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EARNED_ONCE } from '../../../shared/sync/earned-once';
import { tempDbFile } from '../testing/fixture';
import { openDatabase, type OpenedDatabase } from './open';

/** The desk's unique indexes and HQ's check (shared/sync/earned-once.ts) say the same: what is earned once, per what. */
describe('points earned once', () => {
  const tmp = tempDbFile();
  let opened: OpenedDatabase;
  beforeAll(() => {
    opened = openDatabase(tmp.file);
  });
  afterAll(async () => {
    await opened.close();
    tmp.cleanup();
  });

  it('every kind HQ refuses twice has a partial unique index on the desk, on the same key', () => {
    const unique = opened.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'points_ledger' AND sql LIKE 'CREATE UNIQUE INDEX%'").all() as { name: string; sql: string }[];
    const byKind = new Map(unique.flatMap((i) => {
      const kind = /WHERE kind = '(\w+)'/.exec(i.sql)?.[1];
      const columns = /\(([^)]*)\)\s+WHERE/.exec(i.sql)?.[1]?.split(',').map((c) => c.trim());
      return kind && columns ? [[kind, columns] as const] : [];
    }));
    expect(Object.fromEntries(byKind)).toEqual({ earn_visit: ['visit_id'], mileage: ['visit_id'], referral: ['customer_id', 'counterparty_id'] });
    expect(Object.fromEntries(byKind)).toEqual(EARNED_ONCE);
  });
});
