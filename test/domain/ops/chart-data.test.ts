import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildChartSeries, pruneSamples, sumSeries } from '../../../src/domain/ops/chart-data.ts';

const H = 3_600_000;
const NOW = Date.UTC(2026, 0, 2);

describe('chart data', () => {
  it('buckets queue depth (max) and counter deltas over 24 hours', () => {
    const samples = [
      { at: NOW - 25 * H, queueMessages: 99, accepted: 10, delivered: 10 }, // before the window: baseline only
      { at: NOW - 23.5 * H, queueMessages: 2, accepted: 15, delivered: 12 },
      { at: NOW - 23.2 * H, queueMessages: 5, accepted: 20, delivered: 19 },
      { at: NOW - 1 * H + 1, queueMessages: 1, accepted: 3, delivered: 2 }, // relay restarted
      { at: NOW, queueMessages: 0, accepted: 8, delivered: 8 },
    ];
    const series = buildChartSeries(samples, NOW, { buckets: 24 });
    assert.equal(series.bucketMs, H);
    assert.equal(series.queueDepth.length, 24);
    assert.equal(series.queueDepth[0], 5);
    assert.equal(series.accepted[0], 10);
    assert.equal(series.delivered[0], 9);
    assert.equal(series.queueDepth[1], null);
    assert.equal(series.queueDepth[23], 1);
    assert.equal(series.accepted[23], 3 + 5);
    assert.equal(series.delivered[23], 2 + 6);
    assert.equal(
      series.accepted.reduce((a, b) => a + b, 0),
      18,
    );
  });

  it('sums relays into a fleet series', () => {
    const a = buildChartSeries(
      [
        { at: NOW - 2 * H, queueMessages: 1, accepted: 0, delivered: 0 },
        { at: NOW - 0.5 * H, queueMessages: 3, accepted: 4, delivered: 4 },
      ],
      NOW,
      { buckets: 4, windowMs: 4 * H },
    );
    const b = buildChartSeries(
      [
        { at: NOW - 0.7 * H, queueMessages: 2, accepted: 1, delivered: 0 },
        { at: NOW - 0.2 * H, queueMessages: 0, accepted: 3, delivered: 2 },
      ],
      NOW,
      { buckets: 4, windowMs: 4 * H },
    );
    const total = sumSeries([a, b]);
    assert.deepEqual(total?.queueDepth, [null, null, 1, 5]);
    assert.deepEqual(total?.accepted, [0, 0, 0, 6]);
    assert.deepEqual(total?.delivered, [0, 0, 0, 6]);
    assert.equal(sumSeries([]), undefined);
  });

  it('prunes to the window plus one baseline sample', () => {
    const s = (h: number) => ({ at: NOW - h * H, queueMessages: 0, accepted: 0, delivered: 0 });
    assert.deepEqual(
      pruneSamples([s(30), s(26), s(20), s(1)], NOW).map((x) => (NOW - x.at) / H),
      [26, 20, 1],
    );
    assert.deepEqual(
      pruneSamples([s(30), s(26)], NOW).map((x) => (NOW - x.at) / H),
      [26],
    );
  });
});
