import type { RejectionCode, RowOp } from '../../shared/sync/protocol';
import { ALIGNABLE, voidedByPlanner } from '../../shared/sync/planner-align';
import { rowKeyOf, statusMayMove, syncedTable } from '../../shared/sync/tables';

export type AlignOutcome =
  | { kind: 'write'; row: Record<string, unknown> }
  | { kind: 'skip' }
  | { kind: 'reject'; code: RejectionCode; message: string; details: Record<string, unknown> };

/**
 * One row operation of a desk's 'planner.align' mutation (shared/sync/planner-align.ts): the desk's
 * planner changed a planned row HQ holds. It only ever updates a row HQ already has:
 * - a row HQ does not hold: nothing (the planner's rows live on the desks; HQ gets one when a person changes it);
 * - a row still open at HQ: the planner's fields, last writer wins, status only forward; a task a
 *   manager pinned keeps its advisor;
 * - a task a planner voided or a card it lapsed at HQ, which the op opens again (its reason came
 *   back): open, with the planner's fields (any desk's planner makes the same decision from the same data, so a void
 *   from a desk that had not yet seen the change is undone by the next one that has);
 * - a row a person (or another desk's planner) has finished at HQ: left as it is;
 * - a customer: its tier, tier_since and updated_at, last writer wins (every desk computes the same tier from the same facts).
 * Whenever HQ holds the row it is written again (a new seq, even if unchanged), so the desk that sent
 * the op pulls HQ's row after its own op settled and ends up with exactly HQ's values.
 * Anything else in the op (an insert, another table or field) is not a planner change: refused.
 */
export function alignOp(op: RowOp, existing: Record<string, unknown> | null): AlignOutcome {
  const rule = ALIGNABLE[op.table];
  const table = syncedTable(op.table);
  if (!rule || !table || op.op !== 'update') {
    return { kind: 'reject', code: 'invalid_row', message: `planner.align carries only updates of ${Object.keys(ALIGNABLE).join(', ')}`, details: { table: op.table, field: 'op' } };
  }
  if (rowKeyOf(table, op.row) !== op.pk) return { kind: 'reject', code: 'invalid_row', message: `${op.table} ${op.pk}: pk does not match the row`, details: { table: op.table, field: 'pk' } };
  const stray = Object.keys(op.fields).find((f) => !rule.fields.includes(f));
  if (stray !== undefined) return { kind: 'reject', code: 'forbidden_field', message: `${op.table}.${stray} is not the planner's to change`, details: { table: op.table, field: stray } };
  if (!existing) return { kind: 'skip' };
  if (rule.open === undefined) return { kind: 'write', row: { ...existing, ...op.fields } }; // a customer's tier
  const reopens = voidedByPlanner(op.table, existing) && op.fields.status === rule.open;
  if (existing.status !== rule.open && !reopens) return { kind: 'write', row: existing };
  const fields = { ...op.fields };
  if (!reopens && typeof fields.status === 'string' && !statusMayMove(table, existing, { ...existing, ...fields })) {
    return { kind: 'reject', code: 'status_backwards', message: `${op.table} ${op.pk}: status cannot move from ${rule.open} to ${fields.status}`, details: { table: op.table, field: 'status' } };
  }
  if (op.table === 'tasks' && Number(existing.advisor_pinned) === 1) delete fields.advisor_id;
  return { kind: 'write', row: { ...existing, ...fields } };
}
