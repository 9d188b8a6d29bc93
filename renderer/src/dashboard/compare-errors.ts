import type { DeskError } from '../../../shared/api/result';

/**
 * An error on one of the two periods' dates in words: which period, which date and what is wrong with
 * it ("输入有误：结束日期" said neither the period nor why).
 */
export function periodError(error: DeskError, t: (key: string, o?: Record<string, unknown>) => string): string | null {
  const field = typeof error.details?.field === 'string' ? error.details.field : '';
  const m = /^(a|b)\.(from|to)$/.exec(field);
  if (error.code !== 'validation' || !m) return null;
  const period = t(m[1] === 'a' ? 'dashboard.compare.periodA' : 'dashboard.compare.periodB');
  const why = error.details?.rule === 'not_after_today' ? 'afterToday' : /after to/.test(error.message) ? 'beforeStart' : m[2] === 'from' ? 'badFrom' : 'badTo';
  return t(`dashboard.compare.invalid.${why}`, { period });
}
