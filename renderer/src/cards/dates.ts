/** Calendar dates (YYYY-MM-DD, the store's days) for people: '12月5日 周六' / 'Sat, Dec 5'. */
export function dayLabel(date: string, lang: string, withWeekday = true): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', month: lang.startsWith('zh') ? 'long' : 'short', day: 'numeric', ...(withWeekday ? { weekday: 'short' } : {}) }).format(d);
}

/** The date `days` after `date` (whole calendar days, no clock). */
export function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
