import type BetterSqlite3 from 'better-sqlite3';
import type { Change } from '../../../shared/sync/protocol';
import { ALIGN_OPS_PER_ENTRY, ALIGNABLE, PLANNER_ALIGN, voidedByPlanner } from '../../../shared/sync/planner-align';
import { alignSwitchOn, appendOutboxSync, holdRows, takeAlignCaptured } from '../repos/planner-align';
import { capturedToOps } from './ops';

/**
 * Planner changes to rows HQ holds (migration 0014). The planner's rows are not pushed: every desk
 * makes the same ones. But once a person changed one (it is in an outbox entry) or HQ sent it in a
 * pull, HQ holds a copy, and a later change the planner makes to it (void, re-date, lapse...) is
 * pushed as a 'planner.align' mutation (one per planner transaction, up to ALIGN_OPS_PER_ENTRY rows), queued in that transaction.
 * Why a list of held rows rather than pushing every planner change: the first plan of a 100k store
 * writes ~185k rows, of which HQ holds none; only rows HQ already has need its update.
 */

/** Call first in the planner's write transaction. */
export function beginPlannerAlign(sqlite: BetterSqlite3.Database): void {
  alignSwitchOn(sqlite);
}

/** Call last in the same transaction: queues the captured changes (if any) as one outbox entry; returns the rows it carries. */
export function endPlannerAlign(sqlite: BetterSqlite3.Database, now: string): number {
  const captured = takeAlignCaptured(sqlite);
  if (captured.length === 0) return 0;
  const ops = capturedToOps(captured);
  for (let i = 0; i < ops.length; i += ALIGN_OPS_PER_ENTRY) {
    const part = ops.slice(i, i + ALIGN_OPS_PER_ENTRY);
    appendOutboxSync(sqlite, { name: PLANNER_ALIGN, args: { rows: part.length }, at: now, ops: part });
  }
  return ops.length;
}

/**
 * Notes the open planned rows a pull page carries as held at HQ (before the page is applied: HQ
 * holds them either way), and the voided tasks: the planner opens a task it voided again when
 * its reason comes back, but not one HQ holds (a status never moves back there).
 */
export function holdPulledRows(sqlite: BetterSqlite3.Database, changes: readonly Change[]): void {
  const rows: [string, string][] = [];
  for (const c of changes) {
    // What the planner may still change: a task still open, a card still to write, or one it voided / lapsed (it opens those again).
    const open = ALIGNABLE[c.table]?.open;
    const held = c.row?.status === open || voidedByPlanner(c.table, c.row);
    if (open !== undefined && c.op === 'upsert' && held) rows.push([c.table, c.pk]);
  }
  holdRows(sqlite, rows);
}
