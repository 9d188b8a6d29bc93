// `npm run bench:hq`: 200 desks pushing and pulling small batches concurrently against one HQ on
// loopback (target: p95 < 300 ms, no errors). On DATABASE_URL's PostgreSQL (a fresh database,
// dropped after; the HQ runs as its own process, `bin/hq.mjs serve`, like in production) when
// set, else the embedded PGlite in this process. Every desk syncs (push 3 mutations, then pull)
// once per HQ_BENCH_INTERVAL_MS (default 5000: 60x the desk's 5-minute cadence, first sync at a random offset); 0 = each desk
// syncs again as soon as it has an answer (a stress test, throughput-bound). HQ_BENCH_DESKS and
// HQ_BENCH_ROUNDS adjust it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { SYNC_SCHEMA_VERSION, type EnrolResponse, type RowOp } from '../shared/sync/protocol';
import { createEnrolCode, createStore } from '../hq/admin';
import { openHq } from '../hq/db/open';
import { writeAsHq } from '../hq/repos/admin';
import { startHqServer } from '../hq/server';
import { createTestDatabase } from '../hq/testing/hq';

const DESKS = Number(process.env.HQ_BENCH_DESKS ?? 200);
const DESKS_PER_STORE = 4;
const ROUNDS = Number(process.env.HQ_BENCH_ROUNDS ?? 5);
const INTERVAL_MS = Number(process.env.HQ_BENCH_INTERVAL_MS ?? 5000);
const CUSTOMERS_PER_STORE = 200;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const database = await createTestDatabase();
const hq = await openHq({ databaseUrl: database.url, dataDir: 'memory://', poolSize: 20 });
const server = database.url ? await childHq(database.url) : await startHqServer({ db: hq.db });

