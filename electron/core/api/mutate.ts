import type { Transaction } from 'kysely';
import type { Staff } from '../../../shared/domain/types';
import { MUTATION_OPS_MAX } from '../../../shared/sync/protocol';
import type { Database } from '../db/schema';
import { audit, type AuditEntry } from '../repos/audit';
import { appendOutbox, startCapture, takeCaptured } from '../repos/outbox';
import { capturedToOps } from '../sync/ops';
import { getStore } from '../repos/stores';
import { DeskFailure } from './failure';
import type { CallContext } from './types';

export interface MutationSpec {
  /** The mutation's name as HQ will replay it, e.g. 'preferences.add'. */
  name: string;
  /** Everything needed to replay it, client-generated ids included (replays must be idempotent). */
  args: Record<string, unknown>;
  audit: Pick<AuditEntry, 'action' | 'entity' | 'entityId'> & { detail?: unknown };
  /** Customers whose planning inputs changed (a survey, a complaint, consent...): re-planned after the commit. */
  replan?: readonly string[];
  /** Tables a window showing them should reload. */
  tables: readonly string[];
  /** The argument that makes the change large (the customers chosen): named when it is too large to push. */
  sizeField?: string;
}

export interface WriteContext {
  trx: Transaction<Database>;
  staff: Staff;
  /** The instant of this write (ISO UTC), the same in every row it writes. */
  at: string;
  /** Today in the store's time zone. */
  today: string;
}

/** The signed-in staff member (dispatch already refused anonymous calls to 'staff' verbs). */
export function signedIn(call: CallContext): Staff {
  const staff = call.session.staff;
  if (!staff) throw new DeskFailure('forbidden', 'Sign in first', { field: 'session' });
  return staff;
}

/** Today's calendar date in the store's time zone. */
export async function storeToday(call: CallContext): Promise<string> {
  return (await storeDay(call)).today;
}

/** The store's today and its time zone (to turn store days into instants: timestamps are UTC). */
export async function storeDay(call: CallContext): Promise<{ today: string; timezone: string }> {
  const store = await getStore(call.core.database.db);
  const timezone = store?.timezone ?? 'Asia/Shanghai';
  return { today: call.core.clock.today(timezone), timezone };
}

/**
 * Every write a person makes goes through here: the rows, the audit entry and the outbox
 * entry (what sync will push to HQ) commit together or not at all. After the commit the
 * touched customers are re-planned and windows are told what changed.
 */
export async function mutate<T>(call: CallContext, spec: MutationSpec, write: (w: WriteContext) => Promise<T>): Promise<T> {
  const staff = signedIn(call);
  const at = call.core.clock.now().toISOString();
  const today = await storeToday(call);
  const value = await call.core.database.db.transaction().execute(async (trx) => {
    // The triggers of migration 0008 record the rows this write makes to synced tables; they become
    // the outbox entry's row operations (what HQ applies), all in this one transaction.
    await startCapture(trx);
    const result = await write({ trx, staff, at, today });
    const ops = capturedToOps(await takeCaptured(trx));
    // HQ refuses a push holding a larger entry as a whole, and the entries behind it (every later change,
    // and the pulls after them) waited for good: such a change is refused here, before anything is kept.
    if (ops.length > MUTATION_OPS_MAX) {
      throw new DeskFailure('validation', `This change touches ${ops.length} records, more than one change may (${MUTATION_OPS_MAX}); nothing was saved: do it in parts`, {
        field: spec.sizeField ?? 'ops', rule: 'too_large', rows: ops.length, max: MUTATION_OPS_MAX,
      });
    }
    await audit(trx, { staffId: staff.id, ...spec.audit }, at);
    await appendOutbox(trx, { name: spec.name, args: spec.args, at, ops });
    return result;
  });
  // The write is kept whatever follows: a re-plan that fails (another process holding the database
  // past the busy timeout) was answered "nothing was changed", and the retry wrote it twice. The
  // next whole-store run plans the customer anyway.
  try {
    if (spec.replan && spec.replan.length > 0) call.core.planner.touch(spec.replan);
  } catch (error) {
    console.error(`[core] ${spec.name} was saved; planning its customers failed (the next run plans them)`, error);
  }
  call.core.broadcast('db:changed', { tables: [...spec.tables] });
  call.core.sync.soon();
  return value;
}
