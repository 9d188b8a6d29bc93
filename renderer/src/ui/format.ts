import { isoDateIn } from '../../../shared/domain/calendar/dates';
import { lunarLabel, solarToLunar } from '../../../shared/domain/calendar/lunar';
import type { Birthday, IsoDate } from '../../../shared/domain/types';

export function formatYuan(fen: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(fen / 100);
}

export function formatNumber(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n);
}

/** A lunar month/day as the user reads it: 农历闰四月初一 (names from tyme4ts via shared/), or "Lunar leap 4/1". */
export function formatLunar(month: number, day: number, leap: boolean, language: string): string {
  if (language === 'zh-CN') return lunarLabel(month, day, leap);
  return `Lunar ${leap ? 'leap ' : ''}${month}/${day}`;
}

/** The lunar form of a solar date, in the user's language. */
export function formatLunarOf(date: IsoDate, language: string): string {
  const l = solarToLunar(date);
  return formatLunar(l.month, l.day, l.leap, language);
}

export function formatBirthday(b: Birthday, _t: (key: string) => string, language: string): string {
  return b.calendar === 'solar' ? b.date : formatLunar(b.month, b.day, b.leap, language);
}

/**
 * The store's calendar day of an instant: a consent recorded at 07:30 in Beijing is stored as the
 * UTC day before (the first ten characters of the instant showed that day).
 */
export function formatInstantDate(instant: string, timezone: string | undefined): string {
  return isoDateIn(new Date(instant), timezone ?? 'Asia/Shanghai');
}

/** The store's wall-clock time (HH:mm) of an instant, whatever the time zone of the PC. */
export function formatInstantTime(instant: string, timezone: string | undefined): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: timezone ?? 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}
