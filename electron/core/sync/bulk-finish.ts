import { rmSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { searchKeysInWorker } from '../planner/workers';
import { type BootstrapFinish, droppedSearchKeyIndexes, finishBootstrap, finishWithSearchKeysFile, rebuildAllButSearchKeys } from '../repos/bulk-load';

/** Below this many customers the finish takes a few seconds at most: not worth a worker's start (~0.3 s). */
const WORKER_FROM_CUSTOMERS = 10_000;

/**
 * Ends an initial sync's bulk load on two cores: a worker thread writes every customer's search
 * keys into a scratch file beside the database (repos/bulk-keys.ts, reading the loaded rows),
 * while this thread checks references and rebuilds the other indexes; then the keys are copied
 * in (at 100k customers: ~32 s in one thread before). In one thread (finishBootstrap) for a small
 * store or an in-memory database, or when the worker fails (logged). Null when no bulk load is under way.
 */
export async function finishBulkLoad(
  sqlite: BetterSqlite3.Database,
  options: { workerFromCustomers?: number; keysWorker?: typeof searchKeysInWorker } = {},
): Promise<BootstrapFinish | null> {
  const indexSql = droppedSearchKeyIndexes(sqlite);
  if (indexSql === null) return null;
  const customers = sqlite.prepare('SELECT count(*) FROM customers').pluck().get() as number;
  if (sqlite.memory || customers < (options.workerFromCustomers ?? WORKER_FROM_CUSTOMERS)) return finishBootstrap(sqlite);
  const keysWorker = options.keysWorker ?? searchKeysInWorker;
  const out = `${sqlite.name}.search-keys`;
  const keys = keysWorker({ file: sqlite.name, out, indexSql });
  keys.catch(() => undefined); // awaited below unless the rebuild throws first
  try {
    const rebuilt = rebuildAllButSearchKeys(sqlite);
    if (rebuilt === null) return null;
    const waitStart = performance.now();
    try {
      await keys;
    } catch (error) {
      console.warn('[sync] building the search keys in a worker thread failed; building them in this thread', error);
      return finishBootstrap(sqlite);
    }
    const copyStart = performance.now();
    const copied = finishWithSearchKeysFile(sqlite, out);
    return { ...rebuilt, keys: copied, keysMs: copyStart - waitStart, keysInsertMs: performance.now() - copyStart };
  } finally {
    await keys.catch(() => undefined); // the worker is done with the file before it goes
    for (const suffix of ['', '-journal']) rmSync(out + suffix, { force: true });
  }
}
