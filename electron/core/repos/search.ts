import type { SearchHit } from '../../../shared/domain/types';
import type { DB } from '../db/open';
import { KIND_BY_NUMBER } from '../search/keys';
import { kindNumber, planSearch } from '../search/plan';
import { rankHits, type Candidate } from '../search/rank';
import { customerSummaries } from './customers';

/** Candidates scanned per key space before ranking: enough to find the exact matches among common names. */
const CANDIDATES_PER_RANGE = 200;
const MAX_PREFIX_CHAR = String.fromCodePoint(0x10ffff);

/** Front-desk lookup: prefix ranges over the search_keys index, never a LIKE scan. */
export async function searchCustomers(db: DB, query: string, limit: number): Promise<SearchHit[]> {
  const ranges = planSearch(query);
  if (ranges.length === 0) return [];
  const rows = (
    await Promise.all(
      ranges.map((r) =>
        db
          .selectFrom('search_keys')
          .select(['kind', 'key', 'customer_id'])
          .where('kind', '=', kindNumber(r.kind))
          .where('key', '>=', r.prefix)
          .where('key', '<', r.prefix + MAX_PREFIX_CHAR)
          .orderBy('key')
          .limit(CANDIDATES_PER_RANGE)
          .execute()
          .then((found) => found.map((f) => ({ ...f, prefix: r.prefix }))),
      ),
    )
  ).flat();
  const ids = [...new Set(rows.map((r) => r.customer_id))];
  if (ids.length === 0) return [];
  const [summaries, pinyin] = await Promise.all([
    customerSummaries(db, ids),
    db.selectFrom('customers').select(['id', 'name_pinyin', 'name_initials']).where('id', 'in', ids).execute(),
  ]);
  const pinyinBy = new Map(pinyin.map((p) => [p.id, p]));
  const candidates: Candidate[] = rows.map((r) => ({
    customerId: r.customer_id,
    kind: KIND_BY_NUMBER[r.kind]!,
    prefix: r.prefix,
    pinyin: pinyinBy.get(r.customer_id)?.name_pinyin ?? '',
    initials: pinyinBy.get(r.customer_id)?.name_initials ?? '',
  }));
  return rankHits(candidates, summaries, limit);
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

