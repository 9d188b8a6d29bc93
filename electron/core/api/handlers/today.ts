import type { CustomerRef, RiskCustomer, TodayOccasion, TodayTask, TodayView } from '../../../../shared/domain/today';
import { dueBucket, OCCASIONS_SHOWN, RISK_SHOWN, TASKS_SHOWN, weekEnd } from '../../../../shared/domain/today';
import { channelsForTask } from '../../../../shared/domain/tasks';
import { riskCounts, riskTop } from '../../repos/customer-status';
import { consentStates, contactPrefs, customerRefs } from '../../repos/roster';
import { openTasksDue } from '../../repos/tasks';
import { freshStatus } from '../../status/refresh';
import { DeskFailure } from '../failure';
import { signedIn, storeToday } from '../mutate';
import type { CallContext, HandlerArea } from '../types';

/** Whose work: your own; a manager may look at any advisor's. */
export function whoseWork(call: CallContext, advisorId: string | undefined): string {
  const me = signedIn(call);
  if (advisorId === undefined || advisorId === me.id) return me.id;
  if (me.role !== 'manager') throw new DeskFailure('forbidden', "Only a manager may look at another advisor's work", { field: 'advisorId' });
  const known = call.core.database.sqlite.prepare('SELECT 1 FROM staff WHERE id = ? AND deleted_at IS NULL').pluck().get(advisorId);
  if (known === undefined) throw new DeskFailure('not_found', `Staff ${advisorId} does not exist`, { field: 'advisorId' });
  return advisorId;
}

const UNKNOWN: CustomerRef = { id: '', name: '?', tier: 'normal', plate: null };

function parseReason(raw: string): TodayTask['reason'] {
  try {
    const r = JSON.parse(raw) as TodayTask['reason'];
    return r && typeof r === 'object' && typeof r.code === 'string' ? r : { code: 'unknown' };
  } catch {
    return { code: 'unknown' };
  }
}

export const today: HandlerArea<'today'> = {
  get: async (args, call) => {
    const advisorId = whoseWork(call, args.advisorId);
    const day = await storeToday(call);
    const end = weekEnd(day);
    const sqlite = call.core.database.sqlite;
    freshStatus(sqlite, day, advisorId);

    const { tasks, counts } = openTasksDue(sqlite, advisorId, day, end, args.limit ?? TASKS_SHOWN);
    const atRisk = riskTop(sqlite, advisorId, RISK_SHOWN);
    type CardRow = [string, string, string, string, string | null, string, string];
    const cardCols = 'SELECT id, customer_id, occasion, occasion_date, lunar_label, due_date, status FROM card_reminders';
    const weekWhere = "advisor_id = ? AND occasion_date BETWEEN ? AND ? AND status <> 'skipped'";
    const week = sqlite.prepare(`${cardCols} WHERE ${weekWhere} ORDER BY occasion_date LIMIT ?`).raw().all(advisorId, day, end, OCCASIONS_SHOWN) as CardRow[];
    const occasionCount = sqlite.prepare(`SELECT count(*) FROM card_reminders WHERE ${weekWhere}`).pluck().get(advisorId, day, end) as number;
    // Cards whose occasion passed unwritten are lapsed by the planner: the to-write range needs no lower bound.
    const toWrite = sqlite
      .prepare(`${cardCols} WHERE advisor_id = ? AND status = 'to_write' AND due_date <= ? AND occasion_date >= ? ORDER BY due_date LIMIT ?`)
      .raw()
      .all(advisorId, end, day, OCCASIONS_SHOWN) as CardRow[];
    const cardsToWriteCount = sqlite.prepare("SELECT count(*) FROM card_reminders WHERE advisor_id = ? AND status = 'to_write' AND due_date <= ?").pluck().get(advisorId, end) as number;
    const cards = [...week, ...toWrite];
    const refs = customerRefs(sqlite, [...tasks.map((t) => t.customerId), ...atRisk.map((r) => r.id), ...cards.map((c) => c[1])]);
    const taskCustomers = tasks.map((t) => t.customerId);
    const consent = consentStates(sqlite, taskCustomers);
    const prefs = contactPrefs(sqlite, taskCustomers);
    const ref = (id: string) => refs.get(id) ?? { ...UNKNOWN, id };

    const todayTasks: TodayTask[] = [];
    for (const t of tasks) {
      const bucket = dueBucket(t.dueDate, day);
      const state = consent.get(t.customerId);
      if (bucket === null || !state) continue;
      const reason = parseReason(t.reason);
      todayTasks.push({
        id: t.id, customer: ref(t.customerId), advisorId: t.advisorId, rule: t.rule, kind: t.kind, dueDate: t.dueDate, bucket, reason,
        contact: prefs.get(t.customerId) ?? { channel: [], time: [], doNotDisturb: [] },
        ...channelsForTask({ ...t, reason }, state),
      });
    }
    const toOccasion = (c: (typeof cards)[number]): TodayOccasion => ({
      cardId: c[0], customer: ref(c[1]), occasion: c[2], occasionDate: c[3], lunarLabel: c[4], dueDate: c[5], status: c[6],
    });
    const view: TodayView = {
      today: day,
      weekEnd: end,
      advisorId,
      tasks: todayTasks,
      taskCounts: counts,
      risk: { ...riskCounts(sqlite, advisorId), shown: atRisk.map((r): RiskCustomer => ({ customer: ref(r.id), flag: r.flag, reasons: r.reasons })) },
      occasions: week.map(toOccasion),
      occasionCount,
      cardsToWrite: toWrite.map(toOccasion),
      cardsToWriteCount,
    };
    return view;
  },
};
