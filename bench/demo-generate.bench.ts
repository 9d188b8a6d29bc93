/**
 * Demo store generation benchmark: `npx tsx bench/demo-generate.bench.ts`.
 * BENCH_CUSTOMERS overrides the customer count (default 100,000; the target of
 * 60 s is for 100k and scales linearly for other counts, never below 5 s of fixed
 * start-up cost). BENCH_KEEP=1 keeps the generated file and prints its path.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../electron/core/db/open';
import { generateDemoStore } from '../electron/core/demo/generate';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
if (!Number.isInteger(customers) || customers <= 0) throw new Error(`BENCH_CUSTOMERS must be a positive integer, got ${process.env.BENCH_CUSTOMERS}`);
const targetSeconds = Math.max(5, (60 * customers) / 100_000);
const label = customers % 1000 === 0 ? `${customers / 1000}k` : String(customers);

/** CPU seconds of the main thread (Linux only): the generator's critical path, whatever else runs on the machine. */
function mainThreadCpu(): number | null {
  const stat = `/proc/self/task/${process.pid}/stat`;
  if (!existsSync(stat)) return null;
  const fields = readFileSync(stat, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const dir = mkdtempSync(join(tmpdir(), 'demo-bench-'));
const file = join(dir, 'demo.db');
const opened = openDatabase(file);
const cpuBefore = process.cpuUsage();
const mainBefore = mainThreadCpu();
const summary = generateDemoStore(opened, { customers, seed: 42, today: '2025-06-30' });
const cpu = process.cpuUsage(cpuBefore);
const mainAfter = mainThreadCpu();
const seconds = summary.elapsedMs / 1000;

const count = (table: string) => (opened.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const tables = ['points_ledger', 'search_keys', 'surveys', 'preferences', 'family_members', 'complaints', 'referrals', 'customer_channel_consents'];
const rows = tables.map((t) => `${t} ${count(t).toLocaleString('en-US')}`).join(', ');
await opened.close();
const bytes = statSync(file).size;

const ok = seconds < targetSeconds;
console.log(`demo generate ${label} customers: ${seconds.toFixed(1)} s (target < ${targetSeconds.toFixed(0)} s) ${ok ? 'OK' : 'SLOW'}`);
const main = mainBefore === null || mainAfter === null ? '' : `; main thread ${(mainAfter - mainBefore).toFixed(1)} s`;
console.log(`  cpu: user ${(cpu.user / 1e6).toFixed(1)} s, system ${(cpu.system / 1e6).toFixed(1)} s (all threads)${main}`);
console.log(`  vehicles: ${summary.vehicles.toLocaleString('en-US')}, visits: ${summary.visits.toLocaleString('en-US')}, staff: ${summary.staff}`);
console.log(`  ${rows}`);
console.log(`  peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
console.log(`  file: ${(bytes / 1024 / 1024).toFixed(0)} MiB${process.env.BENCH_KEEP === '1' ? ` at ${file}` : ''}`);
if (process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
if (!ok) process.exitCode = 1;
