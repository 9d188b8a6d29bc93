import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { planRange, type RangeJob } from './plan-range';
import type { DesiredTask } from './rows';
import type { SearchKeysJob, StoreWideMessage } from './workers';

/**
 * The core's worker thread (workers.ts starts it; one script, so the packaged app unpacks one
 * file): plans one range of customers on its own read-only connection and posts each batch to
 * the thread that writes, then 'done' (or 'error'); the writer sends the store-wide Nth-visitor
 * tasks meanwhile (planRange reads the range before it needs them). Or, for the end of an
 * initial sync, writes every customer's search keys into a scratch file (repos/bulk-keys.ts)
 * and posts how many.
 */
const MMAP_ALL = 2 ** 40;
const job = workerData as RangeJob | SearchKeysJob;
const port = parentPort!;

async function run(): Promise<void> {
  let sqlite: BetterSqlite3.Database | null = null;
  try {
    sqlite = new BetterSqlite3(job.file, { readonly: true, fileMustExist: true });
    sqlite.pragma(`mmap_size = ${MMAP_ALL}`);
    if ('kind' in job && job.kind === 'search-keys') {
      // Loaded only for this job: the search keys' pinyin dictionaries cost a planning worker ~80 ms to load.
      const { writeSearchKeysFile } = await import('../repos/bulk-keys');
      port.postMessage({ kind: 'keys', keys: writeSearchKeysFile(sqlite, job.out, job.indexSql) });
    } else {
      const storeWide = new Promise<readonly DesiredTask[]>((resolve) => port.once('message', (m: StoreWideMessage) => resolve(m.tasks)));
      for await (const batch of planRange(sqlite, job as RangeJob, storeWide)) port.postMessage({ kind: 'batch', batch });
      port.postMessage({ kind: 'done' });
    }
  } catch (error) {
    port.postMessage({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    sqlite?.close();
  }
}

void run();
