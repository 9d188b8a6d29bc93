import type BetterSqlite3 from 'better-sqlite3';
import { addDays } from '../../../shared/domain/rules/days';
import { encodeFacts } from '../repos/planner-facts-codec';
import { factsKey, keptFactsRunOut } from '../repos/planner-inputs-cached';
import { keepFacts } from '../repos/planner-wake';
import { readCustomers } from '../repos/planner-inputs-scoped';
import type { RunContext } from './compute';
import { nextTurn } from '../next-turn';

/** Customers per transaction: each slice is a few tens of ms. */
const PER_SLICE = 500;

/**
 * Reads again, from the tables, the kept facts that will have run out by tomorrow
 * (repos/planner-inputs-cached.ts), as they will stand tomorrow: each day ~4% of the store's facts
 * reach their last day (a visit leaves a window). Renewing them after each day's run (service.ts,
 * in the background) lets the next morning's run, the weekly full one too, read kept facts only
 * instead of ~4k customers from the tables (~100 us each). Facts read for tomorrow are not valid
 * today (facts_on), so a run later today reads those customers from the tables, as before; a write
 * about a customer drops their facts whatever day they were read for. Read and kept in one
 * transaction per slice, so a write in between cannot be missed. Returns how many were read.
 */
export async function refreshKeptFacts(sqlite: BetterSqlite3.Database, ctx: RunContext, stopped?: () => boolean): Promise<number> {
  const key = factsKey(ctx.rules);
  const tomorrow = addDays(ctx.today, 1);
  const ids = keptFactsRunOut(sqlite, tomorrow, key);
  for (let i = 0; i < ids.length; i += PER_SLICE) {
    await nextTurn();
    if (stopped?.()) return i;
    sqlite
      .transaction(() => {
        const read = readCustomers(sqlite, tomorrow, ctx.rules, ids.slice(i, i + PER_SLICE));
        keepFacts(sqlite, tomorrow, key, [...read.values()].map((c) => [c.facts.customerId, encodeFacts(c), c.factsUntil!] as const));
      })
      .immediate();
  }
  return ids.length;
}
