// Charts for dashboard tiles, drawn with ECharts (only the parts used are bundled).
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { compact, formatValue, toNumber, type ValueFormat } from './format.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** A tile as the API describes it. */
export interface TileInfo {
  name: string;
  type: 'kpi' | 'line' | 'area' | 'bar' | 'stacked_bar' | 'stacked_area' | 'histogram' | 'table';
  title: string;
  description: string | null;
  width: number;
  filters: string[];
  x: string | null;
  y: string[] | null;
  series: string | null;
  value: string | null;
  compare: string | null;
  bins: number | null;
  format: ValueFormat;
  formats: Record<string, ValueFormat>;
  columns: string[] | null;
  sort: { column: string; descending: boolean } | null;
}

/** A tile query's answer. */
export interface TileData {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  elapsedMs: number;
  truncated: boolean;
}

/** The series a chart draws, also exposed on the element for tests and screen readers. */
export interface ChartSeries {
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
}

const PALETTE_VARS = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6', '--chart-7', '--chart-8'];

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** Turns rows into chart series: one per y column, or one per value of the series column. */
export function seriesOf(tile: TileInfo, data: TileData): ChartSeries {
  const col = (name: string): number => data.columns.findIndex((c) => c.name === name);
  const xi = col(tile.x ?? '');
  const label = (v: unknown): string => (v === null || v === undefined ? '∅' : String(v));
  const categories: string[] = [];
  const seen = new Map<string, number>();
  for (const row of data.rows) {
    const key = label(row[xi]);
    if (!seen.has(key)) {
      seen.set(key, categories.length);
      categories.push(key);
    }
  }
  const ys = tile.y ?? [];
  if (tile.series) {
    const si = col(tile.series);
    const yi = col(ys[0] ?? '');
    const groups = new Map<string, (number | null)[]>();
    for (const row of data.rows) {
      const name = label(row[si]);
      let values = groups.get(name);
      if (!values) groups.set(name, (values = categories.map(() => null)));
      const at = seen.get(label(row[xi]))!;
      values[at] = (values[at] ?? 0) + (toNumber(row[yi]) ?? 0);
    }
    return { categories, series: [...groups].map(([name, values]) => ({ name, values })) };
  }
  return {
    categories,
    series: ys.map((y) => {
      const yi = col(y);
      const values: (number | null)[] = categories.map(() => null);
      for (const row of data.rows) values[seen.get(label(row[xi]))!] = toNumber(row[yi]) ?? null;
      return { name: y, values };
    }),
  };
}

/** Buckets a numeric column into equal-width bins. */
export function histogramOf(tile: TileInfo, data: TileData): ChartSeries {
  const vi = data.columns.findIndex((c) => c.name === tile.value);
  const values = data.rows.map((r) => toNumber(r[vi])).filter((v): v is number => v !== undefined);
  if (values.length === 0) return { categories: [], series: [{ name: 'count', values: [] }] };
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const bins = tile.bins ?? Math.min(30, Math.max(5, Math.ceil(Math.sqrt(values.length))));
  const width = max === min ? 1 : (max - min) / bins;
  const counts = new Array<number>(max === min ? 1 : bins).fill(0);
  for (const v of values) counts[Math.min(counts.length - 1, Math.floor((v - min) / width))]! += 1;
  const fmt = (n: number): string => formatValue(n, tile.format === 'integer' ? 'decimal' : tile.format);
  return {
    categories: counts.map((_c, i) => `${fmt(min + i * width)}–${fmt(min + (i + 1) * width)}`),
    series: [{ name: 'count', values: counts }],
  };
}

/** Draws a chart tile into `el`; returns the chart so the caller can resize or dispose it. */
export function drawChart(el: HTMLElement, tile: TileInfo, data: TileData): echarts.ECharts {
  const isHistogram = tile.type === 'histogram';
  const shape = isHistogram ? histogramOf(tile, data) : seriesOf(tile, data);
  el.dataset.series = JSON.stringify(shape);
  const text = cssVar('--text-muted');
  const grid = cssVar('--border');
  const palette = PALETTE_VARS.map(cssVar);
  const stacked = tile.type === 'stacked_bar' || tile.type === 'stacked_area';
  const kind = tile.type === 'line' || tile.type === 'area' || tile.type === 'stacked_area' ? 'line' : 'bar';
  const area = tile.type === 'area' || tile.type === 'stacked_area';
  const valueFormat = (name: string): ValueFormat => tile.formats[name] ?? (isHistogram ? 'integer' : tile.format);
  const chart = echarts.getInstanceByDom(el) ?? echarts.init(el, undefined, { renderer: 'canvas' });
  chart.setOption(
    {
      color: palette,
      animationDuration: 300,
      textStyle: { fontFamily: cssVar('--font-sans'), color: text },
      grid: { left: 8, right: 16, top: shape.series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
      legend: shape.series.length > 1 ? { top: 0, left: 0, textStyle: { color: text }, icon: 'roundRect', itemWidth: 10, itemHeight: 10 } : undefined,
      tooltip: {
        trigger: 'axis',
        backgroundColor: cssVar('--surface'),
        borderColor: grid,
        textStyle: { color: cssVar('--text') },
        valueFormatter: (v: unknown) => formatValue(v, valueFormat(shape.series[0]?.name ?? ''), 'long'),
      },
      xAxis: {
        type: 'category',
        data: shape.categories,
        axisLine: { lineStyle: { color: grid } },
        axisTick: { show: false },
        axisLabel: { color: text, hideOverlap: true },
      },
      yAxis: {
        type: 'value',
        minInterval: isHistogram || tile.format === 'integer' ? 1 : undefined,
        splitLine: { lineStyle: { color: grid } },
        axisLabel: { color: text, formatter: (v: number) => (tile.format === 'percent' ? formatValue(v, 'percent') : compact(v)) },
      },
      series: shape.series.map((s) => ({
        name: s.name,
        type: kind,
        data: s.values,
        stack: stacked ? 'total' : undefined,
        smooth: kind === 'line' ? 0.2 : undefined,
        showSymbol: kind === 'line' && shape.categories.length <= 40,
        symbolSize: 6,
        areaStyle: area ? { opacity: 0.18 } : undefined,
        barMaxWidth: 42,
        barCategoryGap: isHistogram ? '4%' : '30%',
        itemStyle: kind === 'bar' ? { borderRadius: stacked ? 0 : [3, 3, 0, 0] } : undefined,
        emphasis: { focus: 'series' },
      })),
    },
    true,
  );
  return chart;
}

/** Resizes every chart inside an element (after a layout change). */
export function resizeCharts(root: Element): void {
  for (const el of root.querySelectorAll<HTMLElement>('.chart')) echarts.getInstanceByDom(el)?.resize();
}

/** Disposes every chart inside an element (before it is removed). */
export function disposeCharts(root: Element): void {
  for (const el of root.querySelectorAll<HTMLElement>('.chart')) echarts.getInstanceByDom(el)?.dispose();
}
