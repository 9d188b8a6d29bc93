import { fixedDayClock } from '../electron/core/clock';
import { createCore } from '../electron/core/core';
import type { WireMessage } from '../shared/api/desk';
import { BENCH_TODAY, percentile, report } from './support';

const CUSTOMERS = 400;

/**
 * Customer 360 load (customers.get through the core, as a window asks: dispatch, the reads of
 * every panel, tier and radar rules, the audit entry) for customers spread over the store,
 * including the ones with the most visits. Target: under 15 ms.
 */
export async function benchCustomer360(file: string): Promise<boolean> {
  const core = createCore({ dbFile: file, clock: fixedDayClock(BENCH_TODAY), autoPlan: false });
  const sqlite = core.context.database.sqlite;
  const pending = new Map<number, (ok: boolean) => void>();
  const conn = core.connect((m: WireMessage) => {
    if (m.kind === 'result') pending.get(m.id)?.(m.result.ok);
  });
  let id = 0;
  const call = (area: string, verb: string, args: unknown) =>
    new Promise<boolean>((resolve) => {
      const mine = ++id;
      pending.set(mine, resolve);
      void conn.receive({ kind: 'call', id: mine, area, verb, args });
    });
  const staff = sqlite.prepare("SELECT id FROM staff WHERE role = 'advisor' LIMIT 1").get() as { id: string };
  await call('session', 'signIn', { staffId: staff.id });

  const total = sqlite.prepare('SELECT count(*) FROM customers').pluck().get() as number;
  const step = Math.max(1, Math.floor(total / CUSTOMERS));
  const spread = sqlite.prepare(`SELECT id FROM customers WHERE rowid % ? = 0 LIMIT ?`).pluck().all(step, CUSTOMERS - 20) as string[];
  // The heaviest: the customers with the most visits.
  const heaviest = sqlite.prepare('SELECT customer_id FROM visits GROUP BY customer_id ORDER BY count(*) DESC LIMIT 20').pluck().all() as string[];
  const ids = [...spread, ...heaviest];
  const openTasks = sqlite.prepare("SELECT count(*) FROM tasks WHERE status = 'open'").pluck().get() as number;
  const maxVisits = sqlite.prepare('SELECT count(*) FROM visits WHERE customer_id = ?').pluck().get(heaviest[0]) as number;

  for (const c of ids.slice(0, 30)) await call('customers', 'get', { id: c }); // warm up
  const ms: number[] = [];
  let failed = 0;
  for (const c of ids) {
    const t = performance.now();
    if (!(await call('customers', 'get', { id: c }))) failed++;
    ms.push(performance.now() - t);
  }
  const heavyMs = ms.slice(spread.length);
  conn.close();
  await core.close();
  const ok = report(
    'customer 360 load p95',
    percentile(ms, 95),
    'ms',
    15,
    `(p50 ${percentile(ms, 50).toFixed(2)} ms; max ${Math.max(...ms).toFixed(2)} ms; heaviest 20 customers (up to ${maxVisits} visits) p95 ${percentile(heavyMs, 95).toFixed(2)} ms; n=${ms.length} of ${total} customers; ${openTasks} open tasks in the store${failed ? `; ${failed} FAILED` : ''})`,
  );
  return ok && failed === 0;
}
