import type { AdvisorWork } from '../../../shared/api/areas/team';

export const TEAM_SORT_KEYS = ['name', 'customers', 'tasksDone', 'tasksDue', 'tasksOverdue', 'cardsWritten', 'avgDaysOverdue', 'redWithoutFollowUp'] as const;
export type TeamSortKey = (typeof TEAM_SORT_KEYS)[number];

/** The team table in the order asked for; ties (and no value, e.g. no overdue tasks) by name, so the order is stable. */
export function sortAdvisors(rows: readonly AdvisorWork[], key: TeamSortKey, desc: boolean): AdvisorWork[] {
  const byName = (a: AdvisorWork, b: AdvisorWork) => a.name.localeCompare(b.name, 'zh-CN');
  if (key === 'name') return [...rows].sort((a, b) => (desc ? -byName(a, b) : byName(a, b)));
  return [...rows].sort((a, b) => {
    const x = a[key] ?? -Infinity;
    const y = b[key] ?? -Infinity;
    if (x !== y) return desc ? y - x : x - y;
    return byName(a, b);
  });
}
