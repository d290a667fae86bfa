import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { crc32, encodePng } from '../../src/chart/png.ts';
import { COLORS, niceMax, renderRelayChart } from '../../src/chart/relay-chart.ts';
import { chartText, sparkline } from '../../src/chart/sparkline.ts';
import type { ChartSeries } from '../../src/domain/ops/chart-data.ts';
import { decodePng } from './png-decode.ts';

const H = 3_600_000;
const END = Date.UTC(2026, 0, 2);

function series(): ChartSeries {
  const n = 48;
  const queueDepth: Array<number | null> = Array.from({ length: n }, (_, i) =>
    i < 4 ? null : Math.round(20 + 15 * Math.sin(i / 5)),
  );
  queueDepth[30] = 80;
  const delivered = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : 100 + ((i * 37) % 90)));
  return { start: END - 24 * H, end: END, bucketMs: H / 2, queueDepth, accepted: delivered, delivered };
}

describe('PNG encoder', () => {
  it('computes the standard CRC-32', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.from('IEND')), 0xae426082);
  });

  it('round-trips a small image through an independent decoder', () => {
    const rgba = new Uint8Array(3 * 2 * 4);
    rgba.set([255, 0, 0, 255], 0);
    rgba.set([0, 0, 255, 128], (1 * 3 + 2) * 4);
    const png = decodePng(encodePng(3, 2, rgba));
    assert.deepEqual([png.width, png.height], [3, 2]);
    assert.deepEqual(png.chunks, ['IHDR', 'IDAT', 'IEND']);
    assert.deepEqual(png.pixel(0, 0), [255, 0, 0, 255]);
    assert.deepEqual(png.pixel(2, 1), [0, 0, 255, 128]);
    assert.deepEqual(png.pixel(1, 1), [0, 0, 0, 0]);
  });

  it('refuses a buffer of the wrong size', () => {
    assert.throws(() => encodePng(2, 2, new Uint8Array(3)), /must be 16 bytes for 2x2 RGBA \(got 3\)/);
    assert.throws(() => encodePng(0, 2, new Uint8Array(0)), /positive whole numbers/);
  });
});

describe('relay chart', () => {
  it('draws the queue line and delivered bars where the data says', async () => {
    const data = series();
    const { png, layout } = renderRelayChart(data, 'relay default - last 24 h');
    if (process.env.CHART_OUT) await writeFile(process.env.CHART_OUT, png);
    const image = decodePng(png);
    assert.deepEqual([image.width, image.height], [layout.width, layout.height]);
    assert.equal(layout.queueMax, 100);
    assert.equal(layout.throughputMax, 200);

    // Every queue sample is a blue pixel at its (x, y); the peak of 80 too.
    data.queueDepth.forEach((v, i) => {
      if (v === null) return;
      const x = Math.round(layout.xOf(i));
      const y = Math.round(layout.queueY(v));
      assert.deepEqual(image.pixel(x, y), [...COLORS.queue], `queue point ${i} (${v}) at ${x},${y}`);
    });
    // No line where there were no samples (buckets 0-3), just background above the axis.
    const gapX = Math.round(layout.xOf(1));
    const gapY = Math.round(layout.queueY(60));
    assert.deepEqual(image.pixel(gapX, gapY), [...COLORS.background]);
    // Nothing drawn above the peak.
    assert.deepEqual(image.pixel(Math.round(layout.xOf(30)), Math.round(layout.queueY(95))), [
      ...COLORS.background,
    ]);

    // Bars: filled from the axis up to the value, and absent for zero buckets.
    data.delivered.forEach((v, i) => {
      const x = Math.round(layout.xOf(i));
      const base = layout.throughputPanel.y + layout.throughputPanel.h - 2;
      const expected = v > 0 ? COLORS.delivered : COLORS.background;
      assert.deepEqual(image.pixel(x, base), [...expected], `bar ${i} (${v}) at its base`);
      if (v > 0) {
        assert.deepEqual(image.pixel(x, Math.round(layout.throughputY(v)) + 1), [...COLORS.delivered]);
        assert.notDeepEqual(image.pixel(x, Math.round(layout.throughputY(v)) - 3), [...COLORS.delivered]);
      }
    });
  });

  it('rounds axis maxima to 1, 2 or 5 times a power of ten', () => {
    assert.deepEqual([0, 1, 3, 10, 11, 180, 201, 4999].map(niceMax), [1, 1, 5, 10, 20, 200, 500, 5000]);
  });
});

describe('text sparkline', () => {
  it('scales to the largest value and keeps gaps', () => {
    assert.equal(sparkline([0, 1, 2, 4, 8, null, 8]), '▁▁▂▄█ █');
    assert.equal(sparkline([0, 0]), '▁▁');
    const text = chartText(series());
    assert.match(text, /^Queue depth {3}\S*/);
    assert.match(text, /max 80/);
    assert.match(text, /Delivered .* in 24 h/);
  });
});
