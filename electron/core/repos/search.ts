import type BetterSqlite3 from 'better-sqlite3';
import type { CustomerSummary, SearchHit, Tier } from '../../../shared/domain/types';
import type { DB } from '../db/open';
import { KIND_BY_NUMBER } from '../search/keys';
import { kindNumber, planSearch } from '../search/plan';
import { rankHits, type Candidate } from '../search/rank';

/** Candidates scanned per key space before ranking: enough to find the exact matches among common names. */
const CANDIDATES_PER_RANGE = 120;
const MAX_PREFIX_CHAR = String.fromCodePoint(0x10ffff);

/**
 * The front-desk lookup is the hottest path of the app (every keystroke), so it uses
 * prepared statements kept per connection rather than a query builder: prefix ranges over
 * the search_keys primary key, then one query for the candidates' summaries.
 */
function statements(sqlite: BetterSqlite3.Database) {
  let s = cache.get(sqlite);
  if (!s) {
    s = {
      range: sqlite.prepare('SELECT kind, key, customer_id FROM search_keys WHERE kind = ? AND key >= ? AND key < ? ORDER BY key LIMIT ?').raw(true),
      summaries: sqlite
        .prepare(
          `SELECT c.id, c.name, c.phone, c.tier, c.name_pinyin, c.name_initials, s.name, c.phone2,
                  (SELECT group_concat(plate, ',') FROM (SELECT plate FROM vehicles v WHERE v.customer_id = c.id AND v.deleted_at IS NULL ORDER BY v.delivery_date DESC))
           FROM customers c LEFT JOIN staff s ON s.id = c.advisor_id
           WHERE c.id IN (SELECT value FROM json_each(?)) AND c.deleted_at IS NULL`,
        )
        .raw(true),
    };
    cache.set(sqlite, s);
  }
  return s;
}
const cache = new WeakMap<BetterSqlite3.Database, { range: BetterSqlite3.Statement; summaries: BetterSqlite3.Statement }>();

export function searchCustomers(sqlite: BetterSqlite3.Database, query: string, limit: number): SearchHit[] {
  const ranges = planSearch(query);
  if (ranges.length === 0) return [];
  const { range, summaries } = statements(sqlite);
  const rows: { kind: number; customerId: string; prefix: string }[] = [];
  for (const r of ranges) {
    for (const [kind, , customerId] of range.all(kindNumber(r.kind), r.prefix, r.prefix + MAX_PREFIX_CHAR, CANDIDATES_PER_RANGE) as [number, string, string][]) {
      rows.push({ kind, customerId, prefix: r.prefix });
    }
  }
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.customerId))];
  const found = summaries.all(JSON.stringify(ids)) as [string, string, string, Tier, string, string, string | null, string | null, string | null][];
  const byId = new Map(found.map((f) => [f[0], f]));
  const list: CustomerSummary[] = found.map(([id, name, phone, tier, , , advisorName, , plates]) => ({ id, name, phone, tier, plates: plates ? plates.split(',') : [], advisorName }));
  const candidates: Candidate[] = rows.map((r) => ({
    customerId: r.customerId,
    kind: KIND_BY_NUMBER[r.kind]!,
    prefix: r.prefix,
    pinyin: byId.get(r.customerId)?.[4] ?? '',
    initials: byId.get(r.customerId)?.[5] ?? '',
    phones: r.kind === KEY_KIND_PHONE ? phonesOf(byId.get(r.customerId)) : [],
  }));
  return rankHits(candidates, list, limit);
}

const KEY_KIND_PHONE = kindNumber('phone');
function phonesOf(row: readonly unknown[] | undefined): string[] {
  return row ? [row[2], row[7]].filter((p): p is string => typeof p === 'string' && p !== '') : [];
}

/** Replaces one customer's keys (after an edit of name, phone or plates). */
export async function replaceSearchKeys(db: DB, customerId: string, keys: { kind: number; key: string }[]): Promise<void> {
  await db.deleteFrom('search_keys').where('customer_id', '=', customerId).execute();
  if (keys.length > 0) {
    await db
      .insertInto('search_keys')
      .values(keys.map((k) => ({ ...k, customer_id: customerId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
