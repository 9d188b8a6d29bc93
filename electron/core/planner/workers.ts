import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CustomerRange } from '../repos/planner-inputs';
import type { RangeBatch, RangeJob } from './plan-range';
import type { DesiredTask } from './rows';

/** At most this many planning workers: beyond it the writing thread is the bottleneck. */
const MAX_WORKERS = 4;
/**
 * The workers' young generation. Measured on the 100k store, full recompute with two workers:
 * 16-32 MB ~5.8 s, 64 MB ~6.1 s, 8 or 128 MB ~6.5 s, V8's default 5.1-7.0 s (noise ~10%).
 */
const YOUNG_GENERATION_MB = 32;

/** How many workers plan a whole store on this machine: one per core, at least one. */
export function planningWorkerCount(): number {
  return Math.max(1, Math.min(MAX_WORKERS, availableParallelism()));
}

/**
 * The worker's script: beside the bundle in the packaged app (dist/electron/plan-worker.cjs),
 * else the TypeScript source, loaded through tsx's loader (development, tests, the CLI; a
 * worker does not inherit the loader of the thread that starts it).
 */
function workerScript(): { code: string | URL; eval: boolean; execArgv?: string[] } {
  // A bundled worker named by the caller (the bench: it measures the worker as the packaged app
  // starts it, so without the loader flags of a process started through tsx: they cost each worker ~0.2 s).
  if (process.env.DESK_PLAN_WORKER) return { code: process.env.DESK_PLAN_WORKER, eval: false, execArgv: [] };
  if (import.meta.url.endsWith('.cjs')) {
    // Packaged, the worker is unpacked beside the archive (build/electron-builder.json asarUnpack): a thread loads it from disk.
    const file = fileURLToPath(new URL('./plan-worker.cjs', import.meta.url)).replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
    return { code: file, eval: false };
  }
  // tsx's ESM API (its "import" export; require.resolve would find the CommonJS one), which registers the loader.
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  const tsx = pathToFileURL(join(dirname(manifest), api)).href;
  const source = new URL('./plan-worker.ts', import.meta.url).href;
  return { code: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, eval: true };
}

/** A search-keys job for the core worker (plan-worker.ts): the keys of the desk file into a scratch file (repos/bulk-keys.ts). */
export interface SearchKeysJob {
  kind: 'search-keys';
  file: string;
  out: string;
  indexSql: string[];
}

/**
 * Runs one search-keys job in a worker thread (the planning workers' script, which also does
 * this job); resolves with the keys written, rejects with the worker's error.
 */
export function searchKeysInWorker(job: Omit<SearchKeysJob, 'kind'>): Promise<number> {
  const script = workerScript();
  return new Promise<number>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(script.code, { eval: script.eval, execArgv: script.execArgv, workerData: { kind: 'search-keys', ...job } satisfies SearchKeysJob });
    worker.on('message', (m: { kind: 'keys'; keys: number } | { kind: 'error'; message: string }) => {
      settled = true;
      if (m.kind === 'keys') resolve(m.keys);
      else reject(new Error(`search keys worker failed: ${m.message}`));
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`search keys worker exited (code ${code}) before it finished`));
    });
  });
}

/** What the writing thread sends each planning worker once it has counted them (plan-worker.ts). */
export interface StoreWideMessage {
  kind: 'store-wide';
  tasks: readonly DesiredTask[];
}

interface Lane {
  batches: RangeBatch[];
  next: number;
  done: boolean;
  error: Error | null;
}

/**
 * Plans every range in its own worker thread, all at once, and yields their batches in range
 * order (the first range's, then the second's...), so rows are written in the same order on
 * every run. The store-wide Nth-visitor tasks are counted here once the workers are started
 * (while they start and read: ~0.2 s on the 100k store) and sent to each. Stopping early
 * (return, throw) terminates the workers.
 */
export async function* planInWorkers(
  job: Omit<RangeJob, 'range'>,
  ranges: readonly CustomerRange[],
  storeWide: () => readonly DesiredTask[],
): AsyncGenerator<RangeBatch, void, void> {
  const script = workerScript();
  let notify: (() => void) | null = null;
  const lanes: Lane[] = ranges.map(() => ({ batches: [], next: 0, done: false, error: null }));
  const workers = ranges.map((range, i) => {
    const lane = lanes[i]!;
    const worker = new Worker(script.code, {
      eval: script.eval,
      execArgv: script.execArgv,
      workerData: { ...job, range } satisfies RangeJob,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    worker.on('message', (m: { kind: 'batch'; batch: RangeBatch } | { kind: 'done' } | { kind: 'error'; message: string }) => {
      if (m.kind === 'batch') lane.batches.push(m.batch);
      else if (m.kind === 'done') lane.done = true;
      else lane.error = new Error(`planning worker failed: ${m.message}`);
      notify?.();
    });
    worker.on('error', (error) => {
      lane.error ??= error;
      notify?.();
    });
    worker.on('exit', (code) => {
      if (!lane.done) lane.error ??= new Error(`planning worker exited (code ${code}) before it finished`);
      notify?.();
    });
    return worker;
  });
  try {
    const tasks = storeWide();
    for (const worker of workers) worker.postMessage({ kind: 'store-wide', tasks } satisfies StoreWideMessage);
    for (const lane of lanes) {
      for (;;) {
        if (lane.next < lane.batches.length) {
          const batch = lane.batches[lane.next]!;
          lane.batches[lane.next++] = undefined as unknown as RangeBatch; // let it go once written
          yield batch;
          continue;
        }
        if (lane.error) throw lane.error;
        if (lane.done) break;
        await new Promise<void>((resolve) => (notify = resolve));
        notify = null;
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
