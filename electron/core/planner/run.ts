import { hash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { addDays, daysBetween } from '../../../shared/domain/rules/days';
import { pruneHeld } from '../repos/planner-align';
import { customerRanges, loadPlanningInputs } from '../repos/planner-inputs';
import { loadPlanningInputsKept } from '../repos/planner-inputs-cached';
import { taskDigestsOf } from '../repos/planner-wake';
import { runToEnd, type PlanningCustomer } from '../repos/planner-inputs-types';
import { dropPlannedIndexesIfEmpty, rebuildPlannedIndexes } from '../repos/planner-bulk';
import { withLateReviewsChecked } from './late-review';
import { applyPlan, deletedWithOpenWork, hasWakeTable, loadOpenWork, type OpenCard, type OpenTask, type OpenWork } from './apply';
import { compute, type Batch, type Computed, type KeptDigests, type RunContext } from './compute';
import { PLANNER_RULES, type PlanContext } from './desired';
import { nthVisitorTasks } from './nth-visitor';
import { planInWorkers, planningWorkerCount } from './workers';
import type { DesiredTask, PlanCounts } from './rows';
import { nextTurn } from '../next-turn';

/**
 * Bump when a rule's code changes what it plans or when it plans it: the next run then plans
 * every customer again instead of trusting the wake days computed by the old code.
 */
// 2: the koi draw is seeded by the customer's store, the same on every desk.
// 3: lunar birthdays count from the lunar year of birth; late tier reviews; membership from the first car;
//    no membership card on a car's anniversary; unwanted unwritten cards lapse; voided tasks reopen.
// 4: a customer with two or more cars has a first service per car (lifecycle.ts firstServiceAfter).
// 5: a card the planner lapsed is to write again once wanted again (cards lapsed by an older desk come back);
//    a customer who opted out still gets the first-service reminder (a service notice).
// 6: the top-referrer surprise is a candidate until graceDays after the latest referral (it stayed open for good).
// 7: ... after the day the latest referral succeeded (the friend's purchase), not the day it was made.
// 8: a purchase anniversary's gift and invite keep the date first recorded as their occurrence (a corrected delivery).
// 9: ... and so does a quiet spell (care call, offer, win-back) that starts at a corrected delivery.
// 10: a reading further on than the car could have been driven since the one before crosses no mileage milestone.
const PLANNER_VERSION = 10;
/** A daily run plans every customer again at least this often, whatever their wake days say. */
const FULL_RUN_EVERY_DAYS = 7;
/** Above this share of customers due, reading the whole store is cheaper than reading them one by one. */
const WHOLE_STORE_SHARE = 0.3;
/** A whole-store run commits every this many customers... */
const CUSTOMERS_PER_COMMIT = 3_000;
/** ...and lets the WAL grow to this many pages (80 MB) before copying it back into the database. */
const CHECKPOINT_PAGES = 20_000;
/** More than SQLite's compile-time ceiling for mmap_size (2 GiB in this build), which it clamps to. */
const MMAP_ALL = 2 ** 40;

function write(sqlite: BetterSqlite3.Database, ctx: RunContext, c: Computed): PlanCounts {
  const desired = c.desired.tiers.some((t) => t.lateReview) ? { ...c.desired, tiers: withLateReviewsChecked(sqlite, c.desired.tiers, ctx.rules) } : c.desired;
  return { customers: c.customers, ...applyPlan(sqlite, desired, c.open, { today: ctx.today, now: ctx.now }, c.wake) };
}

/** Plans some customers: computes what the rules want, writes the difference and (with the wake table) when each is due again. */
function planBatch(sqlite: BetterSqlite3.Database, ctx: RunContext, read: ReadBatch, storeWide: readonly DesiredTask[], wake: boolean): PlanCounts {
  return write(sqlite, ctx, compute(ctx, read.batch, storeWide, wake, read.kept));
}

function add(a: PlanCounts, b: PlanCounts): PlanCounts {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof PlanCounts)[]) out[k] += b[k];
  return out;
}

