import type { RiskFlag, RiskReason } from './rules/radar';
import type { Channel, IsoDate, Tier } from './types';
import { addDays } from './rules/days';
import type { ContactPrefs, TaskChannels } from './tasks';

/** Today groups work by when it is due: overdue first, then due today, then the rest of this week. */
export type DueBucket = 'overdue' | 'today' | 'week';

/** "This week" = today and the 6 days after it. */
export const WEEK_DAYS = 7;

export function weekEnd(today: IsoDate): IsoDate {
  return addDays(today, WEEK_DAYS - 1);
}

/** The bucket of a due date, or null when it is beyond this week. */
export function dueBucket(dueDate: IsoDate, today: IsoDate): DueBucket | null {
  if (dueDate < today) return 'overdue';
  if (dueDate === today) return 'today';
  return dueDate <= weekEnd(today) ? 'week' : null;
}

export interface CustomerRef {
  id: string;
  name: string;
  tier: Tier;
  plate: string | null;
}

export interface TodayTask extends TaskChannels {
  id: string;
  customer: CustomerRef;
  advisorId: string | null;
  rule: string;
  kind: string;
  dueDate: IsoDate;
  bucket: DueBucket;
  /** The planner's structured reason ({ code, ... }), translated by the screen. */
  reason: { code: string; [k: string]: unknown };
  contact: ContactPrefs;
}

export interface RiskCustomer {
  customer: CustomerRef;
  flag: Exclude<RiskFlag, 'green'>;
  reasons: RiskReason[];
}

export interface TodayOccasion {
  cardId: string;
  customer: CustomerRef;
  occasion: string;
  occasionDate: IsoDate;
  /** Lunar occasions: the lunar date as the customer keeps it, shown next to the solar one. */
  lunarLabel: string | null;
  dueDate: IsoDate;
  status: string;
}

export interface TodayView {
  today: IsoDate;
  weekEnd: IsoDate;
  advisorId: string;
  /** Open tasks due by the end of the week (snoozed ones from their date), overdue first (the most recently due of them first), then today's and the week's (earliest first); at most TASKS_SHOWN per bucket. */
  tasks: TodayTask[];
  /** How many open tasks each bucket holds in all. */
  taskCounts: Record<DueBucket, number>;
  risk: { red: number; yellow: number; shown: RiskCustomer[] };
  /** Birthdays and anniversaries this week (the first OCCASIONS_SHOWN), and how many in all. */
  occasions: TodayOccasion[];
  occasionCount: number;
  /** Cards still to write that fall due by the end of the week (the first OCCASIONS_SHOWN), and how many in all. */
  cardsToWrite: TodayOccasion[];
  cardsToWriteCount: number;
  /** The store's planner is planning every customer now (a new desk's first plan takes up to a minute at 100k customers): empty lists mean "not yet", and fill in at its planner:done. */
  planning: boolean;
}

/** How many tasks of each bucket Today lists (overdue: the most recently due first; the others: the earliest first). */
export const TASKS_SHOWN = 40;
/** The most tasks one bucket lists ("show more" stops there; the API refuses more). */
export const TASKS_SHOWN_MAX = 500;

/** How many occasions and cards to write Today lists (the full queue is the cards screen). */
export const OCCASIONS_SHOWN = 30;

/** How many red/yellow customers Today lists (the rest are in My customers, filtered by risk). */
export const RISK_SHOWN = 60;

/** Order risk customers: red before yellow, then the longest since the last purchase. */
export function riskOrder(a: RiskCustomer, b: RiskCustomer): number {
  if (a.flag !== b.flag) return a.flag === 'red' ? -1 : 1;
  const days = (r: RiskCustomer) => r.reasons.reduce((m, x) => (x.code === 'days_since_purchase' ? Math.max(m, x.days) : m), 0);
  const complaint = (r: RiskCustomer) => (r.reasons.some((x) => x.code === 'complaint_open') ? 1 : 0);
  return complaint(b) - complaint(a) || days(b) - days(a) || a.customer.name.localeCompare(b.customer.name);
}

export type { Channel };
