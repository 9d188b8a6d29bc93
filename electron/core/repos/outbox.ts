import type BetterSqlite3 from 'better-sqlite3';
import type { Mutation, RowOp } from '../../../shared/sync/protocol';
import type { DB } from '../db/open';
import type { CapturedRow } from '../sync/ops';

/** Queues a local mutation for the sync client to push to HQ (written in the caller's transaction). */
export async function appendOutbox(db: DB, m: { name: string; args: Record<string, unknown>; at: string; ops?: readonly RowOp[] }): Promise<void> {
  await db.insertInto('outbox').values({ name: m.name, args: JSON.stringify(m.args), created_at: m.at, ops: JSON.stringify(m.ops ?? []) }).execute();
}

export async function countPendingOutbox(db: DB): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('settled_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Turns the capture triggers on for the rest of the caller's transaction (migration 0008). */
export async function startCapture(db: DB): Promise<void> {
  await db.deleteFrom('sync_capture').execute();
  await db.insertInto('sync_capture_switch').values({ id: 1 }).onConflict((oc) => oc.doNothing()).execute();
}

/** What the triggers captured since startCapture, in order; turns capture off and clears it. */
export async function takeCaptured(db: DB): Promise<CapturedRow[]> {
  await db.deleteFrom('sync_capture_switch').execute();
  const rows = await db.selectFrom('sync_capture').select(['tbl', 'op', 'old', 'new']).orderBy('seq').execute();
  await db.deleteFrom('sync_capture').execute();
  return rows;
}

export interface PendingEntry {
  mutationId: number;
  name: string;
  args: Record<string, unknown>;
  ops: RowOp[];
  createdAt: string;
}

function toEntry(r: { mutation_id: number; name: string; args: string; ops: string; created_at: string }): PendingEntry {
  return { mutationId: r.mutation_id, name: r.name, args: JSON.parse(r.args) as Record<string, unknown>, ops: JSON.parse(r.ops) as RowOp[], createdAt: r.created_at };
}

/** Unsettled outbox entries in mutation order (what push sends; what protects local rows from pulls). */
export function unsettledOutbox(sqlite: BetterSqlite3.Database, limit = 1_000_000): PendingEntry[] {
  const rows = sqlite.prepare('SELECT mutation_id, name, args, ops, created_at FROM outbox WHERE settled_at IS NULL ORDER BY mutation_id LIMIT ?').all(limit) as {
    mutation_id: number; name: string; args: string; ops: string; created_at: string;
  }[];
  return rows.map(toEntry);
}

export function pendingCount(sqlite: BetterSqlite3.Database): number {
  return sqlite.prepare('SELECT count(*) FROM outbox WHERE settled_at IS NULL').pluck().get() as number;
}

export function outboxEntry(sqlite: BetterSqlite3.Database, mutationId: number): PendingEntry | null {
  const r = sqlite.prepare('SELECT mutation_id, name, args, ops, created_at FROM outbox WHERE mutation_id = ?').get(mutationId) as
    | { mutation_id: number; name: string; args: string; ops: string; created_at: string }
    | undefined;
  return r ? toEntry(r) : null;
}

export function markPushed(sqlite: BetterSqlite3.Database, ids: readonly number[], at: string): void {
  sqlite.prepare('UPDATE outbox SET pushed_at = ? WHERE mutation_id IN (SELECT value FROM json_each(?))').run(at, JSON.stringify(ids));
}

/** Settles every entry up to `lastMutationId` that is not settled yet as applied (rejections are settled first, by settleRejected). */
export function settleUpTo(sqlite: BetterSqlite3.Database, lastMutationId: number, at: string): number {
  return sqlite.prepare("UPDATE outbox SET settled_at = ?, result = 'applied' WHERE settled_at IS NULL AND mutation_id <= ?").run(at, lastMutationId).changes;
}

export function settleRejected(sqlite: BetterSqlite3.Database, mutationId: number, at: string): void {
  sqlite.prepare("UPDATE outbox SET settled_at = ?, result = 'rejected' WHERE mutation_id = ?").run(at, mutationId);
}

/** The wire form of an outbox entry. */
export function toMutation(e: PendingEntry): Mutation {
  return { id: e.mutationId, name: e.name, args: e.args, ops: e.ops, at: e.createdAt };
}
