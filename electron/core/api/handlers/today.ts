import type { CustomerRef, RiskCustomer, TodayOccasion, TodayTask, TodayView } from '../../../../shared/domain/today';
import { dueBucket, OCCASIONS_SHOWN, RISK_SHOWN, TASKS_SHOWN, weekEnd } from '../../../../shared/domain/today';
import { channelsForTask, parseTaskReason } from '../../../../shared/domain/tasks';
import { riskCounts, riskTop } from '../../repos/customer-status';
import { consentStates, contactPrefs, customerRefs } from '../../repos/roster';
import { getStaff } from '../../repos/staff';
import { taskPlates } from '../../repos/task-vehicles';
import { openTasksDue } from '../../repos/tasks';
import { cardsToWrite, weekOccasions } from '../../repos/today-cards';
import { freshStatus } from '../../status/refresh';
import { DeskFailure } from '../failure';
import { signedIn, storeToday } from '../mutate';
import type { CallContext, HandlerArea } from '../types';

/** Whose work: your own; a manager may look at any advisor's. */
export async function whoseWork(call: CallContext, advisorId: string | undefined): Promise<string> {
  const me = signedIn(call);
  if (advisorId === undefined || advisorId === me.id) return me.id;
  if (me.role !== 'manager') throw new DeskFailure('forbidden', "Only a manager may look at another advisor's work", { field: 'advisorId' });
  if (!(await getStaff(call.core.database.db, advisorId))) throw new DeskFailure('not_found', `Staff ${advisorId} does not exist`, { field: 'advisorId' });
  return advisorId;
}

const UNKNOWN: CustomerRef = { id: '', name: '?', tier: 'normal', plate: null };

export const today: HandlerArea<'today'> = {
  get: async (args, call) => {
    const planning = call.core.planner.planning();
    const advisorId = await whoseWork(call, args.advisorId);
    const day = await storeToday(call);
    const end = weekEnd(day);
    const sqlite = call.core.database.sqlite;
    await freshStatus(sqlite, day, advisorId);

    const { tasks, counts } = openTasksDue(sqlite, advisorId, day, end, args.limit ?? TASKS_SHOWN);
    const atRisk = riskTop(sqlite, advisorId, RISK_SHOWN);
    const { rows: week, count: occasionCount } = weekOccasions(sqlite, advisorId, day, end, OCCASIONS_SHOWN);
    const { rows: toWrite, count: cardsToWriteCount } = cardsToWrite(sqlite, advisorId, day, end, OCCASIONS_SHOWN);
    const cards = [...week, ...toWrite];
    const refs = customerRefs(sqlite, [...tasks.map((t) => t.customerId), ...atRisk.map((r) => r.id), ...cards.map((c) => c[1])]);
    const taskCustomers = tasks.map((t) => t.customerId);
    const consent = consentStates(sqlite, taskCustomers);
    const prefs = contactPrefs(sqlite, taskCustomers);
    const ref = (id: string) => refs.get(id) ?? { ...UNKNOWN, id };

    const reasons = tasks.map((t) => parseTaskReason(t.reason));
    // A task about one of the customer's cars shows that car's plate (a key ring is made for it).
    const plates = taskPlates(sqlite, tasks.map((t, i) => ({ customerId: t.customerId, reason: reasons[i]! })));
    const todayTasks: TodayTask[] = [];
    tasks.forEach((t, i) => {
      const bucket = dueBucket(t.dueDate, day);
      const state = consent.get(t.customerId);
      if (bucket === null || !state) return;
      const reason = reasons[i]!;
      const customer = ref(t.customerId);
      todayTasks.push({
        id: t.id, customer: plates.has(i) ? { ...customer, plate: plates.get(i)! } : customer, advisorId: t.advisorId, rule: t.rule, kind: t.kind, dueDate: t.dueDate, bucket, reason,
        contact: prefs.get(t.customerId) ?? { channel: [], time: [], doNotDisturb: [] },
        ...channelsForTask({ ...t, reason }, state),
      });
    });
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
      planning,
    };
    return view;
  },
};
