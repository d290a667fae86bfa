import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { histogramQuantile, MetricsRegistry } from '../../gateway/metrics.ts';

describe('metrics registry', () => {
  it('renders counters with labels and collected gauges in Prometheus text format', async () => {
    const registry = new MetricsRegistry();
    const rejections = registry.counter('relay_test_rejections_total', 'Refusals\nby reason');
    rejections.inc({ reason: 'sender-domain' });
    rejections.inc({ reason: 'sender-domain' }, 2);
    rejections.inc({ reason: 'odd "quoted" \\ value' });
    let depth = 7;
    registry.gauge('relay_test_queue', 'Queue length', () => depth);
    assert.equal(
      await registry.render(),
      [
        '# HELP relay_test_rejections_total Refusals\\nby reason',
        '# TYPE relay_test_rejections_total counter',
        'relay_test_rejections_total{reason="sender-domain"} 3',
        'relay_test_rejections_total{reason="odd \\"quoted\\" \\\\ value"} 1',
        '',
        '# HELP relay_test_queue Queue length',
        '# TYPE relay_test_queue gauge',
        'relay_test_queue 7',
        '',
      ].join('\n'),
    );
    depth = 2;
    assert.match(await registry.render(), /^relay_test_queue 2$/m);
    assert.equal(rejections.get({ reason: 'sender-domain' }), 3);
  });

  it('refuses duplicate or malformed names and negative counter steps', () => {
    const registry = new MetricsRegistry();
    const c = registry.counter('a_total', 'a');
    assert.throws(() => registry.counter('a_total', 'again'), /registered twice/);
    assert.throws(() => registry.histogram('a_total', 'again', [1]), /registered twice/);
    assert.throws(() => registry.gauge('bad-name', 'x'), /bad metric name/);
    assert.throws(() => c.inc({}, -1), /cannot decrease/);
  });

  it('renders histograms with cumulative buckets, _sum and _count, which sum across relays', async () => {
    const registry = new MetricsRegistry();
    const latency = registry.histogram('relay_test_latency_seconds', 'Latency', [0.1, 1, 10]);
    for (const v of [0.05, 0.5, 0.5, 5]) latency.observe(v);
    const text = await registry.render();
    assert.match(text, /^# TYPE relay_test_latency_seconds histogram$/m);
    assert.match(text, /^relay_test_latency_seconds_bucket\{le="0.1"\} 1$/m);
    assert.match(text, /^relay_test_latency_seconds_bucket\{le="1"\} 3$/m);
    assert.match(text, /^relay_test_latency_seconds_bucket\{le="10"\} 4$/m);
    assert.match(text, /^relay_test_latency_seconds_bucket\{le="\+Inf"\} 4$/m);
    assert.match(text, /^relay_test_latency_seconds_sum 6.05$/m);
    assert.match(text, /^relay_test_latency_seconds_count 4$/m);
  });

  it('estimates quantiles from histogram buckets as histogram_quantile does', async () => {
    const registry = new MetricsRegistry();
    const h = registry.histogram('relay_test_q_seconds', 'q', [1, 2, 4]);
    assert.equal(await histogramQuantile(h, 0.5), undefined, 'no observations, no estimate');
    for (let i = 0; i < 10; i++) h.observe(1.5);
    for (let i = 0; i < 10; i++) h.observe(3);
    // 20 observations: the median (rank 10) is the top of the (1,2] bucket, p75 halfway into (2,4].
    assert.equal(await histogramQuantile(h, 0.5), 2);
    assert.equal(await histogramQuantile(h, 0.75), 3);
    h.observe(100);
    // Beyond the last finite bound the estimate is that bound, as in Prometheus.
    assert.equal(await histogramQuantile(h, 1), 4);
  });

  it('adds the default process metrics only when asked, from one collector per process', async () => {
    const plain = await new MetricsRegistry().render();
    assert.doesNotMatch(plain, /process_resident_memory_bytes/);
    const a = await new MetricsRegistry({ processMetrics: true }).render();
    const b = await new MetricsRegistry({ processMetrics: true }).render();
    for (const text of [a, b]) {
      assert.match(text, /^process_resident_memory_bytes \d+/m);
      assert.match(text, /^nodejs_eventloop_lag_seconds /m);
      assert.match(text, /^nodejs_heap_size_used_bytes \d+/m);
    }
  });
});
