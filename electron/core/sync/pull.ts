import type BetterSqlite3 from 'better-sqlite3';
import type { SyncState, SyncStatus } from '../../../shared/api/areas/sync';
import { hasStore, readCursor, readSyncSetting, writeCursor, writeSyncSetting } from '../repos/sync-state';
import { applyPullPage, type GuardOptions } from './apply';
import { HqRequestError, type HqClient } from './http';

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
  guard: GuardOptions;
  replan(customerIds: readonly string[]): void;
  planAll(): Promise<unknown>;
  onTables(tables: string[]): void;
  /** The page refused by the mass-delete guard (null once a page applies). */
  setRefusal(refusal: SyncStatus['refusal']): void;
  /** Initial sync progress (null when done). */
  setInitial(initial: SyncStatus['initial']): void;
}

/** Pulls pages after the cursor until HQ has no more, each applied with its cursor in one transaction. */
export async function pull(ctx: PullContext, hq: HqClient): Promise<void> {
  const { sqlite, now } = ctx;
  let resynced = false;
  const isInitial = readSyncSetting(sqlite, 'initial_done') === null;
  let applied = 0;
  for (;;) {
    let page;
    try {
      page = await hq.pull(readCursor(sqlite), ctx.pageLimit);
    } catch (error) {
      if (error instanceof HqRequestError && error.code === 'cursor_expired' && !resynced) {
        // HQ no longer has the log after our cursor: read the whole store again from the start.
        resynced = true;
        writeCursor(sqlite, 0, now());
        continue;
      }
      throw error;
    }
    if (page.schemaVersion !== ctx.schemaVersion) throw new Halt('update_needed', `HQ speaks sync schema ${page.schemaVersion}, this desk ${ctx.schemaVersion}`);
    const outcome = applyPullPage(sqlite, page, now(), ctx.guard);
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
  if (isInitial && hasStore(sqlite)) {
    writeSyncSetting(sqlite, 'initial_done', now());
    ctx.setInitial(null);
    await ctx.planAll();
    ctx.onTables(['stores', 'staff', 'customers', 'tasks', 'card_reminders']);
  }
}
