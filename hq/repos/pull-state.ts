import { sql } from 'kysely';
import { toDevice, type DeviceRow, type StoredResult } from './admin';
import type { Db } from './rows';

/** What a pull needs besides the rows, read in ONE round trip: the device (for its token and revocation), the store's seqs, totals and the device's latest rejections. */
export interface PullState {
  device: DeviceRow;
  /** null when the device's store is gone. */
  seqs: { lastSeq: number; minSeq: number } | null;
  totals: Record<string, number>;
  /** Newest first, at most `rejectionLimit`. */
  rejections: StoredResult[];
}

interface StateRow {
  store_id: string;
  device_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_mutation_id: string | number;
  last_push_at: string | null;
  last_pull_at: string | null;
  last_seq: string | number | null;
  min_seq: string | number | null;
  totals: Record<string, number | string> | string | null;
  rejections: { id: number | string; status: 'applied' | 'rejected'; code: string | null; message: string | null; details: Record<string, unknown> | null }[] | string | null;
}

const json = <T>(v: T | string | null): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/**
 * The device row with its store's last_seq/min_seq, the store's per-table totals and the
 * device's latest rejections, in one statement (one snapshot): 1 round trip instead of 4. The
 * token is checked by the caller on the returned hash; null = no such device.
 */
export async function pullState(db: Db, storeId: string, deviceId: string, rejectionLimit: number): Promise<PullState | null> {
  const { rows } = await sql<StateRow>`
    SELECT d.store_id, d.device_id, d.name, d.token_hash, d.created_at, d.revoked_at, d.last_mutation_id, d.last_push_at, d.last_pull_at,
      s.last_seq, s.min_seq,
      (SELECT json_object_agg(t.tbl, t.n) FROM sync_totals t WHERE t.store_id = d.store_id) AS totals,
      (SELECT json_agg(json_build_object('id', r.mutation_id, 'status', r.status, 'code', r.code, 'message', r.message, 'details', r.details) ORDER BY r.mutation_id DESC)
         FROM (SELECT mutation_id, status, code, message, details FROM mutation_results
               WHERE store_id = d.store_id AND device_id = d.device_id AND status = 'rejected'
               ORDER BY mutation_id DESC LIMIT ${rejectionLimit}) r) AS rejections
    FROM devices d LEFT JOIN hq_stores s ON s.store_id = d.store_id
    WHERE d.store_id = ${storeId} AND d.device_id = ${deviceId}`.execute(db);
  const r = rows[0];
  if (!r) return null;
  const totals = json(r.totals) ?? {};
  return {
    device: toDevice(r),
    seqs: r.last_seq === null ? null : { lastSeq: Number(r.last_seq), minSeq: Number(r.min_seq) },
    totals: Object.fromEntries(Object.entries(totals).map(([k, n]) => [k, Number(n)])),
    rejections: (json(r.rejections) ?? []).map((x) => ({
      id: Number(x.id),
      status: x.status,
      code: x.code,
      message: x.message,
      details: typeof x.details === 'string' ? (JSON.parse(x.details) as Record<string, unknown>) : x.details,
    })),
  };
}
