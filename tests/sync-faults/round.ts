import { spawn } from 'node:child_process';
import type BetterSqlite3 from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { addStaff, createEnrolCode, createStore } from '../../hq/admin';
import { ingestRows } from '../../hq/ingest/ingest';
import type { TestHq } from '../../hq/testing/hq';
import { fixedDayClock } from '../../electron/core/clock';
import { createCore, type Core } from '../../electron/core/core';
import { seededRandom } from '../../electron/core/sync/backoff';
import { deskClient } from '../../electron/core/testing/client';
import { tempDbFile } from '../../electron/core/testing/fixture';
import { deskDump, diffDumps, exactlyOnce, hqDump, negativeBalances, outboxOf, pushedKeys, refusalsVisible } from './converge';
import { conflictingRedemptions, pick, randomEdit } from './edits';
import { FAULT_KINDS, startFaultProxy, type FaultKind, type FaultProxy } from './fault-proxy';

/**
 * One seeded fault round: a new store at the shared HQ, 2-3 desks (real cores on their own SQLite
 * files) each behind its own fault proxy, random offline edits and syncs with faults on, possibly
 * one desk killed (SIGKILL, in a child process) in the middle of a pull; then the network heals,
 * every desk syncs until quiet, and the invariants of converge.ts are checked.
 */
export interface RoundResult {
  seed: number;
  desks: number;
  edits: number;
  conflicts: number;
  refused: number;
  /** Desks SIGKILLed in a pull (0-2). */
  killed: number;
  /** 'planner.align' entries the desks queued (a planner change to a row HQ holds) and their row ops. */
  aligned: { entries: number; rows: number };
  /** Visits that reached HQ during the round (customers coming back). */
  visitsAtHq: number;
  faults: Record<FaultKind, number>;
  problems: string[];
}

// No timers fire during a round: each desk syncs when the round says so (it is "offline" in between).
const SYNC_OPTIONS = { soonMs: 600_000, intervalMs: 600_000, backoff: { baseMs: 600_000, maxMs: 600_000 }, pageLimit: 25 };
const openCore = (file: string) => createCore({ dbFile: file, clock: fixedDayClock('2026-11-24'), autoPlan: false, syncOptions: SYNC_OPTIONS });

interface Desk {
  name: string;
  file: string;
  core: Core;
  client: ReturnType<typeof deskClient>;
  proxy: FaultProxy;
  deviceId: string;
  cleanup(): void;
}
const sqliteOf = (d: Desk) => d.core.context.database.sqlite;

const CHILD = fileURLToPath(new URL('./desk-child.ts', import.meta.url));

