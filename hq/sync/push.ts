import type { Kysely, Transaction } from 'kysely';
import type { Mutation, MutationResult, RejectionCode, RowOp } from '../../shared/sync/protocol';
import { rowKeyOf, statusMayMove, syncedTable } from '../../shared/sync/tables';
import type { HqDatabase } from '../db/schema';
import { getDevice, getResult, insertResult, setDeviceProgress } from '../repos/admin';
import { deleteRow, getRow, lockStore, logSecurity, pointsBalance, putRow, setLastSeq } from '../repos/rows';

/** A business refusal of one mutation: recorded, returned to the device, and the counter still advances. */
export class Rejection extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface Staged {
  tbl: string;
  pk: string;
  data: Record<string, unknown>;
  isNew: boolean;
  deleted: boolean;
}

const keyOf = (tbl: string, pk: string) => `${tbl}\u0000${pk}`;

/**
 * Applies one mutation of a device in ONE transaction (holding the store's lock, so seqs are
 * given in commit order): a duplicate id returns the stored outcome and applies nothing; a
 * rejection writes no row but is recorded and advances last_mutation_id; anything thrown (the
 * database is down) propagates so the caller stops the batch.
 */
export async function applyMutation(db: Kysely<HqDatabase>, storeId: string, deviceId: string, m: Mutation): Promise<MutationResult> {
  return db.transaction().execute(async (trx) => {
    let seq = await lockStore(trx, storeId);
    const device = await getDevice(trx, storeId, deviceId, true);
    if (seq === null || !device) throw new Error(`device ${deviceId} of store ${storeId} is gone`);
    const at = new Date().toISOString();
    if (m.id <= device.lastMutationId) {
      // Retried or duplicated: the original outcome, nothing applied again.
      const stored = await getResult(trx, storeId, deviceId, m.id);
      if (!stored) return { id: m.id, status: 'duplicate' };
      return {
        id: m.id,
        status: stored.status,
        ...(stored.code ? { code: stored.code as RejectionCode } : {}),
        ...(stored.message ? { message: stored.message } : {}),
        ...(stored.details ? { details: stored.details } : {}),
      };
    }
    const staged = new Map<string, Staged>();
    let result: MutationResult;
    try {
      for (const op of m.ops) await stageOp(trx, storeId, op, staged);
      await checkBalances(trx, storeId, staged);
      for (const s of staged.values()) {
        seq += 1;
        if (s.deleted) await deleteRow(trx, storeId, s.tbl, s.pk, s.data, seq);
        else await putRow(trx, storeId, s.tbl, s.pk, s.data, seq, s.isNew);
      }
      await setLastSeq(trx, storeId, seq);
      result = { id: m.id, status: 'applied' };
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      result = { id: m.id, status: 'rejected', code: e.code, message: e.message, details: e.details };
      if (e.code === 'out_of_scope') {
        await logSecurity(trx, { storeId, deviceId, kind: 'out_of_scope_write', detail: { mutationId: m.id, name: m.name, ...e.details } });
      }
    }
    await insertResult(trx, { storeId, deviceId, mutationId: m.id, name: m.name, status: result.status === 'applied' ? 'applied' : 'rejected', code: result.code, message: result.message, details: result.details, at });
    await setDeviceProgress(trx, storeId, deviceId, { lastMutationId: m.id, lastPushAt: at });
    return result;
  });
}

async function current(trx: Transaction<HqDatabase>, storeId: string, tbl: string, pk: string, staged: Map<string, Staged>): Promise<Record<string, unknown> | null> {
  const s = staged.get(keyOf(tbl, pk));
  if (s) return s.deleted ? null : s.data;
  const row = await getRow(trx, storeId, tbl, pk);
  return row && !row.deleted ? row.data : null;
}

