import { z } from 'zod';
import type { IsoDate, Tier } from '../../domain/types';
import type { CustomerListRow } from '../../domain/roster';
import { id, noArgs, returns, text, verb } from '../verb';

/** Store manager, Team: per-advisor work, drill-down, customer reassignment, VIPs without an advisor. */

export const TEAM_PERIODS = ['week', 'month'] as const;
export type TeamPeriod = (typeof TEAM_PERIODS)[number];

/** One advisor's row of the team table (the period is the calendar week Mon-Sun or month containing today). */
export interface AdvisorWork {
  advisorId: string;
  name: string;
  active: boolean;
  /** Customers assigned to the advisor now. */
  customers: number;
  /** Tasks the advisor completed in the period. */
  tasksDone: number;
  /** Open tasks due from today to the period's end (still to do in the period). */
  tasksDue: number;
  /** Open tasks due before today (whenever they fell due; snoozed ones count from the snooze day). */
  tasksOverdue: number;
  /** Handwritten cards written (written, mailed or handed over) in the period. */
  cardsWritten: number;
  /** Average days overdue of the overdue tasks (null with none). */
  avgDaysOverdue: number | null;
  /** Red customers with no follow-up logged in the last `recentFollowUpDays` days. */
  redWithoutFollowUp: number;
}

export interface TeamOverview {
  today: IsoDate;
  period: TeamPeriod;
  from: IsoDate;
  to: IsoDate;
  recentFollowUpDays: number;
  advisors: AdvisorWork[];
  /**
   * The customers with no advisor and their open work (the planner gives them tasks with no advisor,
   * which no Today shows): a row of the table, so that its total is the store's. Null with none.
   */
  unassigned: Pick<AdvisorWork, 'customers' | 'tasksDue' | 'tasksOverdue' | 'avgDaysOverdue' | 'redWithoutFollowUp'> | null;
  /** Customers with no (active) advisor: the unassigned ones and those of advisors who left. */
  unassignedCustomers: number;
}

export const ADVISOR_CUSTOMER_FILTERS = ['all', 'red', 'yellow', 'overdue', 'red_without_follow_up'] as const;
export type AdvisorCustomerFilter = (typeof ADVISOR_CUSTOMER_FILTERS)[number];

export interface AdvisorCustomerRow extends CustomerListRow {
  openTasks: number;
  overdueTasks: number;
  /** Day of the latest follow-up logged with the customer (anyone's), or null. */
  lastFollowUpOn: IsoDate | null;
}

export interface AdvisorCustomers {
  today: IsoDate;
  advisorId: string;
  advisorName: string;
  filter: AdvisorCustomerFilter;
  rows: AdvisorCustomerRow[];
}

/** One recorded change of a customer's advisor (append-only, shown in the customer's history). */
export interface AssignmentEntry {
  id: string;
  customerId: string;
  fromAdvisorId: string | null;
  fromAdvisorName: string | null;
  toAdvisorId: string;
  toAdvisorName: string | null;
  reason: string;
  byStaffId: string;
  byStaffName: string | null;
  at: string;
}

export interface CustomerHistoryEntry {
  /** 'assignment' = advisor changed; 'follow_up' = a logged interaction; 'task' = a task done or skipped. */
  kind: 'assignment' | 'follow_up' | 'task';
  at: string;
  staffName: string | null;
  /** assignment: the reason; follow_up: channel + outcome (+ note); task: rule + status (+ outcome). */
  summary: string;
  assignment: AssignmentEntry | null;
  /** For kind 'follow_up': the logged channel, outcome and note (for the UI to translate). */
  followUp?: { channel: string; outcome: string; note: string | null };
  /** For kind 'task': the planner rule, how it ended, and the outcome or skip reason. */
  task?: { rule: string; status: 'done' | 'skipped'; outcome: string | null; skipReason: string | null; reason?: Record<string, unknown> | null };
}

export interface CustomerHistory {
  customerId: string;
  name: string;
  advisorId: string | null;
  advisorName: string | null;
  assignments: AssignmentEntry[];
  /** Newest first, at most 200 entries. */
  entries: CustomerHistoryEntry[];
}

export interface ReassignResult {
  /** Customers whose advisor changed (one assignment record each). */
  moved: number;
  /** Customers that already had that advisor (nothing recorded for them). */
  unchanged: number;
  tasksMoved: number;
  cardsMoved: number;
}

export interface VipWithoutAdvisor {
  id: string;
  name: string;
  plate: string | null;
  tier: Extract<Tier, 'gold' | 'diamond'>;
  /** The advisor on file when they are no longer active (left the store), else null. */
  formerAdvisorId: string | null;
  formerAdvisorName: string | null;
  lastVisitOn: IsoDate | null;
}

export const REASSIGN_MAX = 20_000;

export const teamArea = {
  overview: verb('manager', z.object({ period: z.enum(TEAM_PERIODS).default('week') }).strict(), returns<TeamOverview>()),
  advisorCustomers: verb(
    'manager',
    z.object({ advisorId: id, filter: z.enum(ADVISOR_CUSTOMER_FILTERS).default('all') }).strict(),
    returns<AdvisorCustomers>(),
  ),
  customerHistory: verb('manager', z.object({ customerId: id }).strict(), returns<CustomerHistory>()),
  /** Moves customers (one or many) to another advisor with the reason; their open tasks and cards move too. One transaction per 1,000 customers. */
  reassign: verb(
    'manager',
    z
      .object({
        customerIds: z.array(id).min(1).max(REASSIGN_MAX),
        toAdvisorId: id,
        reason: text(200),
        /** Client-generated id of this batch; the assignment rows get ids derived from it. */
        batchId: id.optional(),
      })
      .strict(),
    returns<ReassignResult>(),
  ),
  /** Gold and diamond customers without an active advisor (assign them in bulk with reassign). */
  unassignedVip: verb('manager', noArgs, returns<VipWithoutAdvisor[]>()),
};