/** `sabotage`: spoils the desks after healing, before the checks (proves the checks can fail). */
export async function runRound(t: TestHq, seed: number, options: { steps: number; kill: boolean; killInitial?: boolean; sabotage?: (sqlites: BetterSqlite3.Database[]) => void }): Promise<RoundResult> {
  const random = seededRandom(seed);
  const code = `F${seed}`;
  const store = await createStore(t.hq.db, { code, name: `故障演练店 ${seed}`, 'points-from': 'none' });
  await addStaff(t.hq.db, { store: code, name: '李顾问', role: 'advisor' });
  await addStaff(t.hq.db, { store: code, name: '王顾问', role: 'advisor' });
  // The manager may act on every advisor's tasks, so the random edits reach all of them.
  const advisor = (await addStaff(t.hq.db, { store: code, name: '周店长', role: 'manager' })).id;
  const customers = 10 + Math.floor(random() * 8);
  const customerRow = (i: number) => ({
    name: ['王伟', '李娜', '张敏', '刘洋', '陈静'][i % 5]! + (i >= 5 ? String(i) : ''), phone: `139${String(seed).padStart(4, '0')}${String(1000 + i)}`,
    vin: `LFV${String(seed).padStart(6, '0')}${String(10000000 + i)}`, plate: `粤B${String(seed % 100).padStart(2, '0')}${String(100 + i)}`,
    brand: '大众', model: '迈腾', delivery_date: '2024-03-01', visit_date: `2026-${String(1 + (i % 10)).padStart(2, '0')}-15`, visit_type: 'maintenance', amount: String(800 + 300 * (i % 7)), mileage_km: '30000',
  });
  const ingested = await ingestRows(t.hq.db, code, Array.from({ length: customers }, (_, i) => customerRow(i)), { dryRun: false });
  // Customers coming back: now and then a visit reaches HQ from the dealer system, so every desk's planner voids or
  // re-dates that customer's open work, some of which HQ holds (moved, reassigned): pushed as planner.align. Its own
  // generator, so the rest of a seed's choices stay as they were.
  const comeback = seededRandom(seed * 7_919 + 1);
  let visitsAtHq = 0;
  if (ingested.errors.length > 0) throw new Error(`ingest: ${JSON.stringify(ingested.errors)}`);

  const desks: Desk[] = [];
  const nDesks = 2 + (random() < 0.5 ? 1 : 0);
  const problems: string[] = [];
  let edits = 0;
  let conflicts = 0;
  let killed = 0;
  const verbs: Record<string, number> = {};
  try {
    for (let i = 0; i < nDesks; i++) {
      const proxy = await startFaultProxy({ target: t.url, random: seededRandom(seed * 1_000 + i), maxDelayMs: 30 });
      if (i === nDesks - 1 && options.killInitial) {
        // This desk enrols in a child process that is killed during its initial sync; reopened here, it finishes it.
        desks.push(await enrolKilledMidInitialSync(t, code, proxy, advisor, 1 + Math.floor(random() * 3), Math.floor(random() * 4)));
        killed++;
        continue;
      }
      const tmp = tempDbFile();
      const core = openCore(tmp.file);
      const client = deskClient(core);
      const { code: enrolCode } = await createEnrolCode(t.hq.db, { store: code });
      const r = (await client.call('sync', 'connect', { hqUrl: proxy.url, code: enrolCode, deviceName: `desk ${i + 1}` })) as { ok: boolean; value: { deviceId: string } };
      if (!r.ok) throw new Error(`seed ${seed}: desk ${i + 1} could not enrol: ${JSON.stringify(r)}`);
      await core.context.sync.idle();
      await client.signIn(advisor);
      desks.push({ name: `desk ${i + 1}`, file: tmp.file, core, client, proxy, deviceId: r.value.deviceId, cleanup: tmp.cleanup });
    }
    // Points to spend: the first desk earns every visit's points; everyone syncs (no faults yet).
    const first = desks[0]!;
    for (const v of sqliteOf(first).prepare('SELECT id, customer_id FROM visits ORDER BY id').all() as { id: string; customer_id: string }[]) {
      await first.client.call('points', 'earnVisit', { customerId: v.customer_id, visitId: v.id });
    }
    for (const d of [...desks, first]) await d.client.call('sync', 'syncNow', {});
    for (const d of desks) d.proxy.faulty = true;

    const killAt = options.kill ? Math.floor(options.steps / 2 + (random() * options.steps) / 2) : -1;
    for (let step = 0; step < options.steps; step++) {
      const x = random();
      if (step === killAt) {
        // Something to pull: the other desks send what they have, then the victim is killed after its first or second page.
        const victim = pick(random, desks)!;
        for (const d of desks) {
          if (d === victim) continue;
          for (let j = 0; j < 3; j++) await randomEdit({ client: d.client, sqlite: sqliteOf(d) }, random, ++edits);
          await d.client.call('sync', 'syncNow', {});
        }
        if (await killMidPull(victim, 1 + Math.floor(random() * 2), Math.floor(random() * 4), advisor)) killed++;
      } else if (x < 0.5) {
        const d = pick(random, desks)!;
        const k = 1 + Math.floor(random() * 3);
        for (let j = 0; j < k; j++) {
          const e = await randomEdit({ client: d.client, sqlite: sqliteOf(d) }, random, ++edits);
          const key = `${e.verb} ${e.ok ? 'ok' : (e.error ?? 'nothing to act on')}`;
          verbs[key] = (verbs[key] ?? 0) + 1;
        }
      } else if (x < 0.6) {
        const [a, b] = [pick(random, desks)!, pick(random, desks)!];
        if (a !== b && (await conflictingRedemptions({ client: a.client, sqlite: sqliteOf(a) }, { client: b.client, sqlite: sqliteOf(b) }, random, ++edits))) conflicts++;
      } else {
        if (comeback() < 0.3) {
          const i = Math.floor(comeback() * customers);
          const day = `2026-11-${String(10 + Math.floor(comeback() * 14)).padStart(2, '0')}`;
          const r = await ingestRows(t.hq.db, code, [{ ...customerRow(i), visit_date: day, visit_type: 'repair', amount: String(300 + 100 * (visitsAtHq % 9)), mileage_km: String(31_000 + 1_000 * visitsAtHq) }], { dryRun: false });
          if (r.errors.length > 0) throw new Error(`ingest: ${JSON.stringify(r.errors)}`);
          visitsAtHq++;
        }
        const some = desks.filter(() => random() < 0.6);
        await Promise.all(some.map((d) => d.client.call('sync', 'syncNow', {})));
      }
    }

    // The network heals: faults off, the proxies' stale copies delivered, every desk syncs until quiet.
    for (const d of desks) d.proxy.faulty = false;
    for (const d of desks) await d.proxy.settle();
    await syncUntilQuiet(t, store.storeId, desks, problems);

    options.sabotage?.(desks.map(sqliteOf));
    const hq = await hqDump(t.hq.db, store.storeId);
    let refused = 0;
    const aligned = { entries: 0, rows: 0 };
    for (const d of desks) {
      const sqlite = sqliteOf(d);
      for (const o of outboxOf(sqlite)) {
        if (o.name !== 'planner.align') continue;
        aligned.entries++;
        aligned.rows += (JSON.parse(o.ops) as unknown[]).length;
      }
      const diff = diffDumps(deskDump(sqlite), hq, pushedKeys(outboxOf(sqlite)));
      problems.push(...diff.map((l) => `${d.name}: ${l}`));
      problems.push(...(await exactlyOnce(t.hq.db, store.storeId, d.deviceId, sqlite, hq)).map((l) => `${d.name}: ${l}`));
      const r = await refusalsVisible(t.hq.db, store.storeId, d.deviceId, sqlite);
      refused += r.refused;
      problems.push(...r.problems.map((l) => `${d.name}: ${l}`));
      problems.push(...negativeBalances(sqlite.prepare('SELECT customer_id, points FROM points_ledger').all() as { customer_id: string; points: number }[]).map((l) => `${d.name}: ${l}`));
    }
    const ledger = [...(hq.get('points_ledger')?.values() ?? [])].map((j) => JSON.parse(j) as { customer_id: string; points: number });
    problems.push(...negativeBalances(ledger).map((l) => `HQ: ${l}`));

    const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, desks.reduce((s, d) => s + d.proxy.counts[k], 0)])) as Record<FaultKind, number>;
    if (process.env.FAULT_DEBUG) console.log(seed, verbs);
    return { seed, desks: nDesks, edits, conflicts, refused, killed, aligned, visitsAtHq, faults, problems };
  } finally {
    for (const d of desks) {
      d.client.close();
      await d.core.close();
      await d.proxy.close();
      d.cleanup();
    }
  }
}

