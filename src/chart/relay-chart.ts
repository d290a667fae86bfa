// The relay chart: queue depth (a line) over delivered messages per bucket (bars), last 24 hours,
// as a small PNG. The layout is exported so tests can find where each data point must be drawn.
import type { ChartSeries } from '../domain/ops/chart-data.ts';
import { encodePng } from './png.ts';
import { type Color, Raster, textWidth } from './raster.ts';

export const COLORS = {
  background: [255, 255, 255, 255],
  grid: [225, 228, 232, 255],
  axis: [140, 149, 159, 255],
  text: [36, 41, 47, 255],
  queue: [9, 105, 218, 255],
  delivered: [26, 127, 55, 255],
} as const satisfies Record<string, Color>;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  queuePanel: Rect;
  throughputPanel: Rect;
  queueMax: number;
  throughputMax: number;
  /** Centre x of bucket i. */
  xOf(i: number): number;
  queueY(value: number): number;
  throughputY(value: number): number;
  barWidth: number;
}

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 300;

/** 1, 2 or 5 times a power of ten, at least `value` (and at least 1). */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function chartLayout(series: ChartSeries, width = CHART_WIDTH, height = CHART_HEIGHT): ChartLayout {
  const left = 56;
  const right = 16;
  const plotW = width - left - right;
  const queuePanel = { x: left, y: 44, w: plotW, h: Math.round((height - 110) * 0.55) };
  const throughputPanel = {
    x: left,
    y: queuePanel.y + queuePanel.h + 30,
    w: plotW,
    h: height - 26 - (queuePanel.y + queuePanel.h + 30),
  };
  const n = series.queueDepth.length;
  const queueMax = niceMax(Math.max(0, ...series.queueDepth.map((v) => v ?? 0)));
  const throughputMax = niceMax(Math.max(0, ...series.delivered));
  const slot = plotW / n;
  const yIn = (panel: Rect, max: number) => (value: number) =>
    panel.y + panel.h - 1 - (value / max) * (panel.h - 1);
  return {
    width,
    height,
    queuePanel,
    throughputPanel,
    queueMax,
    throughputMax,
    xOf: (i) => left + (i + 0.5) * slot,
    queueY: yIn(queuePanel, queueMax),
    throughputY: yIn(throughputPanel, throughputMax),
    barWidth: Math.max(1, Math.floor(slot) - 2),
  };
}

export interface RenderedChart {
  png: Buffer;
  layout: ChartLayout;
  raster: Raster;
}

export function renderRelayChart(
  series: ChartSeries,
  title: string,
  width = CHART_WIDTH,
  height = CHART_HEIGHT,
): RenderedChart {
  const layout = chartLayout(series, width, height);
  const r = new Raster(width, height, COLORS.background);
  const { queuePanel: qp, throughputPanel: tp } = layout;

  r.text(8, 8, title.toUpperCase().slice(0, Math.floor((width - 16) / 8)), COLORS.text, 2);
  const bucketLabel = bucketName(series.bucketMs);
  r.text(qp.x, qp.y - 14, 'QUEUE DEPTH (MAX)', COLORS.queue, 2);
  r.text(tp.x, tp.y - 14, `DELIVERED ${bucketLabel}`, COLORS.delivered, 2);

  for (const [panel, max] of [
    [qp, layout.queueMax],
    [tp, layout.throughputMax],
  ] as const) {
    for (const f of [0.5, 1])
      r.fillRect(panel.x, Math.round(panel.y + panel.h - 1 - f * (panel.h - 1)), panel.w, 1, COLORS.grid);
    r.fillRect(panel.x, panel.y + panel.h - 1, panel.w, 1, COLORS.axis);
    r.fillRect(panel.x - 1, panel.y, 1, panel.h, COLORS.axis);
    const maxText = compact(max);
    r.text(panel.x - 6 - textWidth(maxText), panel.y, maxText, COLORS.text, 2);
    r.text(panel.x - 6 - textWidth('0'), panel.y + panel.h - 10, '0', COLORS.text, 2);
  }

  // Delivered: one bar per bucket.
  series.delivered.forEach((value, i) => {
    if (value <= 0) return;
    const top = Math.round(layout.throughputY(value));
    const x = Math.round(layout.xOf(i) - layout.barWidth / 2);
    r.fillRect(x, top, layout.barWidth, tp.y + tp.h - 1 - top, COLORS.delivered);
  });

  // Queue depth: a line through the buckets that have a sample; gaps stay gaps.
  let previous: [number, number] | undefined;
  series.queueDepth.forEach((value, i) => {
    if (value === null) {
      previous = undefined;
      return;
    }
    const point: [number, number] = [layout.xOf(i), layout.queueY(value)];
    if (previous) r.line(previous[0], previous[1], point[0], point[1], COLORS.queue, 2);
    else r.fillRect(Math.round(point[0]) - 1, Math.round(point[1]) - 1, 3, 3, COLORS.queue);
    previous = point;
  });

  const hours = Math.round((series.end - series.start) / 3_600_000);
  const axisY = tp.y + tp.h + 6;
  r.text(tp.x, axisY, `-${hours}H`, COLORS.axis, 2);
  const mid = `-${Math.round(hours / 2)}H`;
  r.text(tp.x + tp.w / 2 - textWidth(mid) / 2, axisY, mid, COLORS.axis, 2);
  r.text(tp.x + tp.w - textWidth('NOW'), axisY, 'NOW', COLORS.axis, 2);

  return { png: encodePng(width, height, r.data), layout, raster: r };
}

function bucketName(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % 60 === 0) return minutes === 60 ? 'PER HOUR' : `PER ${minutes / 60} H`;
  return `PER ${minutes} MIN`;
}

function compact(value: number): string {
  if (value >= 1_000_000) return `${value / 1_000_000}M`;
  if (value >= 10_000) return `${value / 1000}K`;
  return String(value);
}
