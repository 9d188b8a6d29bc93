/**
 * Calendar arithmetic on day numbers (days since 1970-01-01) and the instants
 * derived from them. The demo store lives in Asia/Shanghai (UTC+8, no DST), so a
 * local time of day maps to a fixed UTC offset.
 */
export const DAY_MS = 86_400_000;
const TZ_OFFSET_SEC = 8 * 3600;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' -> day number; throws on anything that is not a real date. */
export function parseIsoDate(text: string): number {
  const m = ISO_DATE_RE.exec(text);
  if (!m) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(text)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = ms / DAY_MS;
  if (isoDate(day) !== text) throw new Error(`Not a real calendar date: ${text}`);
  return day;
}

export function dayOf(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / DAY_MS;
}

export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

// Day numbers from 1900 to 2100 cover every date the generator produces.
const CACHE_BASE = dayOf(1900, 1, 1);
const dateCache: (string | undefined)[] = [];

export function isoDate(day: number): string {
  const i = day - CACHE_BASE;
  const hit = dateCache[i];
  if (hit !== undefined) return hit;
  const text = new Date(day * DAY_MS).toISOString().slice(0, 10);
  if (i >= 0 && i < 73_000) dateCache[i] = text;
  return text;
}

/** Epoch milliseconds of a local (Asia/Shanghai) time of day, in seconds after midnight. */
export function localMs(day: number, secondOfDay: number): number {
  return day * DAY_MS + (secondOfDay - TZ_OFFSET_SEC) * 1000;
}

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** ISO-8601 UTC instant, e.g. '2024-05-01T02:30:00.000Z', for whole-second epoch milliseconds. */
export function isoInstant(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let sec = Math.floor((ms - day * DAY_MS) / 1000);
  const h = Math.floor(sec / 3600);
  sec -= h * 3600;
  const min = Math.floor(sec / 60);
  return `${isoDate(day)}T${TWO[h]}:${TWO[min]}:${TWO[sec - min * 60]}.000Z`;
}

/** A business-hours local time (08:30-19:00) in seconds after midnight. */
export function businessSecond(r: number): number {
  return 30_600 + Math.floor(r * 37_800);
}