/** The store-wide Nth-visitor tasks of a run (nth-visitor.ts), counted once, when first asked for. */
type StoreWide = () => readonly DesiredTask[];

export const ZERO: PlanCounts = { customers: 0, tasksCreated: 0, tasksUpdated: 0, tasksVoided: 0, cardsCreated: 0, cardsUpdated: 0, cardsLapsed: 0, tierChanges: 0 };

interface ReadBatch {
  batch: Batch;
  /** With the wake table: the task digests kept, so only the tasks of customers whose answer changed are read (compute). */
  kept?: KeptDigests;
}

/**
 * These customers read now, at once (in a transaction with their writes, so nothing slips between).
 * With the wake table, from their kept facts where valid, and open tasks only where the digest differs.
 * Customers asked for but gone (deleted): their open work is no longer wanted (`extra`: voided, lapsed).
 */
function readBatch(sqlite: BetterSqlite3.Database, ctx: RunContext, ids: readonly string[], wake: boolean): ReadBatch {
  if (!wake) {
    const inputs = runToEnd(loadPlanningInputs(sqlite, ctx.today, ctx.rules, ids));
    const open = runToEnd(loadOpenWork(sqlite, PLANNER_RULES, ids));
    const forget = ids.filter((id) => !inputs.has(id));
    return { batch: { customers: [...inputs.values()], open, forget, extra: openWorkOf(open, forget) } };
  }
  const inputs = loadPlanningInputsKept(sqlite, ctx.today, ctx.rules, { ids });
  const open = runToEnd(loadOpenWork(sqlite, PLANNER_RULES, ids, undefined, 'cards'));
  const forget = ids.filter((id) => !inputs.has(id));
  // The open tasks of customers gone.
  if (forget.length > 0) for (const [id, tasks] of runToEnd(loadOpenWork(sqlite, PLANNER_RULES, forget)).tasks) open.tasks.set(id, tasks);
  const kept: KeptDigests = { digests: taskDigestsOf(sqlite, ids), openTasks: (compared) => runToEnd(loadOpenWork(sqlite, PLANNER_RULES, compared)).tasks };
  return { batch: { customers: [...inputs.values()], open, forget, extra: openWorkOf(open, forget) }, kept };
}

function openWorkOf(open: OpenWork, ids: readonly string[]): { tasks: OpenTask[]; cards: OpenCard[] } {
  const extra = { tasks: [] as OpenTask[], cards: [] as OpenCard[] };
  for (const id of ids) {
    extra.tasks.push(...(open.tasks.get(id) ?? []));
    extra.cards.push(...(open.cards.get(id) ?? []));
  }
  return extra;
}

/**
 * Plans the whole store (no customerIds) or just the customers a change touched, in one go.
 * Idempotent: running it again with the same data and day changes nothing. The store-wide
 * Nth-visitor count is left to whole-store runs (it numbers every visit of the store); an
 * incremental run keeps the Nth-visitor tasks it finds.
 */
export function runPlanner(sqlite: BetterSqlite3.Database, ctx: RunContext & { customerIds?: readonly string[] }): PlanCounts {
  const ids = ctx.customerIds;
  const wake = hasWakeTable(sqlite);
  return sqlite
    .transaction(() => {
      if (ids !== undefined) return planBatch(sqlite, ctx, readBatch(sqlite, ctx, ids, wake), keptNthVisitorTasks(sqlite, ids), wake);
      const storeWide = nthVisitorTasks(sqlite, ctx);
      const inputs = runToEnd(loadPlanningInputs(sqlite, ctx.today, ctx.rules));
      const open = runToEnd(loadOpenWork(sqlite, PLANNER_RULES));
      // Open work of customers not planned (deleted ones) is no longer wanted.
      const extra = { tasks: [] as OpenTask[], cards: [] as OpenCard[] };
      for (const [id, tasks] of open.tasks) if (!inputs.has(id)) extra.tasks.push(...tasks);
      for (const [id, cards] of open.cards) if (!inputs.has(id)) extra.cards.push(...cards);
      const counts = planBatch(sqlite, ctx, { batch: { customers: [...inputs.values()], open, extra } }, storeWide, wake);
      if (wake) writeState(sqlite, { fingerprint: fingerprint(ctx), day: ctx.today, fullOn: ctx.today, nth: nthSummary(storeWide) });
      return counts;
    })
    .immediate();
}

