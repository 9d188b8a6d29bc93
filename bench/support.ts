import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../electron/core/db/open';
import { generateDemoStore } from '../electron/core/demo/generate';
import { runPlannerInBatches } from '../electron/core/planner/run';
import { DEFAULT_RULES } from '../shared/domain/rules/config';

export const BENCH_TODAY = '2026-11-24';
export const BENCH_CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Prints a figure next to its target, the way every benchmark here reports. */
export function report(name: string, value: number, unit: string, target: number, extra = ''): boolean {
  const ok = value < target;
  console.log(`${name}: ${value.toFixed(unit === 's' ? 1 : 2)} ${unit} (target < ${target} ${unit}) ${ok ? 'OK' : 'MISSED'}${extra ? `  ${extra}` : ''}`);
  return ok;
}

/**
 * A copy of a database file to measure on, without the -wal and -shm files an earlier run that
 * was stopped may have left next to the copy: SQLite would apply that stale log to the fresh copy
 * and find it damaged.
 */
export function copyDatabase(from: string, to: string): void {
  removeDatabase(to);
  copyFileSync(from, to);
}

/** Removes a database file and its -wal and -shm files (those that exist). */
export function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

/** The demo store the benchmarks run on: generated once per run, or reused from BENCH_DB when that file exists. */
export async function benchDatabase(): Promise<{ file: string; generatedInMs: number | null }> {
  const file = process.env.BENCH_DB ?? join(tmpdir(), `desk-bench-${BENCH_CUSTOMERS}.sqlite`);
  if (process.env.BENCH_DB && existsSync(file)) return { file, generatedInMs: null };
  removeDatabase(file);
  const opened = openDatabase(file);
  const summary = generateDemoStore(opened, { customers: BENCH_CUSTOMERS, seed: 7, today: BENCH_TODAY });
  await opened.close();
  console.log(`demo store ${file}: ${summary.customers} customers, ${summary.vehicles} vehicles, ${summary.visits} visits`);
  return { file, generatedInMs: summary.elapsedMs };
}

/**
 * The demo store planned for BENCH_TODAY (tasks, cards, tiers), as the app has it after its first
 * start: made once per run next to the demo store and shared by the benchmarks that read work
 * (those that write copy it first). Kept with BENCH_DB so a later run can reuse it.
 */
export async function plannedDatabase(file: string): Promise<string> {
  const planned = `${file}.planned`;
  if (process.env.BENCH_DB && existsSync(planned)) return planned;
  copyDatabase(file, planned);
  const opened = openDatabase(planned); // applies this version's migrations
  await runPlannerInBatches(opened.sqlite, { today: BENCH_TODAY, rules: DEFAULT_RULES, now: `${BENCH_TODAY}T00:00:00.000Z` });
  await opened.close();
  return planned;
}
