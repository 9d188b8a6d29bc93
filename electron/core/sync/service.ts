import { hostname } from 'node:os';
import type BetterSqlite3 from 'better-sqlite3';
import type { AttentionItem, SyncState, SyncStatus } from '../../../shared/api/areas/sync';
import { SYNC_SCHEMA_VERSION, type MutationResult } from '../../../shared/sync/protocol';
import type { Clock } from '../clock';
import { markPushed, pendingCount, settleUpTo, toMutation, unsettledOutbox } from '../repos/outbox';
import { markedDue } from '../repos/planner-wake';
import { openRejections, recordRejections, resolveRejection } from '../repos/sync-apply';
import { hasStore, readSyncSetting, storeId, storeName, writeCursor, writeSyncSetting } from '../repos/sync-state';
import { DEFAULT_GUARD, type GuardOptions } from './apply';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { hqClient, HqRequestError, normaliseHqUrl, type HqClient } from './http';
import { BOOTSTRAP_PAGE_LIMIT, Halt, pull, type PullContext } from './pull';
import { withinBytes } from './push-batch';
import type { TokenStore } from './token-store';

export interface SyncOptions {
  /** Regular push + pull (default 5 minutes). */
  intervalMs: number;
  /** After a local change (default 3 s: several quick edits go in one push). */
  soonMs: number;
  backoff: BackoffOptions;
  random: () => number;
  guard: GuardOptions;
  /** Changes per pull page (HQ caps it at 10,000). */
  pageLimit: number;
  /** Mutations per push request (the protocol allows 500). */
  pushBatch: number;
  /** The sync schema version this desk speaks (SYNC_SCHEMA_VERSION). */
  schemaVersion: number;
}
export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  intervalMs: 5 * 60_000, soonMs: 3_000, backoff: DEFAULT_BACKOFF, random: Math.random, guard: DEFAULT_GUARD, pageLimit: 2_000, pushBatch: 200, schemaVersion: SYNC_SCHEMA_VERSION,
};

export interface SyncService {
  status(): SyncStatus;
  /** Enrols this store-less desk with HQ, then runs the initial sync in the background. */
  connect(input: { hqUrl: string; code: string; deviceName?: string }): Promise<SyncStatus>;
  /**
   * Enrols this desk again, keeping its store, cursor and unsettled changes: HQ revoked its token, or the
   * token could not be read back (the OS keyring locked, a Windows password reset). Only a code of the
   * desk's own store is taken.
   */
  reconnect(input: { code: string; deviceName?: string; hqUrl?: string }): Promise<SyncStatus>;
  /** Whether HQ answered the last round from another address (a redirect): reconnect may then take a new one. */
  moved(): boolean;
  /** Push and pull now (also while backing off); resolves when the round is over. */
  syncNow(): Promise<SyncStatus>;
  /** A local change was queued: push it soon. */
  soon(): void;
  resolve(id: string): boolean;
  start(): void;
  stop(): void;
  /** Resolves when the round under way (if any) is over (tests, shutdown). */
  idle(): Promise<void>;
}

export interface SyncDeps {
  sqlite: BetterSqlite3.Database;
  clock: Clock;
  tokens: TokenStore;
  /** Re-plan customers whose rows a page changed, and those a round's writes marked due; plan everyone after the initial sync. */
  replan(customerIds: readonly string[]): void;
  planAll(): Promise<unknown>;
  onStatus(status: SyncStatus): void;
  onTables(tables: string[]): void;
  options?: Partial<SyncOptions>;
}

/** Above this many customers to plan after a round, a whole-store run (it yields) instead of one synchronous re-plan. */
const REPLAN_AT_ONCE = 2_000;

