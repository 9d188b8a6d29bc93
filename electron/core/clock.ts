import { isoDateIn } from '../../shared/domain/calendar/dates';
import { dayStartInstant } from '../../shared/domain/manager-periods';

/** The core's only clock. Domain functions get `today` passed in; this is where it comes from. */
export interface Clock {
  now(): Date;
  /** Today's calendar date in the store's time zone. */
  today(timezone: string): string;
}


export const systemClock: Clock = {
  now: () => new Date(),
  today: (timezone) => isoDateIn(new Date(), timezone),
};

/**
 * A clock pinned to one calendar day whose instants stay real: for tests, which pass at any hour
 * (an instant off the pinned day makes time-of-day checks, such as a booking slot already over,
 * decide by the day) and sync with an HQ on real time.
 */
export function fixedDayClock(day: string): Clock {
  return { now: () => new Date(), today: () => day };
}

/**
 * A store living on `day` (`desk serve-web --today`, the demo screens): instants are real ones moved
 * onto that day in the store's `timezone`, by one offset taken when the clock is made (the store's
 * time of day then, on the pinned day). So what a person does is stamped on the day the screens
 * show: a task done "today" counts in this week's team table, and a follow-up logged now is not
 * dated after today. One offset, not one per call: instants never go back (worked out again at
 * each call, they fell back a day at midnight, and the view audit's 10-minute window took a
 * negative gap for "just logged").
 */
export function dayShiftedClock(day: string, timezone = 'Asia/Shanghai', startedAt = new Date()): Clock {
  const sinceMidnight = startedAt.getTime() - Date.parse(dayStartInstant(isoDateIn(startedAt, timezone), timezone));
  const offset = Date.parse(dayStartInstant(day, timezone)) + sinceMidnight - startedAt.getTime();
  return { now: () => new Date(Date.now() + offset), today: () => day };
}
