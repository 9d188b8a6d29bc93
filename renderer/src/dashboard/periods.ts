import type { Period } from '../../../shared/api/areas/dashboard';
import { addDays } from '../../../shared/domain/calendar/dates';
import { addMonths } from '../../../shared/domain/rules/days';
import type { IsoDate } from '../../../shared/domain/types';

/**
 * The playbook's "before and after": the six months before `pivot` (a campaign's start) and the
 * six months from it, the second one ending no later than today.
 */
export function sixMonthsAround(pivot: IsoDate, today: IsoDate): { a: Period; b: Period } {
  const bEnd = addDays(addMonths(pivot, 6), -1);
  return {
    a: { from: addMonths(pivot, -6), to: addDays(pivot, -1) },
    b: { from: pivot, to: bEnd < today ? bEnd : today },
  };
}

/** The default comparison: the last six months against the six before them. */
export function lastSixMonths(today: IsoDate): { a: Period; b: Period } {
  return sixMonthsAround(addDays(addMonths(today, -6), 1), today);
}
