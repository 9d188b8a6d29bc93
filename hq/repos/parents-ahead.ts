import { sql } from 'kysely';
import { REFERENCES } from '../../shared/sync/references';
import type { ChangeRow, Db } from './rows';

/** Grandparents and further: a few rounds at most (store <- staff <- customer <- vehicle <- visit). */
const MAX_ROUNDS = 6;

const EDGES = Object.entries(REFERENCES).flatMap(([child, refs]) => refs.map((r) => ({ child, column: r.column, parent: r.table })));

type Found = { seq: string | number; tbl: string; pk: string; json: string; deleted: boolean };

/**
 * The rows that rows of a page (seq in (after, upTo]) refer to and that HQ would send only in a
 * later page (seq > upTo): HQ orders rows by their LAST change, so a customer updated after its
 * vehicle was created comes after it, and a desk checks references when it commits a page (an
 * empty desk's initial sync would fail there). These are sent first in the same page, their own
 * parents too when those are also ahead; they come again at their own seq (the same row again).
 */
export async function parentsAhead(db: Db, storeId: string, after: number, upTo: number): Promise<ChangeRow[]> {
  const edges = sql.join(EDGES.map((e) => sql`(${e.child}::text, ${e.column}::text, ${e.parent}::text)`));
  const first = await sql<Found>`
    WITH edges(child, col, parent) AS (VALUES ${edges}),
    wanted AS (
      SELECT DISTINCT e.parent AS tbl, c.data ->> e.col AS pk
      FROM sync_rows c JOIN edges e ON e.child = c.tbl
      WHERE c.store_id = ${storeId} AND c.seq > ${after} AND c.seq <= ${upTo} AND NOT c.deleted AND c.data ->> e.col IS NOT NULL
    )
    SELECT p.seq, p.tbl, p.pk, p.data::text AS json, p.deleted
    FROM wanted w CROSS JOIN LATERAL (
      -- One primary-key lookup per referenced row (a join on seq > upTo would scan every later row).
      SELECT s.seq, s.tbl, s.pk, s.data, s.deleted FROM sync_rows s WHERE s.store_id = ${storeId} AND s.tbl = w.tbl AND s.pk = w.pk
    ) p
    WHERE p.seq > ${upTo} AND NOT p.deleted`.execute(db);
  const out = new Map<string, ChangeRow>();
  let round = first.rows;
  for (let k = 0; round.length > 0 && k < MAX_ROUNDS; k++) {
    const next: { tbl: string; pk: string }[] = [];
    for (const r of round) {
      const key = `${r.tbl}\u0000${r.pk}`;
      if (out.has(key)) continue;
      out.set(key, { seq: Number(r.seq), tbl: r.tbl, pk: r.pk, json: r.json, deleted: r.deleted });
      const data = JSON.parse(r.json) as Record<string, unknown>;
      for (const ref of REFERENCES[r.tbl] ?? []) {
        const pk = data[ref.column];
        if (typeof pk === 'string' && !out.has(`${ref.table}\u0000${pk}`)) next.push({ tbl: ref.table, pk });
      }
    }
    if (next.length === 0) break;
    const keys = sql.join(next.map((n) => sql`(${n.tbl}::text, ${n.pk}::text)`));
    round = (
      await sql<Found>`
        SELECT p.seq, p.tbl, p.pk, p.data::text AS json, p.deleted FROM sync_rows p
        WHERE p.store_id = ${storeId} AND p.seq > ${upTo} AND NOT p.deleted AND (p.tbl, p.pk) IN (VALUES ${keys})`.execute(db)
    ).rows;
  }
  // Parents before the rows that refer to them (found last = furthest up).
  return [...out.values()].reverse();
}
