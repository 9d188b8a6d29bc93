import { z } from 'zod';
import type { Metric, MetricBands } from '../../domain/rules/metrics';
import type { IsoDate, Tier } from '../../domain/types';
import { isoDate, noArgs, returns, verb } from '../verb';

/** Store manager, Metrics dashboard: every DOMAIN.md metric against its target with a 12-month trend, tiers, program effect. */

export interface TrendPoint {
  /** 'YYYY-MM'. */
  month: string;
  /** The day the value is taken on: the month's last day, or today for the current month. */
  asOf: IsoDate;
  value: number | null;
  met: boolean | null;
}

export interface DashboardMetric extends Metric {
  /** Oldest first, 12 points, the last one = the current month (as of today). */
  trend: TrendPoint[];
}

export interface SilentAlarm {
  /** True when the silent ratio is above its alarm threshold. */
  on: boolean;
  value: number | null;
  threshold: number | null;
}

export interface DashboardMetrics {
  today: IsoDate;
  metrics: DashboardMetric[];
  silentAlarm: SilentAlarm;
  /** The rules' day counts and score bands the metrics are defined with (their explanations say them). */
  bands: MetricBands;
}

export interface TierCount {
  tier: Tier;
  count: number;
  /** 0..1 of all live customers. */
  share: number;
}

export interface TierMonth {
  /** 'YYYY-MM'. */
  month: string;
  upgrades: number;
  downgrades: number;
}

export interface DashboardTiers {
  today: IsoDate;
  distribution: TierCount[];
  /** Oldest first, 12 months, the last = the current month. */
  months: TierMonth[];
}

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export interface PeriodMetrics extends Period {
  /** The metrics as of the period's first day and its last day (each over its trailing 12 months). */
  atStart: Metric[];
  atEnd: Metric[];
}

export interface ProgramCompare {
  a: PeriodMetrics;
  b: PeriodMetrics;
}

const period = z
  .object({ from: isoDate, to: isoDate })
  .strict()
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] });

export const dashboardArea = {
  metrics: verb('manager', noArgs, returns<DashboardMetrics>()),
  tiers: verb('manager', noArgs, returns<DashboardTiers>()),
  /** Program effect: the same metrics for two periods side by side (e.g. six months before and after a campaign). */
  compare: verb('manager', z.object({ a: period, b: period }).strict(), returns<ProgramCompare>()),
};
