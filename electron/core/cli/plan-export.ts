import { existsSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { riskFlag } from '../../../shared/domain/rules/radar';
import { tierPath } from '../../../shared/domain/rules/tier';
import { trailingActivity } from '../../../shared/domain/rules/trailing';
import { openDatabase } from '../db/open';
import { runPlannerInBatches } from '../planner/run';
import { loadPlannerInputs } from '../repos/planner-inputs';
import { koiSeed, loadRules } from '../repos/rules';
import { storeMetrics } from '../repos/store-metrics';
import { optionalDate, parse, requireString, UsageError } from './args';

/** `desk plan` and `desk export`: what the app decided and why, for support staff to audit. */

function openExisting(file: string) {
  if (!existsSync(file)) throw new UsageError(`--db ${file} does not exist`);
  return openDatabase(file);
}

export async function plan(argv: string[]): Promise<void> {
  const { values } = parse(argv, { db: { type: 'string' }, today: { type: 'string' }, json: { type: 'boolean' } });
  const opened = openExisting(requireString(values.db, '--db'));
  try {
    const today = optionalDate(values.today, '--today') ?? requireString(undefined, '--today');
    const started = performance.now();
    const counts = await runPlannerInBatches(opened.sqlite, { today, rules: loadRules(opened.sqlite), koiSeed: koiSeed(opened.sqlite, 'cli'), now: new Date().toISOString() });
    const ms = performance.now() - started;
    if (values.json) console.log(JSON.stringify({ today, ...counts, ms: Math.round(ms) }));
    else console.log(`planned ${counts.customers} customers for ${today} in ${(ms / 1000).toFixed(2)} s: tasks +${counts.tasksCreated} ~${counts.tasksUpdated} void ${counts.tasksVoided}; cards +${counts.cardsCreated} ~${counts.cardsUpdated} lapsed ${counts.cardsLapsed}; tier changes ${counts.tierChanges}`);
  } finally {
    await opened.close();
  }
}

const WHAT = ['tasks', 'cards', 'risk', 'tiers', 'metrics'] as const;
type What = (typeof WHAT)[number];

function exportRows(sqlite: BetterSqlite3.Database, what: What, today: string): unknown {
  const rules = loadRules(sqlite);
  switch (what) {
    case 'tasks':
      return sqlite.prepare(`SELECT t.id, t.customer_id AS customerId, c.name, t.advisor_id AS advisorId, t.rule, t.occurrence, t.kind, t.due_date AS dueDate, t.status, json(t.reason) AS reason FROM tasks t JOIN customers c ON c.id = t.customer_id ORDER BY t.due_date, t.id`).all().map((r) => ({ ...(r as object), reason: JSON.parse((r as { reason: string }).reason) }));
    case 'cards':
      return sqlite.prepare(`SELECT k.id, k.customer_id AS customerId, c.name, k.occasion, k.subject_id AS subjectId, k.occasion_date AS occasionDate, k.lunar_label AS lunarLabel, k.due_date AS dueDate, k.status FROM card_reminders k JOIN customers c ON c.id = k.customer_id ORDER BY k.due_date, k.id`).all();
    case 'risk':
    case 'tiers': {
      const out: unknown[] = [];
      for (const c of loadPlannerInputs(sqlite).values()) {
        if (what === 'risk') out.push({ customerId: c.facts.customerId, ...riskFlag(c.facts, today, rules) });
        else {
          const activity = trailingActivity(c.facts, today, rules);
          out.push({ customerId: c.facts.customerId, tier: c.facts.currentTier, tierSince: c.facts.tierSince, spendFen: activity.spendFen, visits: activity.visits, path: tierPath(activity, rules, c.facts.currentTier) });
        }
      }
      return out;
    }
    case 'metrics':
      return storeMetrics(sqlite, today, rules);
  }
}

export async function exportCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, { db: { type: 'string' }, what: { type: 'string' }, today: { type: 'string' }, json: { type: 'boolean' } });
  const what = requireString(values.what, '--what');
  if (!(WHAT as readonly string[]).includes(what)) throw new UsageError(`--what must be one of ${WHAT.join('|')}, got "${what}"`);
  const today = optionalDate(values.today, '--today') ?? requireString(undefined, '--today');
  const opened = openExisting(requireString(values.db, '--db'));
  try {
    const rows = exportRows(opened.sqlite, what as What, today);
    console.log(values.json ? JSON.stringify(rows, null, 2) : JSON.stringify(rows));
  } finally {
    await opened.close();
  }
}
