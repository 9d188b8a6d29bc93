import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { HqDatabase } from '../db/schema';
import { insertResults, resultRow, setDeviceProgress, type MutationResultInput } from './admin';
import { putRows, setLastSeq, type RowWrite } from './rows';

export interface PushOutcome {
  rows: RowWrite[];
  totalsDelta: Map<string, number>;
  lastSeq: number;
  results: MutationResultInput[];
  lastMutationId: number;
  at: string;
}

/**
 * Everything a push writes at its end (rows, totals, the store's last_seq, the mutation outcomes,
 * the device's progress) as ONE statement of data-modifying CTEs: one round trip instead of five.
 * A big push (over 1000 rows or 500 outcomes) goes statement by statement, chunked.
 */
export async function writePushOutcome(trx: Transaction<HqDatabase>, storeId: string, deviceId: string, o: PushOutcome): Promise<void> {
  const progress = trx.updateTable('devices').set({ last_mutation_id: o.lastMutationId, last_push_at: o.at }).where('store_id', '=', storeId).where('device_id', '=', deviceId);
  if (o.results.length === 0) return void (await progress.execute());
  if (o.rows.length > 1000 || o.results.length > 500) {
    await putRows(trx, storeId, o.rows, o.totalsDelta);
    await setLastSeq(trx, storeId, o.lastSeq);
    await insertResults(trx, storeId, deviceId, o.at, o.results);
    await setDeviceProgress(trx, storeId, deviceId, { lastMutationId: o.lastMutationId, lastPushAt: o.at });
    return;
  }
  const ctes: RawBuilder<unknown>[] = [];
  if (o.rows.length > 0) {
    const rows = trx
      .insertInto('sync_rows')
      .values(o.rows.map((r) => ({ store_id: storeId, tbl: r.tbl, pk: r.pk, data: JSON.stringify(r.data), seq: r.seq, deleted: r.deleted })))
      .onConflict((oc) => oc.columns(['store_id', 'tbl', 'pk']).doUpdateSet((eb) => ({ data: eb.ref('excluded.data'), seq: eb.ref('excluded.seq'), deleted: eb.ref('excluded.deleted') })));
    ctes.push(sql`w_rows AS (${rows})`);
  }
  const deltas = [...o.totalsDelta].filter(([, n]) => n !== 0);
  if (deltas.length > 0) {
    const totals = trx
      .insertInto('sync_totals')
      .values(deltas.map(([tbl, n]) => ({ store_id: storeId, tbl, n })))
      .onConflict((oc) => oc.columns(['store_id', 'tbl']).doUpdateSet({ n: sql`sync_totals.n + excluded.n` }));
    ctes.push(sql`w_totals AS (${totals})`);
  }
  ctes.push(sql`w_seq AS (${trx.updateTable('hq_stores').set({ last_seq: o.lastSeq }).where('store_id', '=', storeId)})`);
  const results = trx.insertInto('mutation_results').values(o.results.map((r) => resultRow(storeId, deviceId, o.at, r)));
  ctes.push(sql`w_results AS (${results})`);
  await sql`WITH ${sql.join(ctes, sql`, `)} ${progress}`.execute(trx);
}
