import type BetterSqlite3 from 'better-sqlite3';
import type { SyncState, SyncStatus } from '../../../shared/api/areas/sync';
import { unsettledOutbox } from '../repos/outbox';
import { beginBootstrap, type BootstrapFinish, bootstrapPragmas, bootstrapUnderWay, deskIsEmpty } from '../repos/bulk-load';
import { acceptedRefusal, clearAcceptedRefusal, endSeen, seenUnderWay, startSeen, sweepRows, tableRowCount, unseenRows } from '../repos/sync-apply';
import { hasStore, readCursor, readSyncSetting, writeCursor, writeSyncSetting } from '../repos/sync-state';
import { applyPullPage, type GuardOptions } from './apply';
import { finishBulkLoad } from './bulk-finish';
import { PageQueue } from './page-queue';
import { HqRequestError, type HqClient } from './http';
import { holdPulledRows } from './planner-align';

/** Stop a round (not retried by backoff): the state says why. */
export class Halt extends Error {
  constructor(readonly state: SyncState, message: string) {
    super(message);
  }
}

export interface PullContext {
  sqlite: BetterSqlite3.Database;
  now(): string;
  schemaVersion: number;
  pageLimit: number;
  /** Rows per page of an empty desk's initial sync (BOOTSTRAP_PAGE_LIMIT unless the options set pageLimit). */
  bootstrapPageLimit: number;
  guard: GuardOptions;
  replan(customerIds: readonly string[]): void;
  planAll(): Promise<unknown>;
  onTables(tables: string[]): void;
  /** The page refused by the mass-delete guard (null once a page applies). */
  setRefusal(refusal: SyncStatus['refusal']): void;
  /** Initial sync progress (null when done). */
  setInitial(initial: SyncStatus['initial']): void;
}

/** Rows per page while an empty desk loads its store (the protocol's largest page). */
export const BOOTSTRAP_PAGE_LIMIT = 10_000;
/** Pages an initial sync has asked for at once: one applied, the others prepared by HQ meanwhile. */
export const BOOTSTRAP_PAGES_AHEAD = 3;

/**
 * Pulls pages after the cursor until HQ has no more, each applied with its cursor in one
 * transaction. The next page is requested while this one is applied (its cursor is the one this
 * page stores; a page that fails or is refused drops the prefetched one).
 *
 * The initial sync of an empty desk is a bulk load (repos/bulk-load.ts): secondary indexes and
 * idle triggers dropped, plain INSERTs without reference checks, a big page cache, pages of
 * BOOTSTRAP_PAGE_LIMIT; references are checked and search keys and indexes built once at the end,
 * before `initial_done`. A desk stopped half-way resumes it
 * from its cursor (setup still says no store until then).
 */
export async function pull(ctx: PullContext, hq: HqClient): Promise<void> {
  const { sqlite } = ctx;
  const isInitial = readSyncSetting(sqlite, 'initial_done') === null;
  const bootstrap = isInitial && (bootstrapUnderWay(sqlite) || (readCursor(sqlite) === 0 && deskIsEmpty(sqlite)));
  if (bootstrap) beginBootstrap(sqlite);
  const limit = bootstrap ? ctx.bootstrapPageLimit : ctx.pageLimit;
  const restorePragmas = bootstrap ? bootstrapPragmas(sqlite) : () => undefined;
  try {
    await pullPages(ctx, hq, isInitial, bootstrap, limit);
  } finally {
    restorePragmas();
  }
}

