import BetterSqlite3 from 'better-sqlite3';
import { fixedDayClock } from '../electron/core/clock';
import { createCore } from '../electron/core/core';
import { namePinyin } from '../electron/core/search/keys';
import { kindNumber, planSearch } from '../electron/core/search/plan';
import type { WireMessage } from '../shared/api/desk';
import { BENCH_TODAY, percentile, report } from './support';

const QUERIES_PER_KIND = 300;
const MAX_PREFIX_CHAR = String.fromCodePoint(0x10ffff);

type Sample = { plate: string; phone: string; name: string };

/** Realistic queries of each kind, drawn from the store's own customers. */
function queriesByKind(file: string): Record<string, string[]> {
  const raw = new BetterSqlite3(file, { readonly: true });
  const rows = raw
    .prepare(
      `SELECT c.name, c.phone, (SELECT plate FROM vehicles v WHERE v.customer_id = c.id LIMIT 1) AS plate
       FROM customers c WHERE c.rowid % 97 = 0 LIMIT ${QUERIES_PER_KIND}`,
    )
    .all() as Sample[];
  raw.close();
  const withPlate = rows.filter((r) => r.plate);
  return {
    'plate fragment (A12)': withPlate.map((r) => r.plate.slice(1, 4)),
    'plate digits (12345)': withPlate.map((r) => r.plate.slice(-5)),
    'phone tail (5678)': rows.map((r) => r.phone.slice(-4)),
    'full name (王伟)': rows.map((r) => r.name),
    'partial name (伟)': rows.map((r) => Array.from(r.name).slice(1).join('')),
    'pinyin (zhangwei)': rows.map((r) => namePinyin(r.name).full),
    'initials (zw)': rows.map((r) => namePinyin(r.name).initials),
  };
}

/** The same candidate rows straight from the index, for the core/index ratio. */
function directIndex(file: string) {
  const raw = new BetterSqlite3(file, { readonly: true });
  const stmt = raw.prepare('SELECT customer_id FROM search_keys WHERE kind = ? AND key >= ? AND key < ? ORDER BY key LIMIT 200');
  return {
    run(query: string) {
      for (const r of planSearch(query)) stmt.all(kindNumber(r.kind), r.prefix, r.prefix + MAX_PREFIX_CHAR);
    },
    close: () => raw.close(),
  };
}

export async function benchSearch(file: string): Promise<boolean> {
  const core = createCore({ dbFile: file, clock: fixedDayClock(BENCH_TODAY), autoPlan: false }); // measures search alone
  const pending = new Map<number, () => void>();
  const conn = core.connect((m: WireMessage) => m.kind === 'result' && pending.get(m.id)?.());
  let id = 0;
  const call = (area: string, verb: string, args: unknown) =>
    new Promise<void>((resolve) => {
      const mine = ++id;
      pending.set(mine, resolve);
      void conn.receive({ kind: 'call', id: mine, area, verb, args });
    });
  const staff = core.context.database.sqlite.prepare("SELECT id FROM staff WHERE role = 'advisor' LIMIT 1").get() as { id: string };
  await call('session', 'signIn', { staffId: staff.id });

  const index = directIndex(file);
  let allOk = true;
  for (const [kind, queries] of Object.entries(queriesByKind(file))) {
    for (const q of queries.slice(0, 20)) await call('customers', 'search', { query: q }); // warm up
    const coreMs: number[] = [];
    const indexMs: number[] = [];
    for (const q of queries) {
      let t = performance.now();
      await call('customers', 'search', { query: q });
      coreMs.push(performance.now() - t);
      t = performance.now();
      index.run(q);
      indexMs.push(performance.now() - t);
    }
    const p95 = percentile(coreMs, 95);
    const ratio = p95 / Math.max(percentile(indexMs, 95), 0.001);
    allOk = report(`search p95 ${kind}`, p95, 'ms', 10, `(p50 ${percentile(coreMs, 50).toFixed(2)} ms; index alone p95 ${percentile(indexMs, 95).toFixed(2)} ms; core/index ${ratio.toFixed(1)}x; n=${queries.length})`) && allOk;
  }
  index.close();
  conn.close();
  await core.close();
  return allOk;
}
