/**
 * Solar -> Chinese lunar month/day for the demo's lunar-birthday customers, through the same
 * calendar the planner uses (shared/domain/calendar/lunar.ts, tyme4ts), so a stored lunar date
 * always matches the solar birth date as the app converts it.
 */
import { fromEpochDay } from '../../../shared/domain/calendar/dates';
import { solarToLunarShared } from '../../../shared/domain/calendar/lunar';

export interface LunarMonthDay {
  month: number;
  day: number;
  leap: boolean;
}

/** The lunar month/day of a solar day (days since 1970-01-01). */
export function toLunar(day: number): LunarMonthDay {
  return solarToLunarShared(fromEpochDay(day));
}
