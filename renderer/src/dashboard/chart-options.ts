import type { TierMonth, TrendPoint } from '../../../shared/api/areas/dashboard';
import type { MetricComparator, MetricKey } from '../../../shared/domain/rules/config';
import type { Tier } from '../../../shared/domain/types';
import type { ChartOption } from '../ui/Chart';
import { chartValue, metricUnit } from '../../../shared/domain/rules/metric-format';

/** Chart options built from data, with no React: what each chart shows can be tested on its own. */

const BRAND = '#0f766e';
const RED = '#c0392b';
const GREEN = '#2f855a';
const AXIS = '#7b8794';
const SPLIT = '#eef1f4';

/** 'YYYY-MM' as a short month label: "11月" / "Nov"; January also names the year ("2026年1月" / "Jan 2026"). */
export function monthLabel(month: string, language: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(y, m - 1, 1));
  const options: Intl.DateTimeFormatOptions = m === 1 ? { year: 'numeric', month: 'short', timeZone: 'UTC' } : { month: 'short', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(language, options).format(date);
}

/** How a plotted number reads on an axis or in a tooltip. */
export function axisText(key: MetricKey, plotted: number, language: string): string {
  const n = new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(plotted);
  switch (metricUnit(key)) {
    case 'share':
      return `${n}%`;
    case 'fen':
      return `¥${n}`;
    default:
      return n;
  }
}

/** A round step (1, 2, 2.5 or 5 times a power of ten) near `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return Number((nice * power).toPrecision(6));
}

/**
 * The value axis of a trend: the values and the target both in view (a target far from the values
 * is still drawn, so "how far off" shows), on round bounds and steps so the labels read well
 * (e.g. 0% / 40% / 80%); null = echarts decides (no values).
 */
export function yRange(values: readonly (number | null)[]): { min: number; max: number; interval: number } | null {
  const shown = values.filter((v): v is number => v !== null);
  if (shown.length === 0) return null;
  let lo = Math.min(...shown);
  let hi = Math.max(...shown);
  if (hi === lo) {
    const pad = Math.max(1, Math.abs(hi) * 0.1);
    lo -= pad;
    hi += pad;
  }
  const interval = niceStep((hi - lo) / 2);
  const round = (v: number) => Number(v.toPrecision(10));
  let min = round(Math.floor(lo / interval) * interval);
  const max = round(Math.ceil(hi / interval) * interval);
  if (lo >= 0 && min < 0) min = 0;
  return { min, max, interval };
}

/** A metric's 12-month trend: the values as a line, the target as a dashed line, months that miss it marked red. */
export function trendOption(key: MetricKey, trend: readonly TrendPoint[], target: number | null, comparator: MetricComparator, language: string, targetLabel: string): ChartOption {
  const targetPlotted = comparator === 'watch' ? null : chartValue(key, target);
  const range = yRange([...trend.map((p) => chartValue(key, p.value)), targetPlotted]);
  return {
    grid: { left: 8, right: 12, top: 12, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? axisText(key, v, language) : '—') },
    xAxis: {
      type: 'category',
      data: trend.map((p) => monthLabel(p.month, language)),
      axisLabel: { color: AXIS, fontSize: 10, interval: 2, hideOverlap: true },
      axisLine: { lineStyle: { color: SPLIT } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      min: range?.min,
      max: range?.max,
      interval: range?.interval,
      axisLabel: { color: AXIS, fontSize: 10, formatter: (v: number) => axisText(key, v, language) },
      splitLine: { lineStyle: { color: SPLIT } },
    },
    series: [
      {
        type: 'line',
        name: key,
        data: trend.map((p) => ({ value: chartValue(key, p.value) ?? '-', itemStyle: { color: p.met === false ? RED : p.met === true ? GREEN : BRAND } })),
        connectNulls: false,
        symbolSize: 5,
        lineStyle: { color: BRAND, width: 2 },
        markLine:
          targetPlotted === null
            ? undefined
            : {
                silent: true,
                symbol: 'none',
                lineStyle: { color: AXIS, type: 'dashed', width: 1 },
                label: { show: false },
                data: [{ yAxis: targetPlotted, name: targetLabel }],
              },
      },
    ],
  };
}

const TIER_COLORS: Record<Tier, string> = { normal: '#9aa5b1', silver: '#7a8ea6', gold: '#d4a017', diamond: '#6b5fd3' };

/** How many customers hold each tier, as horizontal bars. */
export function tierDistributionOption(rows: readonly { tier: Tier; count: number }[], tierName: (t: Tier) => string, language: string): ChartOption {
  return {
    grid: { left: 8, right: 40, top: 4, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => tierName(r.tier)), axisLabel: { color: AXIS }, axisTick: { show: false }, axisLine: { show: false } },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => ({ value: r.count, itemStyle: { color: TIER_COLORS[r.tier], borderRadius: [0, 4, 4, 0] } })),
        barWidth: 14,
        label: { show: true, position: 'right', color: AXIS, formatter: (p) => new Intl.NumberFormat(language).format(Number(p.value)) },
      },
    ],
  };
}

/** Upgrades above the axis, downgrades below it, per month. */
export function tierMovementOption(months: readonly TierMonth[], labels: { upgrades: string; downgrades: string }, language: string): ChartOption {
  return {
    grid: { left: 8, right: 12, top: 30, bottom: 4, containLabel: true },
    legend: { top: 0, right: 0, itemWidth: 12, itemHeight: 8, textStyle: { color: AXIS, fontSize: 12 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => String(Math.abs(Number(v))) },
    xAxis: { type: 'category', data: months.map((m) => monthLabel(m.month, language)), axisLabel: { color: AXIS, fontSize: 11, hideOverlap: true }, axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: AXIS, formatter: (v: number) => String(Math.abs(v)) }, splitLine: { lineStyle: { color: SPLIT } } },
    series: [
      { type: 'bar', name: labels.upgrades, stack: 'moves', data: months.map((m) => m.upgrades), itemStyle: { color: GREEN } },
      { type: 'bar', name: labels.downgrades, stack: 'moves', data: months.map((m) => -m.downgrades), itemStyle: { color: RED } },
    ],
  };
}
