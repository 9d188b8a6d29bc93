import type BetterSqlite3 from 'better-sqlite3';
import { encodeFacts } from '../repos/planner-facts-codec';
import { factsKey, keptFactsRunOut } from '../repos/planner-inputs-cached';
import { keepFacts } from '../repos/planner-wake';
import { readCustomers } from '../repos/planner-inputs-scoped';
import type { RunContext } from './compute';

/** Customers per transaction: each slice is a few tens of ms. */
const PER_SLICE = 500;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads again, from the tables, the kept facts that ran out by `today` (repos/planner-inputs-cached.ts):
 * each day ~5% of the store's facts reach their last day (a visit leaves a window), and renewing
 * them after each day's run (service.ts, in the background) keeps the weekly full run reading
 * kept facts only. Read and kept in one transaction per slice, so a write in between cannot be
 * missed. Returns how many customers were read.
 */
export async function refreshKeptFacts(sqlite: BetterSqlite3.Database, ctx: RunContext, stopped?: () => boolean): Promise<number> {
  const key = factsKey(ctx.rules);
  const ids = keptFactsRunOut(sqlite, ctx.today, key);
  for (let i = 0; i < ids.length; i += PER_SLICE) {
    await nextTurn();
    if (stopped?.()) return i;
    sqlite
      .transaction(() => {
        const read = readCustomers(sqlite, ctx.today, ctx.rules, ids.slice(i, i + PER_SLICE));
        keepFacts(sqlite, ctx.today, key, [...read.values()].map((c) => [c.facts.customerId, encodeFacts(c), c.factsUntil!] as const));
      })
      .immediate();
  }
  return ids.length;
}
