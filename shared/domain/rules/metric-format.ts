import type { MetricComparator, MetricKey } from './config';

/** How a metric's number reads: a share, a count, money (fen), a plain number or NPS points. */
export type MetricUnit = 'share' | 'count' | 'fen' | 'number' | 'points';

const UNITS: Record<MetricKey, MetricUnit> = {
  retention_30d: 'share',
  retention_90d: 'share',
  retention_12m: 'share',
  monthly_visit_frequency: 'number',
  annual_spend_per_customer: 'fen',
  active_ratio: 'share',
  silent_ratio: 'share',
  churn_risk_count: 'count',
  annual_churn_rate: 'share',
  repurchase_rate: 'share',
  ltv_growth: 'share',
  average_ticket_growth: 'share',
  nps: 'points',
  referral_conversion: 'share',
  referred_new_customers: 'count',
};

export function metricUnit(key: MetricKey): MetricUnit {
  return UNITS[key];
}

/** A metric value as the user reads it ("82.5%", "¥5,230", "0.42", "1,204"); '—' when undefined. */
export function formatMetric(key: MetricKey, value: number | null, language: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (UNITS[key]) {
    case 'share':
      return new Intl.NumberFormat(language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
    case 'fen':
      return new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 }).format(value / 100);
    case 'number':
      return new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
    case 'points':
      return new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
    case 'count':
      return new Intl.NumberFormat(language, { maximumFractionDigits: 0 }).format(value);
  }
}

/** The number a chart plots: shares in percent, money in yuan, the rest as they are (rounded for tooltips). */
export function chartValue(key: MetricKey, value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  switch (UNITS[key]) {
    case 'share':
      return Math.round(value * 1000) / 10;
    case 'fen':
      return Math.round(value / 100);
    case 'number':
      return Math.round(value * 100) / 100;
    default:
      return Math.round(value * 10) / 10;
  }
}

/** Whether a higher value is better (true), worse (false), or neither ('watch' metrics: null). */
export function higherIsBetter(comparator: MetricComparator): boolean | null {
  if (comparator === '>') return true;
  if (comparator === '<' || comparator === '<=') return false;
  return null;
}

/** Period B against period A: better, worse or the same, judged by the metric's comparator; null when it cannot be said. */
export function changeVerdict(comparator: MetricComparator, a: number | null, b: number | null): 'better' | 'worse' | 'same' | null {
  const up = higherIsBetter(comparator);
  if (up === null || a === null || b === null) return null;
  if (Math.abs(b - a) < 1e-9) return 'same';
  return (b > a) === up ? 'better' : 'worse';
}
