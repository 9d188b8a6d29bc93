import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { writeSearchKeysFile } from '../repos/bulk-keys';
import { planRange, type RangeJob } from './plan-range';
import type { SearchKeysJob } from './workers';

/**
 * The core's worker thread (workers.ts starts it; one script, so the packaged app unpacks one
 * file): plans one range of customers on its own read-only connection and posts each batch to
 * the thread that writes, then 'done' (or 'error'); or, for the end of an initial sync, writes
 * every customer's search keys into a scratch file (repos/bulk-keys.ts) and posts how many.
 */
const MMAP_ALL = 2 ** 40;
const job = workerData as RangeJob | SearchKeysJob;
const port = parentPort!;
let sqlite: BetterSqlite3.Database | null = null;
try {
  sqlite = new BetterSqlite3(job.file, { readonly: true, fileMustExist: true });
  sqlite.pragma(`mmap_size = ${MMAP_ALL}`);
  if ('kind' in job && job.kind === 'search-keys') {
    port.postMessage({ kind: 'keys', keys: writeSearchKeysFile(sqlite, job.out, job.indexSql) });
  } else {
    for (const batch of planRange(sqlite, job as RangeJob)) port.postMessage({ kind: 'batch', batch });
    port.postMessage({ kind: 'done' });
  }
} catch (error) {
  port.postMessage({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  sqlite?.close();
}
