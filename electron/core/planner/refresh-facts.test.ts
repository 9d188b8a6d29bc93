import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../shared/domain/rules/config';
import { addDays } from '../../../shared/domain/rules/days';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { generateDemoStore } from '../demo/generate';
import { factsKey, keptFactsRunOut, loadPlanningInputsKept } from '../repos/planner-inputs-cached';
import { loadPlanningInputs } from '../repos/planner-inputs';
import { runToEnd, type PlanningCustomer } from '../repos/planner-inputs-types';
import { tempDbFile } from '../testing/fixture';
import { refreshKeptFacts } from './refresh-facts';
import { runPlannerInBatches } from './run';

const TODAY = '2026-11-20';
const ctxOn = (today: string) => ({ today, rules: DEFAULT_RULES, koiSeed: 'k', now: `${today}T07:00:00.000Z` });
const factsOnly = (c: PlanningCustomer) => ({ ...c, factsUntil: undefined });

describe('renewing the planning facts kept that ran out, after each daily run', () => {
  const tmp = tempDbFile();
  let opened: OpenedDatabase;
  beforeAll(() => {
    opened = openDatabase(tmp.file);
    generateDemoStore(opened, { customers: 300, seed: 5, today: TODAY });
  });
  afterAll(async () => {
    await opened.close();
    tmp.cleanup();
  });

  it('leaves every customer with facts valid for the day, equal to what the tables say', async () => {
    const sqlite = opened.sqlite;
    await runPlannerInBatches(sqlite, ctxOn(TODAY));
    const key = factsKey(DEFAULT_RULES);
    expect(keptFactsRunOut(sqlite, TODAY, key)).toEqual([]);
    // Day by day, as the app runs: each daily run plans the customers due (a few), and renews the facts that ran out.
    let day = TODAY;
    let renewed = 0;
    for (let k = 1; k <= 6; k++) {
      day = addDays(TODAY, k);
      const runOut = keptFactsRunOut(sqlite, day, key);
      const run = await runPlannerInBatches(sqlite, ctxOn(day), { fullRunEveryDays: 1_000 });
      expect(run.customers).toBeLessThan(100);
      const read = await refreshKeptFacts(sqlite, ctxOn(day));
      // The customers just planned had theirs read with their plan.
      expect(read).toBeLessThanOrEqual(runOut.length);
      renewed += read;
    }
    expect(renewed).toBeGreaterThan(10);
    expect(keptFactsRunOut(sqlite, day, key)).toEqual([]);
    const kept = loadPlanningInputsKept(sqlite, day, DEFAULT_RULES);
    const live = runToEnd(loadPlanningInputs(sqlite, day, DEFAULT_RULES));
    expect([...kept.values()].filter((c) => c.factsUntil !== undefined)).toEqual([]);
    expect(kept.size).toBe(live.size);
    for (const [id, c] of live) expect(factsOnly(kept.get(id)!)).toEqual(factsOnly(c));
  });
});