async function pullPages(ctx: PullContext, hq: HqClient, isInitial: boolean, bootstrap: boolean, limit: number): Promise<void> {
  const { sqlite, now } = ctx;
  let resynced = resyncUnderWay(sqlite, now());
  // Back to cursor 0 at most once per pull (a resync resumed from an earlier round may meet cursor_expired too).
  let restarted = false;
  let applied = 0;
  const timing = { pages: 0, waitMs: 0, applyMs: 0, applyCpuMs: 0, finishMs: 0, finish: null as BootstrapFinish | null };
  // The next pages are on their way while one is applied (an initial sync asks for several at once).
  const queue = new PageQueue((cursor, upTo) => hq.pull(cursor, limit, { deferRefs: bootstrap, upTo }), limit, bootstrap ? BOOTSTRAP_PAGES_AHEAD : 1);
  for (;;) {
    let page;
    const waitStart = performance.now();
    try {
      page = await queue.take(readCursor(sqlite));
      timing.waitMs += performance.now() - waitStart;
    } catch (error) {
      queue.clear();
      if (error instanceof HqRequestError && error.code === 'cursor_expired' && !restarted) {
        // HQ no longer has the log after our cursor: read the whole store again from the start.
        resynced = true;
        restarted = true;
        writeSyncSetting(sqlite, 'resync_started', now());
        writeCursor(sqlite, 0, now());
        startSeen(sqlite);
        continue;
      }
      throw error;
    }
    if (page.schemaVersion !== ctx.schemaVersion) throw new Halt('update_needed', `HQ speaks sync schema ${page.schemaVersion}, this desk ${ctx.schemaVersion}`);
    queue.arrived(page);
    holdPulledRows(sqlite, page.changes); // HQ holds these open planned rows: the planner's later changes to them are pushed
    const applyStart = performance.now();
    const applyCpu = process.cpuUsage();
    const outcome = applyPullPage(sqlite, page, now(), ctx.guard, { bootstrap, markSeen: resynced });
    timing.applyMs += performance.now() - applyStart;
    const used = process.cpuUsage(applyCpu);
    timing.applyCpuMs += (used.user + used.system) / 1000;
    timing.pages++;
    if (!outcome.ok) {
      ctx.setRefusal({ table: outcome.table, deletes: outcome.deletes, rows: outcome.rows });
      throw new Halt('refused', `a page from HQ would delete ${outcome.deletes} of ${outcome.rows} rows of ${outcome.table}; refused`);
    }
    ctx.setRefusal(null);
    applied += outcome.applied;
    if (isInitial) {
      const total = Object.values(page.totals ?? {}).reduce((a, b) => a + b, 0);
      ctx.setInitial({ applied: Math.min(applied, Math.max(total, applied)), total: Math.max(total, applied) });
    } else if (outcome.rulesChanged && hasStore(sqlite)) {
      await ctx.planAll(); // new rules: everyone's plan may change (the planner sees the config changed)
    } else if (outcome.customers.length > 0 && hasStore(sqlite)) {
      ctx.replan(outcome.customers);
    }
    if (page.changes.length > 0) ctx.onTables([...new Set(page.changes.map((c) => c.table))]);
    if (!page.hasMore) break;
  }
  if (resynced) sweepAfterResync(ctx);
  if (bootstrap) {
    await new Promise((resolve) => setTimeout(resolve, 0)); // a turn of the event loop between the last page and the index build
    const finishStart = performance.now();
    timing.finish = await finishBulkLoad(sqlite);
    timing.finishMs = performance.now() - finishStart;
  }
  if (isInitial && hasStore(sqlite)) {
    writeSyncSetting(sqlite, 'initial_done', now());
    const s = (ms: number) => (ms / 1000).toFixed(1);
    const f = timing.finish;
    const finish = f ? ` (references ${s(f.referencesMs)} s; ${f.keys} search keys ${s(f.keysMs)} + ${s(f.keysInsertMs)} s; ${f.indexes.length} indexes ${s(f.indexes.reduce((a, i) => a + i.ms, 0))} s, slowest ${f.indexes.slice(0, 3).map((i) => `${i.name} ${s(i.ms)}`).join(', ')})` : '';
    console.info(`[sync] initial sync: ${applied} rows in ${timing.pages} pages; waiting for HQ ${s(timing.waitMs)} s, applying pages ${s(timing.applyMs)} s (CPU ${s(timing.applyCpuMs)} s), indexes + search keys ${s(timing.finishMs)} s${finish}`);
    ctx.setInitial(null);
    await ctx.planAll();
    ctx.onTables(['stores', 'staff', 'customers', 'tasks', 'card_reminders']);
  }
}

/**
 * After a full resync: the synced rows HQ did not send are gone at HQ (their tombstones were
 * compacted, which is why the cursor expired) and are deleted here too, except this desk's
 * unsettled work (pending outbox operations) and the planner's own rows (tasks and cards, swept
 * only with their customer). The mass-delete guard applies as to a page: a sweep deleting too
 * large a share of a table is refused (state 'refused'; nothing deleted).
 */
function sweepAfterResync(ctx: PullContext): void {
  const { sqlite } = ctx;
  const keep = new Set<string>();
  for (const e of unsettledOutbox(sqlite)) for (const op of e.ops) keep.add(`${op.table}\u0000${op.pk}`);
  const unseen = unseenRows(sqlite, keep);
  // The first table whose sweep trips the guard is the refusal shown; a manager who accepted exactly it
  // (sync.acceptRefused) lets the whole sweep pass once (the customers' cars and visits go with them).
  let refusal: { table: string; deletes: number; rows: number } | null = null;
  for (const [table, keys] of unseen) {
    const rows = tableRowCount(sqlite, table);
    if (keys.length >= ctx.guard.minDeletes && keys.length > ctx.guard.maxDeleteShare * rows) {
      refusal = { table, deletes: keys.length, rows };
      break;
    }
  }
  const accepted = refusal && acceptedRefusal(sqlite);
  const usedAcceptance = refusal !== null && accepted?.table === refusal.table && accepted.deletes === refusal.deletes;
  if (refusal && !usedAcceptance) {
    // The resync stays under way (its marker and seen keys kept): the next round sweeps again, refused
    // until a manager accepts it. Forgetting it here left the rows HQ deleted on the desk for good.
    ctx.setRefusal(refusal);
    throw new Halt('refused', `the resync would delete ${refusal.deletes} of ${refusal.rows} rows of ${refusal.table} HQ no longer has; refused`);
  }
  const { kept } = sweepRows(sqlite, unseen, keep);
  if (usedAcceptance) clearAcceptedRefusal(sqlite);
  if (kept > 0) console.warn(`[sync] resync sweep kept ${kept} rows HQ no longer has that local rows still refer to`);
  if (unseen.size > 0) ctx.onTables([...unseen.keys()]);
  endSeen(sqlite);
  writeSyncSetting(sqlite, 'resync_started', null);
}

/**
 * A full resync a failed round left half-way (offline, a page refused) goes on where it was, with
 * the keys seen so far; after a restart those are gone (a TEMP table), so it starts again from
 * cursor 0. Either way its sweep runs once it has read everything: without it, rows HQ deleted
 * stayed on the desk for good.
 */
function resyncUnderWay(sqlite: BetterSqlite3.Database, at: string): boolean {
  if (readSyncSetting(sqlite, 'resync_started') === null) return false;
  if (!seenUnderWay(sqlite)) {
    writeCursor(sqlite, 0, at);
    startSeen(sqlite);
  }
  return true;
}
