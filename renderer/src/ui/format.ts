import type { Birthday } from '../../../shared/domain/types';

export function formatYuan(fen: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(fen / 100);
}

export function formatNumber(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n);
}

const LUNAR_MONTHS = ['正', '二', '三', '四', '五', '六', '七', '八', '九', '十', '冬', '腊'];
const LUNAR_DAY_TENS = ['初', '十', '廿', '三'];
const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 农历 day names: 初一 … 初十, 十一 … 二十, 廿一 … 三十. */
function lunarDayName(day: number): string {
  if (day === 10) return '初十';
  if (day === 20) return '二十';
  if (day === 30) return '三十';
  return LUNAR_DAY_TENS[Math.floor(day / 10)]! + DIGITS[day % 10]!;
}

export function formatBirthday(b: Birthday, t: (key: string) => string, language: string): string {
  if (b.calendar === 'solar') return b.date;
  const leap = b.leap ? t('customer.leap') : '';
  if (language === 'zh-CN') return `${t('customer.lunar')}${leap}${LUNAR_MONTHS[b.month - 1]}月${lunarDayName(b.day)}`;
  return `${t('customer.lunar')} ${leap}${b.month}/${b.day}`;
}

export function formatInstantDate(instant: string): string {
  return instant.slice(0, 10);
}
