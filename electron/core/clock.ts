import { isoDateIn } from '../../shared/domain/calendar/dates';
import { daysBetween } from '../../shared/domain/rules/days';

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

const DAY_MS = 86_400_000;

/**
 * A store living on `day` (`desk serve-web --today`, the demo screens): instants are real ones moved
 * by whole days onto that day in `timezone`, the time of day kept. So what a person does is stamped
 * on the day the screens show: a task done "today" counts in this week's team table, and a
 * follow-up logged now is not dated after today.
 */
export function dayShiftedClock(day: string, timezone = 'Asia/Shanghai'): Clock {
  return {
    now: () => {
      const real = new Date();
      return new Date(real.getTime() + daysBetween(isoDateIn(real, timezone), day) * DAY_MS);
    },
    today: () => day,
  };
}
