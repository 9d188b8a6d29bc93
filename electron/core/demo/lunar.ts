/**
 * Solar -> Chinese lunar month/day through ICU's Chinese calendar (Intl), which
 * Node and Electron ship with full data. Used to give lunar-birthday customers a
 * lunar date that matches their solar birth date.
 */
import { DAY_MS } from './dates';

export interface LunarMonthDay {
  month: number;
  day: number;
  leap: boolean;
}

const formatter = new Intl.DateTimeFormat('en-u-ca-chinese', {
  timeZone: 'UTC',
  month: 'numeric',
  day: 'numeric',
});

const cache = new Map<number, LunarMonthDay>();

/** The lunar month/day of a solar day (cached: ICU's calendar is slow and days repeat). */
export function toLunar(day: number): LunarMonthDay {
  let hit = cache.get(day);
  if (!hit) cache.set(day, (hit = compute(day)));
  return hit;
}

function compute(day: number): LunarMonthDay {
  let month = 0;
  let dayOfMonth = 0;
  let leap = false;
  // Noon avoids any edge of the day the calendar computation might consider.
  for (const part of formatter.formatToParts(new Date(day * DAY_MS + DAY_MS / 2))) {
    if (part.type === 'month') {
      leap = part.value.endsWith('bis');
      month = parseInt(part.value, 10);
    } else if (part.type === 'day') {
      dayOfMonth = parseInt(part.value, 10);
    }
  }
  if (!(month >= 1 && month <= 12 && dayOfMonth >= 1 && dayOfMonth <= 30)) {
    throw new Error(`Lunar conversion failed for day ${day}`);
  }
  return { month, day: dayOfMonth, leap };
}
