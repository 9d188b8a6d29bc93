import type { ExportCustomerRow } from '../repos/export-customers';
import type { TeamOverview } from '../../../shared/api/areas/team';
import type { DashboardMetrics, DashboardTiers } from '../../../shared/api/areas/dashboard';
import { METRIC_UNITS, metricCell, type Labels } from './labels';
import { num, type CellFormat, type Sheet } from './table';

/** The export's sheets from the same values the screens show (dashboard.metrics, dashboard.tiers, team.overview). */

const FORMAT: Record<(typeof METRIC_UNITS)[keyof typeof METRIC_UNITS], CellFormat> = {
  share: 'percent', cny: 'cny', number: 'decimal', points: 'points', count: 'integer',
};

export function dashboardSheet(d: DashboardMetrics, l: Labels): Sheet {
  const months = d.metrics[0]?.trend.map((p) => p.month) ?? [];
  return {
    name: l.sheets.dashboard,
    title: `${l.asOf} ${d.today}`,
    headers: [...l.dashboardHeaders, ...months],
    widths: [24, 12, 12, 8, 20, ...months.map(() => 10)],
    rows: d.metrics.map((m) => {
      const format = FORMAT[METRIC_UNITS[m.key]];
      const alarm = m.key === 'silent_ratio' && d.silentAlarm.on ? l.silentAlarm : null;
      return [
        l.metricName(m.key, d.bands),
        num(metricCell(m.key, m.value), format),
        m.comparator === 'watch' ? l.watch : num(metricCell(m.key, m.target), format),
        m.met === null ? null : m.met ? l.yes : l.no,
        alarm,
        ...m.trend.map((p) => num(metricCell(m.key, p.value), format)),
      ];
    }),
  };
}

export function tiersSheet(t: DashboardTiers, l: Labels): Sheet {
  const rows = [
    ...t.distribution.map((d) => [l.tier[d.tier], num(d.count, 'integer'), num(d.share, 'percent')]),
    [null, null, null],
    l.tierMonthHeaders,
    ...t.months.map((m) => [m.month, num(m.upgrades, 'integer'), num(m.downgrades, 'integer')]),
  ];
  return { name: l.sheets.tiers, title: `${l.asOf} ${t.today}`, headers: l.tierHeaders, widths: [12, 12, 12], rows };
}

export function teamSheet(t: TeamOverview, l: Labels): Sheet {
  return {
    name: l.sheets.team,
    title: `${l.period[t.period]} ${t.from} – ${t.to}`,
    headers: l.teamHeaders,
    widths: [14, 6, 10, 12, 10, 10, 10, 14, 16],
    rows: [
      ...t.advisors.map((a) => [
        a.name, a.active ? l.yes : l.no, num(a.customers, 'integer'), num(a.tasksDone, 'integer'), num(a.tasksDue, 'integer'), num(a.tasksOverdue, 'integer'),
        num(a.cardsWritten, 'integer'), num(a.avgDaysOverdue, 'decimal'), num(a.redWithoutFollowUp, 'integer'),
      ]),
      ...(t.unassigned
        ? [[
            l.unassigned, null, num(t.unassigned.customers, 'integer'), null, num(t.unassigned.tasksDue, 'integer'), num(t.unassigned.tasksOverdue, 'integer'),
            null, num(t.unassigned.avgDaysOverdue, 'decimal'), num(t.unassigned.redWithoutFollowUp, 'integer'),
          ]]
        : []),
    ],
  };
}

/** A customer list's row, as the repository reads it. */
export type ExportCustomer = ExportCustomerRow;

export function customersSheet(title: string, rows: readonly ExportCustomer[], l: Labels): Sheet {
  return {
    name: l.sheets.customers,
    title,
    headers: l.customerHeaders,
    widths: [12, 12, 8, 8, 40, 12, 12],
    rows: rows.map((c) => [c.name, c.plate, l.tier[c.tier], l.flag[c.flag], c.reasons.map(l.reason).join(l.reasonSep), c.advisorName, c.lastVisitOn]),
  };
}