async function stageOp(trx: Transaction<HqDatabase>, storeId: string, op: RowOp, staged: Map<string, Staged>): Promise<void> {
  const t = syncedTable(op.table);
  if (!t) throw new Rejection('forbidden_table', `${op.table} is not a synced table`, { table: op.table });
  if (t.policy === 'hq') throw new Rejection('forbidden_table', `${op.table} is written by HQ only`, { table: op.table });
  if (rowKeyOf(t, op.row) !== op.pk) throw new Rejection('invalid_row', `${op.table} ${op.pk}: pk does not match the row's ${t.pk.join(', ')}`, { table: op.table, field: 'pk' });
  const storeOf = op.op === 'update' && 'store_id' in op.fields ? op.fields.store_id : op.row.store_id;
  if (storeOf !== undefined && storeOf !== storeId) {
    throw new Rejection('out_of_scope', `${op.table} ${op.pk} belongs to another store`, { table: op.table, pk: op.pk, field: 'store_id' });
  }
  const existing = await current(trx, storeId, op.table, op.pk, staged);
  if (op.op === 'delete' && t.policy !== 'editable') throw new Rejection('invalid_row', `${op.table} rows are never deleted (${t.policy})`, { table: op.table, field: 'op' });

  if (t.policy === 'master' && op.op === 'insert') throw new Rejection('forbidden_table', `${op.table} rows are created by HQ only`, { table: op.table });

  // Scope: the row's customer must be a customer of the device's store.
  if (t.customerColumn) {
    const col = t.customerColumn;
    const customerId = op.op === 'update' ? (op.fields[col] ?? existing?.[col] ?? op.row[col]) : op.row[col];
    const customer = typeof customerId === 'string' ? await current(trx, storeId, 'customers', customerId, staged) : null;
    if (!customer) throw new Rejection('out_of_scope', `${op.table} ${op.pk}: customer ${String(customerId)} is not a customer of this store`, { table: op.table, pk: op.pk, customerId: customerId ?? null, field: col });
  }

  const key = keyOf(op.table, op.pk);
  if (op.op === 'delete') {
    // Deleting a row HQ does not hold (never pushed, or deleted already) changes nothing.
    const stagedRow = staged.get(key);
    if (stagedRow?.isNew) staged.delete(key);
    else if (existing) staged.set(key, { tbl: op.table, pk: op.pk, data: existing, isNew: false, deleted: true });
    return;
  }
  let next: Record<string, unknown> | null;
  switch (t.policy) {
    case 'master': {
      if (op.op === 'insert' || !existing) throw new Rejection('forbidden_table', `${op.table} rows are created by HQ only`, { table: op.table });
      for (const f of Object.keys(op.fields)) {
        if (!t.deskFields?.includes(f)) throw new Rejection('forbidden_field', `${op.table}.${f} is HQ master data`, { table: op.table, field: f });
      }
      next = { ...existing, ...op.fields };
      break;
    }
    case 'append': {
      if (op.op === 'update') throw new Rejection('invalid_row', `${op.table} is append-only: rows are never updated`, { table: op.table, field: Object.keys(op.fields)[0] ?? 'pk' });
      if (op.table === 'points_ledger' && !Number.isSafeInteger(op.row.points)) throw new Rejection('invalid_row', 'points must be an integer', { table: op.table, field: 'points' });
      next = existing ? null : op.row; // an entry HQ already has: applied once only
      break;
    }
    case 'editable': {
      next = existing ? { ...existing, ...(op.op === 'update' ? op.fields : op.row) } : op.row;
      break;
    }
    case 'forward': {
      const status = (op.op === 'update' ? op.fields.status : op.row.status) ?? op.row.status;
      if (typeof status !== 'string' || !statusMayMove(t, status, status)) throw new Rejection('invalid_row', `${op.table}.status ${String(status)} is not a status`, { table: op.table, field: 'status' });
      if (!existing) next = op.row;
      else if (op.op === 'insert') next = null; // HQ already has it (e.g. a planned task each desk made): HQ's row stands
      else {
        const from = existing.status;
        if ('status' in op.fields && typeof from === 'string' && !statusMayMove(t, from, status)) {
          throw new Rejection('status_backwards', `${op.table} ${op.pk}: status cannot move from ${from} to ${status}`, { table: op.table, field: 'status', from, to: status });
        }
        next = { ...existing, ...op.fields };
      }
      break;
    }
    default:
      throw new Rejection('forbidden_table', `${op.table} is written by HQ only`, { table: op.table });
  }
  if (next === null) return;
  const wasStaged = staged.get(key);
  staged.set(key, { tbl: op.table, pk: op.pk, data: next, isNew: wasStaged ? wasStaged.isNew : existing === null, deleted: false });
}

/** A mutation's new ledger entries may not take a customer's balance below zero. */
async function checkBalances(trx: Transaction<HqDatabase>, storeId: string, staged: Map<string, Staged>): Promise<void> {
  const delta = new Map<string, number>();
  for (const s of staged.values()) {
    if (s.tbl !== 'points_ledger' || !s.isNew || s.deleted) continue;
    const c = String(s.data.customer_id);
    delta.set(c, (delta.get(c) ?? 0) + Number(s.data.points));
  }
  for (const [customerId, d] of delta) {
    if (d >= 0) continue;
    const balance = await pointsBalance(trx, storeId, customerId);
    if (balance + d < 0) {
      throw new Rejection('insufficient_balance', `Customer ${customerId} has ${balance} points; this needs ${-d}`, { customerId, balance, requested: -d, field: 'points' });
    }
  }
}