export function createSyncService(deps: SyncDeps): SyncService {
  const { sqlite, clock, tokens } = deps;
  const opts: SyncOptions = { ...DEFAULT_SYNC_OPTIONS, ...deps.options };
  const now = () => clock.now().toISOString();

  // Connected once but the token cannot be read back (the keyring locked, a password reset): as good as
  // revoked, and said so. It showed "idle" while the changes piled up unpushed.
  let state: SyncState = readSyncSetting(sqlite, 'hq_url') ? (tokens.read() === null ? 'unauthorized' : 'idle') : 'not_connected';
  let lastAttemptAt: string | null = null;
  let lastError: string | null = null;
  let lastErrorCode: string | null = null;
  let nextAttemptAt: string | null = null;
  let failures = 0;
  let initial: SyncStatus['initial'] = null;
  let refusal: SyncStatus['refusal'] = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let started = false;

  const connected = () => readSyncSetting(sqlite, 'hq_url') !== null && tokens.read() !== null;
  const client = (): HqClient => hqClient(readSyncSetting(sqlite, 'hq_url')!, () => tokens.read(), opts.schemaVersion);

  function attention(): AttentionItem[] {
    return openRejections(sqlite).map((r) => {
      const details = r.details ? (JSON.parse(r.details) as Record<string, unknown>) : {};
      const { undone, ...rest } = details;
      return { id: r.id, mutationId: r.mutation_id, name: r.name, args: JSON.parse(r.args) as Record<string, unknown>, code: r.code, message: r.message, details: rest, undone: undone === true, receivedAt: r.received_at };
    });
  }

  function status(): SyncStatus {
    return {
      state, connected: connected(), hqUrl: readSyncSetting(sqlite, 'hq_url'), deviceId: readSyncSetting(sqlite, 'device_id'), storeName: storeName(sqlite),
      lastSuccessAt: readSyncSetting(sqlite, 'last_success_at'), lastAttemptAt, nextAttemptAt, lastError, pending: pendingCount(sqlite), initial, refusal,
      movedTo: lastErrorCode === 'moved' ? (lastError?.match(/https?:\/\/[^\s;]+/)?.[0] ?? '') : null,
      attention: attention(),
    };
  }
  const publish = () => deps.onStatus(status());

  function schedule(delayMs: number): void {
    if (!started) return;
    if (timer) clearTimeout(timer);
    nextAttemptAt = new Date(clock.now().getTime() + delayMs).toISOString();
    timer = setTimeout(() => {
      timer = null;
      void round();
    }, delayMs);
    timer.unref?.();
  }

  function settle(results: readonly MutationResult[], lastMutationId: number): void {
    sqlite.transaction(() => {
      recordRejections(sqlite, results, now());
      settleUpTo(sqlite, lastMutationId, now());
    })();
  }

  async function push(hq: HqClient): Promise<void> {
    const deviceId = readSyncSetting(sqlite, 'device_id') ?? '';
    for (;;) {
      const taken = unsettledOutbox(sqlite, opts.pushBatch);
      const batch = withinBytes(taken); // HQ's body limit: big entries go in smaller batches
      if (batch.length === 0) return;
      const answer = await hq.push({ deviceId, schemaVersion: opts.schemaVersion, mutations: batch.map(toMutation) });
      markPushed(sqlite, batch.map((b) => b.mutationId), now());
      settle(answer.results ?? [], answer.lastMutationId);
      const last = batch[batch.length - 1]!.mutationId;
      if (answer.lastMutationId < last) return; // HQ stopped the batch (a transient error): the rest next round, in order
      if (taken.length < opts.pushBatch && batch.length === taken.length) return;
    }
  }

  const pullContext: PullContext = {
    sqlite, now, schemaVersion: opts.schemaVersion, pageLimit: opts.pageLimit, bootstrapPageLimit: deps.options?.pageLimit ?? BOOTSTRAP_PAGE_LIMIT, guard: opts.guard,
    replan: (ids) => deps.replan(ids), planAll: () => deps.planAll(), onTables: (t) => deps.onTables(t),
    setRefusal: (r) => {
      refusal = r;
    },
    setInitial: (i) => {
      initial = i;
      if (i) publish();
    },
  };

  async function roundOnce(): Promise<void> {
    if (readSyncSetting(sqlite, 'hq_url') !== null && tokens.read() === null && state !== 'unauthorized') {
      state = 'unauthorized';
      publish();
    }
    if (!connected() || state === 'update_needed' || state === 'unauthorized') return;
    state = 'syncing';
    lastAttemptAt = now();
    publish();
    try {
      const hq = client();
      await push(hq);
      await pull(pullContext, hq);
      await push(hq); // what the pull's settlement left, and changes made meanwhile
      failures = 0;
      lastError = null;
      state = 'idle';
      writeSyncSetting(sqlite, 'last_success_at', now());
      schedule(again ? opts.soonMs : opts.intervalMs);
    } catch (error) {
      lastError = (error as Error).message;
      lastErrorCode = error instanceof HqRequestError ? error.code : null;
      if (error instanceof Halt) {
        state = error.state;
        failures++;
        if (state === 'refused') schedule(opts.intervalMs);
      } else if (error instanceof HqRequestError && (error.code === 'update_needed')) {
        state = 'update_needed';
      } else if (error instanceof HqRequestError && (error.code === 'unauthorized' || error.code === 'forbidden')) {
        state = 'unauthorized';
      } else {
        // No answer or a server error (offline), or a page that failed to apply (rolled back) / a request HQ
        // refused (failing): keep working, retry later with backoff.
        const unreachable = error instanceof HqRequestError && error.code === 'offline';
        if (!unreachable) console.error('[sync] round failed', error);
        state = unreachable ? 'offline' : 'failing';
        failures++;
        schedule(backoffDelay(failures, opts.random, opts.backoff));
      }
    } finally {
      planMarked();
      again = false;
      publish();
    }
  }

  /**
   * Plans the customers a write marked due that no run planned since: a pulled row that moved from
   * one customer to another or was deleted (a page re-plans only the customers its rows name now),
   * a rejected change undone, a resync sweep. Many at once: a whole-store run, in slices.
   */
  function planMarked(): void {
    try {
      if (!hasStore(sqlite)) return;
      const ids = markedDue(sqlite);
      if (ids.length > REPLAN_AT_ONCE) deps.planAll().catch((error) => console.error('[sync] planning after the round failed', error));
      else if (ids.length > 0) deps.replan(ids);
    } catch (error) {
      console.error('[sync] planning after the round failed', error);
    }
  }

  function round(): Promise<void> {
    running ??= roundOnce().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    status,
    async connect({ hqUrl, code, deviceName }) {
      if (hasStore(sqlite)) throw new Error('already has a store');
      let url: string;
      try {
        url = normaliseHqUrl(hqUrl);
      } catch {
        throw new HqRequestError('validation', `${hqUrl} is not an address`);
      }
      const answer = await hqClient(url, () => null, opts.schemaVersion).enrol(code, deviceName ?? hostname());
      tokens.write(answer.token);
      writeSyncSetting(sqlite, 'hq_url', url);
      writeSyncSetting(sqlite, 'device_id', answer.deviceId);
      writeSyncSetting(sqlite, 'device_name', deviceName ?? hostname());
      writeSyncSetting(sqlite, 'initial_done', null);
      writeCursor(sqlite, 0, now());
      state = 'idle';
      failures = 0;
      lastError = null;
      initial = { applied: 0, total: 0 };
      started = true;
      void round();
      return status();
    },
    moved: () => lastErrorCode === 'moved',
    async reconnect({ code, deviceName, hqUrl }) {
      const stored = readSyncSetting(sqlite, 'hq_url');
      if (stored === null || !hasStore(sqlite)) throw new HqRequestError('validation', 'this desk was never connected to HQ');
      let url = stored;
      if (hqUrl !== undefined) {
        try {
          url = normaliseHqUrl(hqUrl);
        } catch {
          throw new HqRequestError('validation', `${hqUrl} is not an address`);
        }
      }
      await running;
      // As the device it was: HQ takes a code of this store only, and carries on its mutation count.
      const was = readSyncSetting(sqlite, 'device_id');
      const replaces = was !== null ? { storeId: storeId(sqlite)!, deviceId: was } : undefined;
      const answer = await hqClient(url, () => null, opts.schemaVersion).enrol(code, deviceName ?? readSyncSetting(sqlite, 'device_name') ?? hostname(), replaces);
      if (answer.store.id !== storeId(sqlite)) throw new HqRequestError('validation', `the code is for store ${answer.store.code}, not this desk's`);
      tokens.write(answer.token);
      writeSyncSetting(sqlite, 'device_id', answer.deviceId);
      writeSyncSetting(sqlite, 'hq_url', url);
      state = 'idle';
      failures = 0;
      lastError = null;
      lastErrorCode = null;
      started = true;
      await round();
      return status();
    },
    async syncNow() {
      if (running) {
        await running;
      }
      if (timer) clearTimeout(timer);
      timer = null;
      if (state === 'unauthorized' || state === 'update_needed') state = connected() ? 'idle' : 'not_connected';
      await round();
      return status();
    },
    soon() {
      if (!connected() || !started) return;
      if (running) {
        again = true;
        return;
      }
      // Backing off (offline): the change waits in the outbox, the retry is not pulled forward.
      if (state !== 'offline' && state !== 'failing') {
        const due = nextAttemptAt ? Date.parse(nextAttemptAt) - clock.now().getTime() : Infinity;
        if (due > opts.soonMs) schedule(opts.soonMs);
      }
      publish(); // the pending count changed
    },
    resolve(id) {
      const done = resolveRejection(sqlite, id, now());
      publish();
      return done;
    },
    start() {
      started = true;
      if (connected()) schedule(0);
    },
    stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    idle: async () => {
      while (running) await running;
    },
  };
}
