import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { planRange, type RangeJob } from './plan-range';

/**
 * A planning worker (workers.ts starts it): plans one range of customers on its own read-only
 * connection and posts each batch to the thread that writes, then 'done' (or 'error').
 */
const MMAP_ALL = 2 ** 40;
const job = workerData as RangeJob;
const port = parentPort!;
let sqlite: BetterSqlite3.Database | null = null;
try {
  sqlite = new BetterSqlite3(job.file, { readonly: true, fileMustExist: true });
  sqlite.pragma(`mmap_size = ${MMAP_ALL}`);
  for (const batch of planRange(sqlite, job)) port.postMessage({ kind: 'batch', batch });
  port.postMessage({ kind: 'done' });
} catch (error) {
  port.postMessage({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  sqlite?.close();
}