/** The HQ as its own process on a free loopback port. */
async function childHq(databaseUrl: string): Promise<{ url: string; pid?: number; close: () => Promise<void> }> {
  const child = spawn(process.execPath, ['bin/hq.mjs', 'serve'], { env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`hq serve exited with ${code}: ${out}`)));
  });
  return {
    url,
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
const at = new Date().toISOString();
console.log(`HQ bench: ${DESKS} desks, ${ROUNDS} rounds of push + pull each, ${INTERVAL_MS ? `one every ${INTERVAL_MS} ms per desk` : 'back to back'}, on ${hq.kind}`);

// Stores, customers and enrolled desks.
const desks: { device: EnrolResponse; customers: string[]; next: number; cursor: number }[] = [];
for (let s = 0; s * DESKS_PER_STORE < DESKS; s += 1) {
  const store = await createStore(hq.db, { code: `B${s}`, name: `Bench ${s}`, 'points-from': 'none' });
  const customers = Array.from({ length: CUSTOMERS_PER_STORE }, () => uuidv7());
  await writeAsHq(hq.db, store.storeId, customers.map((id, i) => ({ tbl: 'customers', pk: id, data: { id, store_id: store.storeId, name: `客户${i}`, phone: `138${String(s * 1000 + i).padStart(8, '0')}`, note: null, created_at: at, updated_at: at } })));
  for (let d = 0; d < DESKS_PER_STORE && desks.length < DESKS; d += 1) {
    const { code } = await createEnrolCode(hq.db, { store: store.code });
    const res = await fetch(`${server.url}/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName: `desk ${d}`, schemaVersion: SYNC_SCHEMA_VERSION }) });
    desks.push({ device: (await res.json()) as EnrolResponse, customers, next: 1, cursor: 0 });
  }
}

const pushMs: number[] = [];
const pullMs: number[] = [];
let errors = 0;

async function timed(samples: number[], url: string, init: RequestInit): Promise<unknown> {
  const t0 = performance.now();
  const res = await fetch(url, init);
  const body = await res.json();
  samples.push(performance.now() - t0);
  if (res.status !== 200) {
    errors += 1;
    if (errors <= 5) console.log(`error ${res.status}: ${JSON.stringify(body)}`);
  }
  return body;
}

async function runDesk(desk: (typeof desks)[number]): Promise<void> {
  const { device } = desk;
  const auth = { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' };
  // Initial sync first (not timed as a small batch), then rounds of a small push and a pull.
  for (;;) {
    const res = await fetch(`${server.url}/sync/pull?cursor=${desk.cursor}&limit=2000`, { headers: auth });
    const body = (await res.json()) as { cursor: number; hasMore: boolean };
    desk.cursor = body.cursor;
    if (!body.hasMore) break;
  }
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  if (INTERVAL_MS) await sleep(Math.random() * INTERVAL_MS);
  for (let r = 0; r < ROUNDS; r += 1) {
    const roundStart = performance.now();
    const mutations = Array.from({ length: 3 }, () => {
      const customer = desk.customers[Math.floor(Math.random() * desk.customers.length)]!;
      const pref = { id: uuidv7(), store_id: device.store.id, customer_id: customer, category: 'drink', value: 'tea', noted_at: at, updated_at: at };
      const entry = { id: uuidv7(), store_id: device.store.id, customer_id: customer, entry_date: at.slice(0, 10), kind: 'activity', points: 10, created_at: at };
      const ops: RowOp[] = [
        { op: 'insert', table: 'preferences', pk: pref.id, row: pref },
        { op: 'insert', table: 'points_ledger', pk: entry.id, row: entry },
      ];
      return { id: desk.next++, name: 'bench.write', args: {}, ops, at };
    });
    await timed(pushMs, `${server.url}/sync/push`, { method: 'POST', headers: auth, body: JSON.stringify({ deviceId: device.deviceId, schemaVersion: SYNC_SCHEMA_VERSION, mutations }) });
    const body = (await timed(pullMs, `${server.url}/sync/pull?cursor=${desk.cursor}&limit=500`, { headers: auth })) as { cursor?: number };
    if (typeof body.cursor === 'number') desk.cursor = body.cursor;
    if (INTERVAL_MS) await sleep(Math.max(0, INTERVAL_MS - (performance.now() - roundStart)));
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}
const hqPid = 'pid' in server ? server.pid : undefined;
const cpu0 = { bench: process.cpuUsage(), hq: hqPid ? cpuSeconds(hqPid) : null };
const t0 = performance.now();
await Promise.all(desks.map(runDesk));
// (initial syncs run first, concurrently, untimed)
const seconds = (performance.now() - t0) / 1000;
const all = [...pushMs, ...pullMs];
const p95 = percentile(all, 95);
console.log(`push p50 ${percentile(pushMs, 50).toFixed(0)} ms, p95 ${percentile(pushMs, 95).toFixed(0)} ms; pull p50 ${percentile(pullMs, 50).toFixed(0)} ms, p95 ${percentile(pullMs, 95).toFixed(0)} ms; ${all.length} requests in ${seconds.toFixed(1)} s (${(all.length / seconds).toFixed(0)}/s, initial syncs included in the wall time)`);
const benchCpu = process.cpuUsage(cpu0.bench);
const hqCpu = hqPid && cpu0.hq !== null ? (cpuSeconds(hqPid) ?? 0) - cpu0.hq : null;
console.log(
  `CPU over the timed ${seconds.toFixed(1)} s: HQ process ${hqCpu === null ? 'n/a (in this process)' : `${hqCpu.toFixed(1)} s (${(hqCpu / seconds).toFixed(2)} core, ${((hqCpu * 1000) / all.length).toFixed(2)} ms per request)`}, bench clients ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)} s`,
);
const ok = p95 < 300 && errors === 0;
console.log(`hq sync p95 (push + pull): ${p95.toFixed(0)} ms (target < 300 ms), errors ${errors} (target 0) ${ok ? 'OK' : 'MISSED'}`);
await server.close();
await hq.close();
await database.drop();
