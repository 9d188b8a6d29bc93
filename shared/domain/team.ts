/**
 * Store manager's team table: a red customer "without a recent follow-up" has had no follow-up
 * logged (by anyone) in this many days. A product decision (DOMAIN.md is silent), not a rule HQ configures.
 */
export const RECENT_FOLLOW_UP_DAYS = 30;

/** Mean days overdue, rounded to one decimal; null with nothing overdue. */
export function averageDaysOverdue(totalDays: number, overdueTasks: number): number | null {
  return overdueTasks === 0 ? null : Math.round((totalDays / overdueTasks) * 10) / 10;
}
