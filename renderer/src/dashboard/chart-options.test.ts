import { describe, expect, it } from 'vitest';
import type { TrendPoint } from '../../../shared/api/areas/dashboard';
import { axisText, monthLabel, niceStep, tierMovementOption, trendOption, yRange } from './chart-options';

const trend: TrendPoint[] = Array.from({ length: 12 }, (_, i) => {
  const m = ((i + 11) % 12) + 1; // 2025-12 .. 2026-11
  const y = i === 0 ? 2025 : 2026;
  return { month: `${y}-${String(m).padStart(2, '0')}`, asOf: `${y}-${String(m).padStart(2, '0')}-28`, value: i === 3 ? null : 0.1 + i / 100, met: i === 3 ? null : i > 5 };
});

describe('dashboard chart options', () => {
  it('labels months in the UI language, naming the year in January', () => {
    expect(monthLabel('2026-11', 'zh-CN')).toBe('11月');
    expect(monthLabel('2026-01', 'zh-CN')).toBe('2026年1月');
    expect(monthLabel('2026-11', 'en')).toBe('Nov');
    expect(monthLabel('2026-01', 'en')).toBe('Jan 2026');
  });

  it('plots a share trend in percent with the target as a dashed line and a gap where a month has no value', () => {
    const option = trendOption('silent_ratio', trend, 0.2, '<=', 'zh-CN', '目标');
    const series = (option.series as { data: { value: number | string; itemStyle: { color: string } }[]; markLine?: { data: { yAxis: number }[] } }[])[0]!;
    expect(series.data).toHaveLength(12);
    expect(series.data[0]!.value).toBe(10);
    expect(series.data[3]!.value).toBe('-');
    expect(series.data[11]!.value).toBe(21);
    expect(series.data[11]!.itemStyle.color).toBe('#2f855a');
    expect(series.data[0]!.itemStyle.color).toBe('#c0392b');
    expect(series.markLine?.data[0]!.yAxis).toBe(20);
    expect((option.xAxis as { data: string[] }).data[1]).toBe('2026年1月');
  });

  it('draws no target line for a watch metric', () => {
    const option = trendOption('churn_risk_count', trend, null, 'watch', 'en', 'Target');
    expect((option.series as { markLine?: unknown }[])[0]!.markLine).toBeUndefined();
  });

  it('puts downgrades below the axis', () => {
    const option = tierMovementOption([{ month: '2026-11', upgrades: 4, downgrades: 2 }], { upgrades: 'up', downgrades: 'down' }, 'en');
    const series = option.series as { data: number[] }[];
    expect(series[0]!.data).toEqual([4]);
    expect(series[1]!.data).toEqual([-2]);
  });

  it('reads axis values with their unit', () => {
    expect(axisText('retention_30d', 82.5, 'en')).toBe('82.5%');
    expect(axisText('annual_spend_per_customer', 5230, 'en')).toBe('¥5,230');
    expect(axisText('nps', 61.3, 'en')).toBe('61.3');
  });

  it('keeps the target in view even when the values are far from it, on round bounds', () => {
    const option = trendOption('retention_30d', trend, 0.8, '>', 'en', 'Target');
    const axis = option.yAxis as { min: number; max: number; interval: number };
    expect(axis).toMatchObject({ min: 0, max: 100, interval: 50 });
    expect(yRange([null, null])).toBeNull();
    expect(yRange([5, 5])).toEqual({ min: 4, max: 6, interval: 1 });
    expect(yRange([11.6, 20.5])).toEqual({ min: 10, max: 25, interval: 5 });
    expect(yRange([-16.6, 18.4])).toEqual({ min: -20, max: 20, interval: 20 });
    expect(yRange([6880, 7970, 5000])).toEqual({ min: 4000, max: 8000, interval: 2000 });
  });

  it('picks round steps', () => {
    expect([0.03, 0.7, 1, 1.5, 2.2, 4, 7, 130].map(niceStep)).toEqual([0.05, 1, 1, 2, 2.5, 5, 10, 200]);
  });
});
