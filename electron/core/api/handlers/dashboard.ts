import type { DashboardMetric, DashboardMetrics, DashboardTiers, PeriodMetrics } from '../../../../shared/api/areas/dashboard';
import { trendMonths } from '../../../../shared/domain/manager-periods';
import { metricBands, toMetrics } from '../../../../shared/domain/rules/metrics';
import { TIERS } from '../../../../shared/domain/types';
import type BetterSqlite3 from 'better-sqlite3';
import type { RulesConfig } from '../../../../shared/domain/rules/config';
import { metricTotalsFromAggregates, warmMetricAggregates } from '../../repos/metric-aggregates';
import { loadRules } from '../../repos/rules';
import { tierDistribution, tierMovesByMonth } from '../../repos/tier-movement';
import { dashboardOpened } from '../../status/metrics-warm';
import { DeskFailure } from '../failure';
import { storeToday } from '../mutate';
import type { CallContext, HandlerArea } from '../types';
import { nextTurn } from '../../next-turn';

/**
 * The metric aggregates brought up to date a step at a time, the core answering other calls in
 * between: on a desk that has not built them yet (after an upgrade, a first sync) that is a
 * build of several seconds at 100k customers, which must not hold the front desk's searches.
 * Otherwise it finds nothing to do.
 */
function upToDate(sqlite: BetterSqlite3.Database, rules: RulesConfig): Promise<number> {
  return warmMetricAggregates(sqlite, rules, { pause: nextTurn });
}

/** Every metric with its value, target and whether it is met today, and its value at each of the last 12 month ends. */
export async function dashboardMetrics(call: CallContext): Promise<DashboardMetrics> {
  const today = await storeToday(call);
  const sqlite = call.core.database.sqlite;
  dashboardOpened(sqlite, call.core.clock.now().getTime());
  const rules = loadRules(sqlite);
  await upToDate(sqlite, rules);
  const months = trendMonths(today);
  const totals = metricTotalsFromAggregates(sqlite, months.map((m) => m.asOf), rules);
  const perMonth = months.map((m) => ({ ...m, metrics: toMetrics(totals.get(m.asOf)!, rules) }));
  const current = perMonth[perMonth.length - 1]!.metrics;
  const metrics: DashboardMetric[] = current.map((metric, i) => ({
    ...metric,
    trend: perMonth.map((m) => ({ month: m.month, asOf: m.asOf, value: m.metrics[i]!.value, met: m.metrics[i]!.met })),
  }));
  const silent = current.find((m) => m.key === 'silent_ratio')!;
  return {
    today,
    metrics,
    silentAlarm: { on: silent.value !== null && silent.target !== null && silent.value > silent.target, value: silent.value, threshold: silent.target },
    bands: metricBands(rules),
  };
}

export const dashboard: HandlerArea<'dashboard'> = {
  metrics: (_args, call) => dashboardMetrics(call),

  tiers: async (_args, call): Promise<DashboardTiers> => {
    const today = await storeToday(call);
    const sqlite = call.core.database.sqlite;
    const counts = tierDistribution(sqlite);
    const all = [...counts.values()].reduce((a, b) => a + b, 0);
    const months = trendMonths(today);
    const moves = tierMovesByMonth(sqlite, `${months[0]!.month}-01`, today);
    return {
      today,
      distribution: TIERS.map((tier) => ({ tier, count: counts.get(tier) ?? 0, share: all === 0 ? 0 : (counts.get(tier) ?? 0) / all })),
      months: months.map((m) => ({ month: m.month, upgrades: moves.get(m.month)?.upgrades ?? 0, downgrades: moves.get(m.month)?.downgrades ?? 0 })),
    };
  },

  /** Program effect: each period's metrics as of its first and its last day, by the same totals and arithmetic. */
  compare: async (args, call) => {
    const today = await storeToday(call);
    for (const side of ['a', 'b'] as const) {
      if (args[side].to > today) throw new DeskFailure('validation', 'A period cannot end after today', { field: `${side}.to`, rule: 'not_after_today' });
    }
    const sqlite = call.core.database.sqlite;
    const rules = loadRules(sqlite);
    await upToDate(sqlite, rules);
    const totals = metricTotalsFromAggregates(sqlite, [args.a.from, args.a.to, args.b.from, args.b.to], rules);
    const side = (p: { from: string; to: string }): PeriodMetrics => ({
      from: p.from, to: p.to, atStart: toMetrics(totals.get(p.from)!, rules), atEnd: toMetrics(totals.get(p.to)!, rules),
    });
    return { a: side(args.a), b: side(args.b) };
  },
};
