import { DEFAULT_RULES } from '../shared/domain/rules/config';
import { fixedDayClock } from '../electron/core/clock';
import { createCore } from '../electron/core/core';
import { openDatabase } from '../electron/core/db/open';
import { runPlannerInBatches } from '../electron/core/planner/run';
import { deskClient } from '../electron/core/testing/client';
import { BENCH_TODAY, copyDatabase, percentile, removeDatabase, report } from './support';

/**
 * Handwritten cards, points and booking through a real core and the desk API, as a window calls
 * them, on a planned copy of the demo store: the week's card queue with prompts for the advisor
 * with the most customers (~12.5k at 100k), the A4 sheet's query, a points account and a
 * customer's booking calendar, and the writes (redeem, book) each in one audited transaction.
 */
export async function benchCardsPointsBooking(file: string): Promise<boolean> {
  const copy = `${file}.cards-bench`;
  copyDatabase(file, copy);
  try {
    const opened = openDatabase(copy); // applies this version's migrations
    if ((opened.sqlite.prepare('SELECT count(*) FROM card_reminders').pluck().get() as number) === 0) {
      await runPlannerInBatches(opened.sqlite, { today: BENCH_TODAY, rules: DEFAULT_RULES, now: `${BENCH_TODAY}T00:00:00.000Z` });
    }
    await opened.close();

    const core = createCore({ dbFile: copy, clock: fixedDayClock(BENCH_TODAY), autoPlan: false });
    try {
      const sqlite = core.context.database.sqlite;
      const advisor = sqlite.prepare('SELECT advisor_id FROM customers WHERE advisor_id IS NOT NULL GROUP BY advisor_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
      const c = deskClient(core);
      await c.signIn(advisor);
      const time = async (runs: number, call: (i: number) => Promise<{ ok: boolean }>) => {
        const samples: number[] = [];
        let failed = 0;
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          if (!(await call(i)).ok) failed++;
          samples.push(performance.now() - t);
        }
        return { samples, failed };
      };

      const queue = await c.call('cards', 'queue', {}); // also warms the statements
      const q = await time(20, () => c.call('cards', 'queue', {}));
      const ok1 = report(
        'cards: the queue’s first 200 cards with prompts (p95)', percentile(q.samples, 95), 'ms', 150,
        `(p50 ${percentile(q.samples, 50).toFixed(1)} ms; ${queue.value?.total} open cards due within the week for the advisor with the most customers${q.failed ? `; ${q.failed} FAILED` : ''})`,
      );
      await c.call('cards', 'queue', { from: '2026-11-17', to: '2026-11-30', limit: 3000 });
      const sheet = await time(5, () => c.call('cards', 'queue', { from: '2026-11-17', to: '2026-11-30', limit: 3000 }));
      const ok2 = report('cards: A4 sheet query, the whole fortnight (p95)', percentile(sheet.samples, 95), 'ms', 1000, `(p50 ${percentile(sheet.samples, 50).toFixed(1)} ms${sheet.failed ? `; ${sheet.failed} FAILED` : ''})`);

      const customers = sqlite.prepare('SELECT customer_id FROM points_ledger GROUP BY customer_id ORDER BY count(*) DESC LIMIT 200').pluck().all() as string[];
      for (const id of customers.slice(0, 20)) await c.call('points', 'account', { customerId: id }); // warm up
      const acc = await time(customers.length, (i) => c.call('points', 'account', { customerId: customers[i] }));
      const ok3 = report('points: account with ledger (p95)', percentile(acc.samples, 95), 'ms', 15, `(the 200 customers with the longest ledgers${acc.failed ? `; ${acc.failed} FAILED` : ''})`);
      const redeem = await time(50, (i) => c.call('points', 'redeem', { customerId: customers[i]!, points: 1, forWhat: 'bench' }));
      const ok4 = report('points: redeem, one audited transaction (p95)', percentile(redeem.samples, 95), 'ms', 20, redeem.failed ? `${redeem.failed} FAILED` : '');

      for (const id of customers.slice(0, 20)) await c.call('appointments', 'calendar', { customerId: id }); // warm up
      const cal = await time(customers.length, (i) => c.call('appointments', 'calendar', { customerId: customers[i] }));
      const ok5 = report('booking: a customer’s calendar (p95)', percentile(cal.samples, 95), 'ms', 15, cal.failed ? `${cal.failed} FAILED` : '');
      const gold = sqlite.prepare("SELECT id FROM customers WHERE tier IN ('gold', 'diamond') LIMIT 60").pluck().all() as string[];
      const times = ['10:00', '11:00', '13:30', '15:30', '16:30'];
      const book = await time(gold.length, (i) => c.call('appointments', 'book', { customerId: gold[i], date: `2026-12-0${1 + (i % 8)}`, time: times[Math.floor(i / 8) % times.length] }));
      const ok6 = report('booking: book a slot, one audited transaction (p95)', percentile(book.samples, 95), 'ms', 20, book.failed ? `${book.failed} refused (full slots)` : '');
      c.close();
      return ok1 && ok2 && ok3 && ok4 && ok5 && ok6;
    } finally {
      await core.close();
    }
  } finally {
    removeDatabase(copy);
  }
}

if (process.argv[1]?.endsWith('cards-points-booking.bench.ts')) {
  const target = process.env.BENCH_DB;
  if (!target) throw new Error('set BENCH_DB to a demo store file');
  await benchCardsPointsBooking(target);
}