/** Open Nth-visitor tasks of these customers, as desired again so an incremental run keeps them. */
function keptNthVisitorTasks(sqlite: BetterSqlite3.Database, ids: readonly string[]): DesiredTask[] {
  const rows = sqlite
    .prepare(
      `SELECT id, customer_id, store_id, advisor_id, rule, occurrence, kind, channel, due_date, reason FROM tasks
       WHERE rule = 'surprise_nth_visitor' AND status = 'open' AND customer_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as { id: string; customer_id: string; store_id: string; advisor_id: string | null; rule: string; occurrence: string; kind: string; channel: string | null; due_date: string; reason: string }[];
  return rows.map((r) => ({ id: r.id, customerId: r.customer_id, storeId: r.store_id, advisorId: r.advisor_id, rule: r.rule, occurrence: r.occurrence, kind: r.kind, channel: r.channel, dueDate: r.due_date, reason: r.reason }));
}

/** What the last whole-store run planned with: a daily run trusts the wake days only if nothing of it changed. */
interface PlannerState {
  fingerprint: string;
  /** The day of the last whole-store run (all customers, or the ones due). */
  day: string;
  /** The day of the last run that planned every customer. */
  fullOn: string;
  /** The store-wide Nth-visitor tasks it planned: [customer, id, due date, reason, advisor]. */
  nth: [string, string, string, string, string | null][];
}

const STATE_KEY = 'planner_state';

function fingerprint(ctx: PlanContext): string {
  return hash('sha1', JSON.stringify([PLANNER_VERSION, ctx.rules]), 'hex');
}

function nthSummary(tasks: readonly DesiredTask[]): PlannerState['nth'] {
  return tasks.map((t) => [t.customerId, t.id, t.dueDate, t.reason, t.advisorId]);
}

function readState(sqlite: BetterSqlite3.Database): PlannerState | null {
  const raw = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(STATE_KEY) as string | undefined;
  if (!raw) return null;
  try {
    return JSON.parse(raw) as PlannerState;
  } catch {
    return null;
  }
}

function writeState(sqlite: BetterSqlite3.Database, state: PlannerState): void {
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(STATE_KEY, JSON.stringify(state));
}

/**
 * The customers a daily run must plan: those whose wake day has come (or whose facts changed:
 * the triggers set their wake day to ''), and those whose store-wide Nth-visitor tasks differ
 * from the last run's. Null when every customer should be planned: the first run, new rules or
 * planner code, a day earlier than the last run's (clock moved back), a week since
 * the last full run, or so many due that reading the whole store is cheaper.
 */
function dueCustomers(sqlite: BetterSqlite3.Database, ctx: RunContext, state: PlannerState | null, storeWide: StoreWide, fullEvery: number): string[] | null {
  if (state === null || state.fingerprint !== fingerprint(ctx) || ctx.today < state.day || daysBetween(state.fullOn, ctx.today) >= fullEvery) return null;
  const known = sqlite.prepare('SELECT count(*) FROM planner_wake').pluck().get() as number;
  if (known === 0) return null;
  const due = new Set(sqlite.prepare('SELECT customer_id FROM planner_wake WHERE wake_on <= ?').pluck().all(ctx.today) as string[]);
  const key = (t: PlannerState['nth'][number]) => JSON.stringify(t);
  const before = new Set(state.nth.map(key));
  const now = nthSummary(storeWide());
  const nowKeys = new Set(now.map(key));
  for (const t of now) if (!before.has(key(t))) due.add(t[0]);
  for (const t of state.nth) if (!nowKeys.has(key(t))) due.add(t[0]);
  return due.size > known * WHOLE_STORE_SHARE ? null : [...due];
}

/**
 * A run after days nobody planned (the desk was off: the last run was before yesterday) makes
 * the tier reviews of the anniversaries in them (tier.ts evaluateTier). The customers they
 * concern are due: their wake day was the anniversary.
 */
function withMissedDays(ctx: RunContext, state: PlannerState | null): RunContext {
  if (state === null || state.day >= addDays(ctx.today, -1)) return ctx;
  return { ...ctx, tierReviewFrom: addDays(state.day, 1) };
}

/**
 * Something was written since `mark` was taken: by this connection (total_changes) or by
 * another one (data_version).
 */
function writeMark(sqlite: BetterSqlite3.Database): string {
  return `${sqlite.pragma('data_version', { simple: true }) as number}:${sqlite.prepare('SELECT total_changes()').pluck().get() as number}`;
}

/**
 * The store's daily planning, yielding between slices of work so the core keeps answering the
 * front desk while a large store (100k customers) is planned. Plans the customers due (see
 * dueCustomers; a few percent of the store on most days), or every customer: planned by
 * worker threads over ranges of customers (`workers`: how many; by default one per core from
 * WORKERS_FROM_CUSTOMERS on, 0 = in this thread), or here (facts and open work read for the
 * whole store first, then planned in batches); see writePlanned for how batches are written.
 * A run that finished then forgets the held rows no longer open (repos/planner-align pruneHeld).
 */
export async function runPlannerInBatches(
  sqlite: BetterSqlite3.Database,
  ctx: RunContext,
  options: { batchSize?: number; stopped?: () => boolean; fullRunEveryDays?: number; workers?: number } = {},
): Promise<PlanCounts> {
  const batchSize = options.batchSize ?? 1_000;
  // Counted when first needed: a whole-store run in workers counts it while they start (workers.ts).
  let nth: readonly DesiredTask[] | null = null;
  const storeWide: StoreWide = () => (nth ??= nthVisitorTasks(sqlite, ctx));
  const wake = hasWakeTable(sqlite);
  const state = wake ? readState(sqlite) : null;
  ctx = withMissedDays(ctx, state);
  const due = wake ? dueCustomers(sqlite, ctx, state, storeWide, options.fullRunEveryDays ?? FULL_RUN_EVERY_DAYS) : null;
  await nextTurn();
  if (options.stopped?.()) return ZERO;
  let total = ZERO;
  let finished = true;
  if (due !== null) {
    rebuildPlannedIndexes(sqlite); // left dropped by a first plan that crashed (a no-op otherwise)
    for (let i = 0; i < due.length; i += batchSize) {
      await nextTurn();
      if (options.stopped?.()) {
        finished = false;
        break;
      }
      const ids = due.slice(i, i + batchSize);
      total = add(total, sqlite.transaction(() => planBatch(sqlite, ctx, readBatch(sqlite, ctx, ids, wake), storeWide(), wake)).immediate());
    }
  } else {
    const whole = await planWholeStore(sqlite, ctx, storeWide, wake, { batchSize, stopped: options.stopped, workers: options.workers });
    total = whole.counts;
    finished = whole.finished;
  }
  // Customers deleted with open work a run passed over (their wake row went, or a whole-store run
  // plans only the customers there are): planned as gone, their work voided and lapsed.
  if (finished) {
    const gone = deletedWithOpenWork(sqlite, PLANNER_RULES);
    if (gone.length > 0) total = add(total, sqlite.transaction(() => planBatch(sqlite, ctx, readBatch(sqlite, ctx, gone, wake), storeWide(), wake)).immediate());
  }
  if (wake && finished) {
    writeState(sqlite, { fingerprint: fingerprint(ctx), day: ctx.today, fullOn: due === null ? ctx.today : state!.fullOn, nth: nthSummary(storeWide()) });
  }
  // Held rows the day's work (or people, or pulls) finished: the planner will not change them again (migration 0014).
  if (finished) pruneHeld(sqlite, ctx.today);
  return total;
}

/**
 * Planning the whole store reads ~150 MB of table and index pages: for the run they are
 * memory-mapped (read without a copy into the page cache). The connection's setting is restored
 * afterwards, whatever happens. (A larger page cache for the writes was measured too: no gain.)
 */
async function planWholeStore(...args: Parameters<typeof planWholeStoreAsIs>): ReturnType<typeof planWholeStoreAsIs> {
  const sqlite = args[0];
  const mmap = sqlite.pragma('mmap_size', { simple: true }) as number;
  sqlite.pragma(`mmap_size = ${MMAP_ALL}`);
  // A first plan inserts every task and card: their indexes are built once at the end (repos/planner-bulk.ts).
  const bulk = dropPlannedIndexesIfEmpty(sqlite);
  try {
    return await planWholeStoreAsIs(...args);
  } finally {
    if (bulk) rebuildPlannedIndexes(sqlite);
    sqlite.pragma(`mmap_size = ${mmap}`);
  }
}

/** Planning one's own whole store in worker threads pays off from about this many customers (a worker takes ~0.1-0.5 s to start). */
const WORKERS_FROM_CUSTOMERS = 10_000;

/** A planned batch on its way to the writer: the customers it planned and what may need writing. */
interface Planned {
  ids: string[];
  computed: Computed;
}

type WholeStoreOptions = { batchSize: number; stopped?: () => boolean; workers?: number };

async function planWholeStoreAsIs(
  sqlite: BetterSqlite3.Database,
  ctx: RunContext,
  storeWide: StoreWide,
  wake: boolean,
  options: WholeStoreOptions,
): Promise<{ counts: PlanCounts; finished: boolean }> {
  const workers = options.workers ?? (sqlite.memory || customerCount(sqlite) < WORKERS_FROM_CUSTOMERS ? 0 : planningWorkerCount());
  if (workers === 0 || sqlite.memory) return writePlanned(sqlite, ctx, storeWide, wake, options, (marked) => plannedInThread(sqlite, ctx, storeWide, wake, options, marked));
  try {
    return await writePlanned(sqlite, ctx, storeWide, wake, options, (marked) => plannedInWorkers(sqlite, ctx, storeWide, wake, options.batchSize, workers, marked));
  } catch (error) {
    // Planning is idempotent: what the workers' batches wrote is simply planned again, here.
    console.warn('[planner] planning in worker threads failed; planning in this thread instead', error);
    return writePlanned(sqlite, ctx, storeWide, wake, options, (marked) => plannedInThread(sqlite, ctx, storeWide, wake, options, marked));
  }
}

function customerCount(sqlite: BetterSqlite3.Database): number {
  return sqlite.prepare('SELECT count(*) FROM customers').pluck().get() as number;
}

/**
 * Facts and open work read here for the whole store (a few table scans, in slices, yielding
 * between them; read again if something was written meanwhile, and at the third try at once),
 * then planned in batches, yielding between them. `marked` is told when the read was consistent.
 */
async function* plannedInThread(
  sqlite: BetterSqlite3.Database,
  ctx: RunContext,
  storeWide: StoreWide,
  wake: boolean,
  options: WholeStoreOptions,
  marked: () => void,
): AsyncGenerator<Planned, boolean, void> {
  let inputs: Map<string, PlanningCustomer> | null = null;
  let open: OpenWork | null = null;
  for (let attempt = 1; inputs === null || open === null; attempt++) {
    const mark = writeMark(sqlite);
    marked();
    const readInputs = loadPlanningInputs(sqlite, ctx.today, ctx.rules);
    const readOpen = loadOpenWork(sqlite, PLANNER_RULES);
    let step = readInputs.next();
    let openStep = null as IteratorResult<void, OpenWork> | null;
    let interrupted = false;
    while (!step.done || !openStep?.done) {
      if (attempt < 3) {
        await nextTurn();
        if (options.stopped?.()) return false;
        if (writeMark(sqlite) !== mark) {
          interrupted = true;
          break;
        }
      }
      if (!step.done) step = readInputs.next();
      else openStep = readOpen.next();
    }
    if (interrupted) continue;
    inputs = step.value as Map<string, PlanningCustomer>;
    open = openStep!.value as OpenWork;
  }
  const customers = [...inputs.values()];
  for (let i = 0; i < customers.length; i += options.batchSize) {
    await nextTurn();
    if (options.stopped?.()) return false;
    const batch = customers.slice(i, i + options.batchSize);
    yield { ids: batch.map((c) => c.facts.customerId), computed: compute(ctx, { customers: batch, open }, storeWide(), wake) };
  }
  return true;
}

/**
 * The same batches planned by worker threads, each over a range of customers on its own read
 * connection (plan-range.ts), while this thread only writes what differs: the front desk's
 * calls are answered meanwhile, and a 2-core PC plans on both cores.
 */
async function* plannedInWorkers(
  sqlite: BetterSqlite3.Database,
  ctx: RunContext,
  storeWide: StoreWide,
  wake: boolean,
  batchSize: number,
  workers: number,
  marked: () => void,
): AsyncGenerator<Planned, boolean, void> {
  // Taken before the workers read: a write after it makes the writer read its batches again.
  marked();
  const ranges = customerRanges(sqlite, workers);
  for await (const batch of planInWorkers({ file: sqlite.name, ctx, wake, batchSize }, ranges, storeWide)) {
    yield { ids: batch.ids, computed: batch };
  }
  return true;
}

/**
 * Writes planned batches a few at a time (each commit is one transaction: a first plan inserts
 * ~180k rows into random places of their indexes, and each commit writes every page it touched
 * to the WAL, then to the database). A batch planned from facts read before someone else wrote
 * is read and planned again first (once something was written, every batch after it is: which
 * customers a write touched is not known here).
 */
async function writePlanned(
  sqlite: BetterSqlite3.Database,
  ctx: RunContext,
  storeWide: StoreWide,
  wake: boolean,
  options: WholeStoreOptions,
  source: (marked: () => void) => AsyncGenerator<Planned, boolean, void>,
): Promise<{ counts: PlanCounts; finished: boolean }> {
  let counts = ZERO;
  let stale = false;
  let mark = '';
  let pending: Planned[] = [];
  let pendingCustomers = 0;
  const flush = () => {
    const batches = pending;
    pending = [];
    pendingCustomers = 0;
    counts = add(
      counts,
      sqlite
        .transaction(() => {
          // Written since the read: read these customers again (one deleted meanwhile is left alone, as one deleted before the run).
          stale ||= writeMark(sqlite) !== mark;
          let sum = ZERO;
          for (const b of batches) {
            if (!stale) sum = add(sum, write(sqlite, ctx, b.computed));
            else sum = add(sum, planBatch(sqlite, ctx, readBatch(sqlite, ctx, b.ids, wake), storeWide(), wake));
          }
          return sum;
        })
        .immediate(),
    );
    mark = writeMark(sqlite);
  };
  const checkpointEvery = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  if (checkpointEvery > 0) sqlite.pragma(`wal_autocheckpoint = ${Math.max(checkpointEvery, CHECKPOINT_PAGES)}`);
  const planned = source(() => (mark = writeMark(sqlite)));
  try {
    for (;;) {
      const next = await planned.next();
      if (next.done) {
        if (!next.value) return { counts, finished: false };
        break;
      }
      pending.push(next.value);
      pendingCustomers += next.value.ids.length;
      if (pendingCustomers >= CUSTOMERS_PER_COMMIT) {
        await nextTurn();
        if (options.stopped?.()) return { counts, finished: false };
        flush();
      }
    }
    if (pending.length > 0) flush();
  } finally {
    await planned.return(false);
    sqlite.pragma(`wal_autocheckpoint = ${checkpointEvery}`);
  }
  return { counts, finished: true };
}
