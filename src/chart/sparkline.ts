// The text fallback of the chart, for when file uploads are not allowed: one sparkline per series.
import type { ChartSeries } from '../domain/ops/chart-data.ts';

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** One character per value, scaled to the largest; null shows as a space (no sample). */
export function sparkline(values: Array<number | null>): string {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  return values
    .map((v) => {
      if (v === null) return ' ';
      if (max === 0 || v <= 0) return BARS[0];
      return BARS[Math.min(BARS.length - 1, Math.ceil((v / max) * BARS.length) - 1)];
    })
    .join('');
}

export function chartText(series: ChartSeries): string {
  const hours = Math.round((series.end - series.start) / 3_600_000);
  const queueMax = Math.max(0, ...series.queueDepth.map((v) => v ?? 0));
  const delivered = series.delivered.reduce((a, b) => a + b, 0);
  return [
    `Queue depth   ${sparkline(series.queueDepth)}  max ${queueMax}`,
    `Delivered     ${sparkline(series.delivered)}  ${delivered} in ${hours} h`,
    `              -${hours} h${' '.repeat(Math.max(1, series.queueDepth.length - 6 - String(hours).length))}now`,
  ].join('\n');
}
