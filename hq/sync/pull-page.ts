import type { PullResponse } from '../../shared/sync/protocol';
import type { ChangeRow } from '../repos/rows';

/** One change as the JSON text of a protocol Change, the stored row text spliced in. */
function changeJson(r: ChangeRow): string {
  return `{"seq":${r.seq},"table":${JSON.stringify(r.tbl)},"pk":${JSON.stringify(r.pk)},"op":"${r.deleted ? 'delete' : 'upsert'}","row":${r.deleted ? 'null' : r.json}}`;
}

/**
 * The JSON text of a pull page (shared/sync/protocol.ts PullResponse): the rows sent ahead
 * (parents-ahead.ts), then the page's changes as PostgreSQL rendered them (repos/rows.ts
 * changesPage). The rows' text is never parsed into objects and encoded again here; only the
 * page's other fields are JSON.stringify'd.
 */
export function pullPageJson(meta: Omit<PullResponse, 'changes'>, ahead: readonly ChangeRow[], pageJson: string): string {
  const changes = ahead.map(changeJson);
  if (pageJson !== '') changes.push(pageJson);
  return `{"changes":[${changes.join(',')}],${JSON.stringify(meta).slice(1)}`;
}
