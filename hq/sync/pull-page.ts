import type { PullResponse } from '../../shared/sync/protocol';
import type { ChangeRow } from '../repos/rows';

/**
 * The JSON text of a pull page (shared/sync/protocol.ts PullResponse). Each row goes out as the
 * text PostgreSQL printed for its stored JSONB, spliced in: the biggest part of a page is never
 * parsed into objects and encoded again. Everything else is JSON.stringify'd.
 */
export function pullPageJson(meta: Omit<PullResponse, 'changes'>, rows: readonly ChangeRow[]): string {
  const changes = rows.map(
    (r) => `{"seq":${r.seq},"table":${JSON.stringify(r.tbl)},"pk":${JSON.stringify(r.pk)},"op":"${r.deleted ? 'delete' : 'upsert'}","row":${r.deleted ? 'null' : r.json}}`,
  );
  return `{"changes":[${changes.join(',')}],${JSON.stringify(meta).slice(1)}`;
}
