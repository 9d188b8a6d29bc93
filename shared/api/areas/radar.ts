import type { ChurnReason } from '../../domain/tasks';
import { z } from 'zod';
import type { IsoDate } from '../../domain/types';
import type { CustomerListRow } from '../../domain/roster';
import { id, noArgs, returns, verb } from '../verb';

/** Store manager, Risk radar: green / yellow / red for the store and per advisor, why, and red customers without a win-back plan. */

export interface FlagCounts {
  green: number;
  yellow: number;
  red: number;
  total: number;
  /** Shares 0..1 of total (0 when total is 0). */
  greenShare: number;
  yellowShare: number;
  redShare: number;
}

/** Why customers are red or yellow: how many carry each reason (a customer can carry several). */
export interface ReasonCounts {
  /** Days since last purchase past the band. */
  daysSincePurchase: number;
  /** Satisfaction below the band. */
  satisfaction: number;
  /** A complaint open or opened in the complaint window. */
  complaint: number;
}

export interface RadarAdvisor extends FlagCounts {
  /** '' for customers with no advisor. */
  advisorId: string;
  name: string | null;
  redReasons: ReasonCounts;
  yellowReasons: ReasonCounts;
  redWithoutWinBack: number;
}

export interface RadarOverview {
  today: IsoDate;
  store: FlagCounts;
  redReasons: ReasonCounts;
  yellowReasons: ReasonCounts;
  advisors: RadarAdvisor[];
  redWithoutWinBack: number;
  /** Why customers stopped coming, as the win-back contacts of the last 12 months heard it (the churn-reason survey), most said first. */
  churnReasons: { reason: ChurnReason; count: number }[];
}

export interface RedCustomerRow extends CustomerListRow {
  advisorId: string | null;
  advisorName: string | null;
  /** The open win-back task (planned, not yet started), if any. */
  openWinBackTaskId: string | null;
}

export const radarArea = {
  overview: verb('manager', noArgs, returns<RadarOverview>()),
  /**
   * Red customers whose win-back plan has not started: no win-back task done (or follow-up
   * logged) since their last purchase. Optionally one advisor's ('' = unassigned).
   */
  redWithoutWinBack: verb('manager', z.object({ advisorId: z.union([id, z.literal('')]).optional() }).strict(), returns<RedCustomerRow[]>()),
};
