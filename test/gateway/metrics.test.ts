import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MetricsRegistry } from '../../gateway/metrics.ts';

describe('metrics registry', () => {
  it('renders counters with labels and collected gauges in Prometheus text format', () => {
    const registry = new MetricsRegistry();
    const rejections = registry.counter('relay_test_rejections_total', 'Refusals\nby reason');
    rejections.inc({ reason: 'sender-domain' });
    rejections.inc({ reason: 'sender-domain' }, 2);
    rejections.inc({ reason: 'odd "quoted" \\ value' });
    let depth = 7;
    registry.gauge('relay_test_queue', 'Queue length', () => depth);
    assert.equal(
      registry.render(),
      [
        '# HELP relay_test_rejections_total Refusals\\nby reason',
        '# TYPE relay_test_rejections_total counter',
        'relay_test_rejections_total{reason="sender-domain"} 3',
        'relay_test_rejections_total{reason="odd \\"quoted\\" \\\\ value"} 1',
        '# HELP relay_test_queue Queue length',
        '# TYPE relay_test_queue gauge',
        'relay_test_queue 7',
        '',
      ].join('\n'),
    );
    depth = 2;
    assert.match(registry.render(), /^relay_test_queue 2$/m);
    assert.equal(rejections.get({ reason: 'sender-domain' }), 3);
  });

  it('refuses duplicate or malformed names and negative counter steps', () => {
    const registry = new MetricsRegistry();
    const c = registry.counter('a_total', 'a');
    assert.throws(() => registry.counter('a_total', 'again'), /registered twice/);
    assert.throws(() => registry.gauge('bad-name', 'x'), /bad metric name/);
    assert.throws(() => c.inc({}, -1), /cannot decrease/);
  });
});