async function syncUntilQuiet(t: TestHq, storeId: string, desks: Desk[], problems: string[]): Promise<void> {
  const lastSeq = async () => Number((await t.hq.db.selectFrom('hq_stores').select('last_seq').where('store_id', '=', storeId).executeTakeFirstOrThrow()).last_seq);
  for (let pass = 0; pass < 6; pass++) {
    const before = await lastSeq();
    let pending = 0;
    let notIdle: string[] = [];
    for (const d of desks) {
      pending += (await d.client.call('sync', 'status', {})).value.pending as number;
      const s = (await d.client.call('sync', 'syncNow', {})).value as { state: string; lastError: string | null };
      if (s.state !== 'idle') notIdle.push(`${d.name}: ${s.state} ${s.lastError ?? ''}`);
    }
    if (pending === 0 && notIdle.length === 0 && (await lastSeq()) === before) return;
    if (pass === 5) problems.push(`not quiet after 6 passes with the network healed: ${notIdle.join('; ') || `pending ${pending}`}`);
    notIdle = [];
  }
}

/**
 * Closes a desk's core, runs the same SQLite file in a child process with small pull pages, and
 * SIGKILLs it once `afterPages` pull answers reached it (plus a random few ms: during a page's
 * transaction or between requests). Then the desk is reopened from the file. Returns whether the
 * kill hit a pull (false when the child finished first: nothing to pull).
 */
