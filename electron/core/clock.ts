import { isoDateIn } from '../../shared/domain/calendar/dates';

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

/** A clock pinned to one calendar day (demo stores, tests, `--today`). */
export function fixedDayClock(day: string): Clock {
  return { now: () => new Date(), today: () => day };
}
