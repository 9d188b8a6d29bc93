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
const ctxOn = (today: string) => ({ today, rules: DEFAULT_RULES, now: `${today}T07:00:00.000Z` });
const factsOnly = (c: PlanningCustomer) => ({ ...c, factsUntil: undefined });

describe('renewing, after each daily run, the planning facts kept that run out by tomorrow', () => {
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

  it('leaves every customer with facts valid for the next day, equal to what the tables will say then; today still reads true facts', async () => {
    const sqlite = opened.sqlite;
    await runPlannerInBatches(sqlite, ctxOn(TODAY));
    const key = factsKey(DEFAULT_RULES);
    expect(keptFactsRunOut(sqlite, TODAY, key)).toEqual([]);
    // Day by day, as the app runs: each daily run plans the customers due (a few), then the facts that run out by tomorrow are read for it.
    let day = TODAY;
    let renewed = 0;
    for (let k = 1; k <= 6; k++) {
      day = addDays(TODAY, k);
      const run = await runPlannerInBatches(sqlite, ctxOn(day), { fullRunEveryDays: 1_000 });
      expect(run.customers).toBeLessThan(100);
      const runningOut = keptFactsRunOut(sqlite, addDays(day, 1), key);
      expect(await refreshKeptFacts(sqlite, ctxOn(day))).toBe(runningOut.length);
      expect(keptFactsRunOut(sqlite, addDays(day, 1), key)).toEqual([]);
      renewed += runningOut.length;
      // Today the facts read for tomorrow do not count: those customers are read from the tables, and every customer's facts are true.
      const today = loadPlanningInputsKept(sqlite, day, DEFAULT_RULES);
      const liveToday = runToEnd(loadPlanningInputs(sqlite, day, DEFAULT_RULES));
      expect(today.size).toBe(liveToday.size);
      for (const [id, c] of liveToday) expect(factsOnly(today.get(id)!), `${id} on ${day}`).toEqual(factsOnly(c));
    }
    expect(renewed).toBeGreaterThan(10);
    // The next morning (the weekly full run's day here) every customer's facts are kept ones, equal to the tables'.
    const next = addDays(day, 1);
    const kept = loadPlanningInputsKept(sqlite, next, DEFAULT_RULES);
    const live = runToEnd(loadPlanningInputs(sqlite, next, DEFAULT_RULES));
    expect([...kept.values()].filter((c) => c.factsUntil !== undefined)).toEqual([]);
    expect(kept.size).toBe(live.size);
    for (const [id, c] of live) expect(factsOnly(kept.get(id)!)).toEqual(factsOnly(c));
  });
});