async function killMidPull(desk: Desk, afterPages: number, delayMs: number, advisor: string): Promise<boolean> {
  desk.client.close();
  await desk.core.close();
  const killed = await runChildAndKill(desk.file, desk.proxy, afterPages, delayMs, []);
  desk.core = openCore(desk.file);
  desk.client = deskClient(desk.core);
  await desk.client.signIn(advisor);
  return killed;
}

async function enrolKilledMidInitialSync(t: TestHq, storeCode: string, proxy: FaultProxy, advisor: string, afterPages: number, delayMs: number): Promise<Desk> {
  const tmp = tempDbFile();
  const { code } = await createEnrolCode(t.hq.db, { store: storeCode });
  const killed = await runChildAndKill(tmp.file, proxy, afterPages, delayMs, [proxy.url, code]);
  if (!killed) throw new Error('the desk finished its initial sync before it could be killed');
  const core = openCore(tmp.file);
  const client = deskClient(core);
  const setup = (await client.call('setup', 'status', {})) as { value: { hasStore: boolean } };
  if (setup.value.hasStore) throw new Error('a desk killed in its initial sync reports a store');
  // Reopened, it resumes the download by itself (start-up round); nobody can sign in before it is done.
  const s = await core.context.sync.syncNow();
  if (s.state !== 'idle' || !((await client.call('setup', 'status', {})) as { value: { hasStore: boolean } }).value.hasStore) {
    throw new Error(`the killed desk could not finish its initial sync: ${s.state} ${s.lastError ?? ''}`);
  }
  await client.signIn(advisor);
  const deviceId = core.context.sync.status().deviceId!;
  return { name: 'desk killed in its initial sync', file: tmp.file, core, client, proxy, deviceId, cleanup: tmp.cleanup };
}

/** Runs desk-child.ts on `file` (pull pages of 3) and SIGKILLs it `delayMs` after the proxy answered its `afterPages`-th pull. */
async function runChildAndKill(file: string, proxy: FaultProxy, afterPages: number, delayMs: number, extra: string[]): Promise<boolean> {
  let pulls = 0;
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, '3', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const watch = proxy;
  const previous = watch.faulty;
  watch.faulty = false; // the kill is the fault of this step
  watch.onAnswered = (r) => {
    if (r.path !== '/sync/pull') return;
    pulls++;
    if (pulls === afterPages) setTimeout(() => child.kill('SIGKILL'), delayMs);
  };
  const end = await exited;
  watch.onAnswered = undefined;
  watch.faulty = previous;
  if (end.signal !== 'SIGKILL' && end.code !== 0) throw new Error(`desk child failed (${String(end.code)}): ${stderr}`);
  return end.signal === 'SIGKILL';
}
