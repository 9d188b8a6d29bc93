import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components';

// Only the modules the manager screens draw: lines and bars on a grid, with tooltip, legend and a target line.
// SVG rather than canvas: a dozen small charts of 12 points each, crisp at any zoom, and their text is in the DOM.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | MarkLineComponentOption
>;

/** The chart font: the app's own, so Chinese labels render with the CJK face and not a fallback. */
const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', 'Segoe UI', system-ui, sans-serif";

/**
 * One echarts instance for a React component: created on mount (with the UI language's locale,
 * re-created when the language changes), updated when `option` changes, resized with its box,
 * disposed on unmount.
 */
export function Chart({ option, height = 220, label, testId }: { option: ChartOption; height?: number; label: string; testId?: string }) {
  const { i18n } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const locale = i18n.language === 'en' ? 'EN' : 'ZH';

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: 'svg', locale });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [locale]);

  useEffect(() => {
    chart.current?.setOption({ textStyle: { fontFamily: FONT }, animation: false, ...option }, { notMerge: true });
  }, [option, locale]);

  return <div ref={box} className="chart" role="img" aria-label={label} style={{ height }} data-testid={testId} />;
}
