import { rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { namePinyin, searchKeysFor, type NamePinyin } from '../search/keys';

/**
 * Every live customer's search keys, read from the desk in one pass (name pinyin once per name,
 * phones, live plates): the end of an initial sync builds them all at once, here or in a worker.
 */
export function everySearchKey(sqlite: BetterSqlite3.Database, emit: (kind: number, key: string, customerId: string) => void): void {
  const plates = new Map<string, string[]>();
  for (const v of sqlite.prepare('SELECT customer_id, plate FROM vehicles WHERE deleted_at IS NULL').raw().iterate() as IterableIterator<[string, string]>) {
    const list = plates.get(v[0]);
    if (list) list.push(v[1]);
    else plates.set(v[0], [v[1]]);
  }
  const pinyinOf = new Map<string, NamePinyin>(); // names repeat (100k demo customers: ~11k names)
  // All read first: `emit` may write on the same connection (no statement may run while one iterates).
  for (const c of sqlite.prepare('SELECT id, name, phone, phone2 FROM customers WHERE deleted_at IS NULL').raw().all() as [string, string, string, string | null][]) {
    const [id, name, phone, phone2] = c;
    let py = pinyinOf.get(name);
    if (!py) pinyinOf.set(name, (py = namePinyin(name)));
    for (const k of searchKeysFor({ name, phones: phone2 ? [phone, phone2] : [phone], plates: plates.get(id) ?? [] }, py)) emit(k.kind, k.key, id);
  }
}

/**
 * Every customer's search keys, built from a desk database into a scratch SQLite file that holds
 * a `search_keys` table made by the desk's own DDL, filled in key order, and its index: the end of
 * an initial sync (sync/bulk-finish.ts) copies it into the empty `search_keys` in one statement
 * (SQLite copies the B-tree pages: ~1 s for 2.7M keys instead of ~10 s of staging, sorting and
 * inserting). Runs in a worker thread on a read connection while the core thread rebuilds the
 * other indexes. The desk file is only read.
 */
export function writeSearchKeysFile(desk: BetterSqlite3.Database, out: string, indexSql: readonly string[]): number {
  const tableSql = desk.prepare(`SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = 'search_keys'`).pluck().get() as string;
  // One string per key, sorted by the default (code unit) order: kind (one digit), key, customer
  // apart by \u0001, below any character of a key, so the order is the primary key's (kind, key, customer_id).
  const packed: string[] = [];
  everySearchKey(desk, (kind, key, customerId) => packed.push(`${kind}\u0001${key}\u0001${customerId}`));
  packed.sort();

  for (const suffix of ['', '-journal']) rmSync(out + suffix, { force: true });
  const file = new BetterSqlite3(out);
  try {
    // A scratch file: a crash leaves a file the next attempt removes.
    file.pragma('journal_mode = OFF');
    file.pragma('synchronous = OFF');
    file.pragma('cache_size = -262144');
    file.exec(tableSql);
    const PER = 100;
    const many = file.prepare(`INSERT OR IGNORE INTO search_keys (kind, key, customer_id) VALUES ${Array.from({ length: PER }, () => '(?, ?, ?)').join(', ')}`);
    const one = file.prepare('INSERT OR IGNORE INTO search_keys (kind, key, customer_id) VALUES (?, ?, ?)');
    const args = (s: string, into: unknown[]) => {
      const a = s.indexOf('\u0001');
      const b = s.lastIndexOf('\u0001');
      into.push(Number(s.slice(0, a)), s.slice(a + 1, b), s.slice(b + 1));
    };
    file.transaction(() => {
      let i = 0;
      for (; i + PER <= packed.length; i += PER) {
        const batch: unknown[] = [];
        for (let j = i; j < i + PER; j++) args(packed[j]!, batch);
        many.run(batch);
      }
      for (; i < packed.length; i++) {
        const row: unknown[] = [];
        args(packed[i]!, row);
        one.run(row);
      }
    })();
    for (const sql of indexSql) file.exec(sql);
    return file.prepare('SELECT count(*) FROM search_keys').pluck().get() as number;
  } finally {
    file.close();
  }
}
