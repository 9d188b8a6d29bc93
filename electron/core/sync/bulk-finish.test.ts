import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SYNCED_TABLES } from '../../../shared/sync/tables';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { beginBootstrap, bootstrapPragmas, bootstrapUnderWay, finishBootstrap } from '../repos/bulk-load';
import { insertPulledRow } from '../repos/sync-apply';
import { tempDbFile } from '../testing/fixture';
import { finishBulkLoad } from './bulk-finish';

const opened: { o: OpenedDatabase; cleanup: () => void }[] = [];
afterEach(async () => {
  for (const { o, cleanup } of opened.splice(0)) {
    await o.close();
    cleanup();
  }
});

function open(): OpenedDatabase {
  const tmp = tempDbFile();
  const o = openDatabase(tmp.file);
  opened.push({ o, cleanup: tmp.cleanup });
  return o;
}

/** A desk in the middle of an initial sync: the demo store's synced rows inserted as pulled, nothing rebuilt yet. */
function loadedDesk(source: OpenedDatabase): OpenedDatabase {
  const desk = open();
  beginBootstrap(desk.sqlite);
  const restore = bootstrapPragmas(desk.sqlite);
  expect(desk.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL for the load (a power cut restarts it)
  desk.sqlite.transaction(() => {
    for (const { table } of SYNCED_TABLES) {
      for (const row of source.sqlite.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) insertPulledRow(desk.sqlite, table, row);
    }
  })();
  restore();
  expect(desk.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL again afterwards
  return desk;
}

/** What `run` returns, and the first argument of each console.warn meanwhile. */
async function withWarnings<T>(run: () => Promise<T>): Promise<{ value: T; warned: unknown[] }> {
  const warn = console.warn;
  const warned: unknown[] = [];
  console.warn = (...args: unknown[]) => warned.push(args[0]);
  try {
    return { value: await run(), warned };
  } finally {
    console.warn = warn;
  }
}

const keysOf = (o: OpenedDatabase) => o.sqlite.prepare('SELECT kind, key, customer_id FROM search_keys ORDER BY kind, key, customer_id').raw().all();
const schemaOf = (o: OpenedDatabase) => o.sqlite.prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name").all();

describe('finishing an initial sync with the search keys built in a worker thread', () => {
  it('ends with exactly the keys, indexes and triggers of the finish in one thread, and removes its scratch file', async () => {
    const source = open();
    generateDemoStore(source, { customers: 150, seed: 3, today: '2026-11-24' });
    const expected = open();
    const before = schemaOf(expected);
    const inThread = loadedDesk(source);
    finishBootstrap(inThread.sqlite);
    const desk = loadedDesk(source);
    const { value: finish, warned } = await withWarnings(() => finishBulkLoad(desk.sqlite, { workerFromCustomers: 0 }));
    expect(warned).toEqual([]); // the worker built them: no fallback
    expect(finish?.keys).toBeGreaterThan(150 * 5);
    expect(keysOf(desk)).toEqual(keysOf(inThread));
    expect(schemaOf(desk)).toEqual(before);
    expect(bootstrapUnderWay(desk.sqlite)).toBe(false);
    expect(existsSync(`${desk.sqlite.name}.search-keys`)).toBe(false);
    expect(desk.sqlite.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
  });

  it('builds the keys in this thread when the worker fails, with the same result', async () => {
    const source = open();
    generateDemoStore(source, { customers: 60, seed: 4, today: '2026-11-24' });
    const inThread = loadedDesk(source);
    finishBootstrap(inThread.sqlite);
    const desk = loadedDesk(source);
    const { warned } = await withWarnings(() => finishBulkLoad(desk.sqlite, { workerFromCustomers: 0, keysWorker: () => Promise.reject(new Error('no threads here')) }));
    expect(warned.some((w) => String(w).includes('in this thread'))).toBe(true);
    expect(keysOf(desk)).toEqual(keysOf(inThread));
    expect(bootstrapUnderWay(desk.sqlite)).toBe(false);
  });

  it('stops at a broken reference before any key is copied, and the load stays open', async () => {
    const source = open();
    generateDemoStore(source, { customers: 20, seed: 5, today: '2026-11-24' });
    const desk = loadedDesk(source);
    desk.sqlite.pragma('foreign_keys = OFF');
    desk.sqlite.prepare("UPDATE vehicles SET customer_id = 'gone' WHERE rowid = (SELECT min(rowid) FROM vehicles)").run();
    desk.sqlite.pragma('foreign_keys = ON');
    await expect(finishBulkLoad(desk.sqlite, { workerFromCustomers: 0 })).rejects.toThrow(/vehicles row \d+, column customer_id, to customers/);
    expect(bootstrapUnderWay(desk.sqlite)).toBe(true);
    expect(desk.sqlite.prepare('SELECT count(*) FROM search_keys').pluck().get()).toBe(0);
    expect(existsSync(`${desk.sqlite.name}.search-keys`)).toBe(false);
  });
});
