import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadOpsConfig } from '../../src/ops/config.ts';

const BASE = {
  GATEWAY_CONTROL_URL: 'http://127.0.0.1:8025',
  GATEWAY_CONTROL_TOKEN: 'secret-token-not-shown',
};

describe('operations configuration', () => {
  it('has defaults that need nothing but the relay', () => {
    const result = loadOpsConfig(BASE);
    assert.ok(result.ok);
    assert.equal(result.config.managed, undefined);
    assert.deepEqual([...result.config.withoutApproval], []);
    assert.equal(result.config.pollSeconds, 60);
    assert.deepEqual(result.config.thresholds, {
      queueOldestAgeSeconds: 3600,
      deferralRatio: 0.5,
      deferralMinAttempts: 10,
      certExpiryDays: 14,
      unreachableAfterFailures: 2,
    });
  });

  it('reads the managed relay, thresholds and lists', () => {
    const result = loadOpsConfig({
      ...BASE,
      GATEWAY_MANAGED: 'true',
      GATEWAY_CONFIG: '/etc/relay.yaml',
      GATEWAY_RESTART_MAX_SECONDS: '30',
      RELAY_ACTIONS_WITHOUT_APPROVAL: 'flush,status',
      OPS_CHANNEL: 'C0OPS',
      ALERT_QUEUE_AGE_MINUTES: '15',
      ALERT_DEFERRAL_PERCENT: '25',
      SENDER_DOMAINS: 'Example.com, example.org',
      GATEWAY_OUTBOUND_ADDRESSES: '203.0.113.5,2001:db8::5',
    });
    assert.ok(result.ok);
    assert.deepEqual(result.config.managed, {
      relay: 'default',
      configFile: '/etc/relay.yaml',
      backoff: { initialDelayMs: 1000, maxDelayMs: 30_000, factor: 2, stableAfterMs: 120_000 },
    });
    assert.deepEqual([...result.config.withoutApproval], ['flush']);
    assert.equal(result.config.opsChannel, 'C0OPS');
    assert.equal(result.config.thresholds.queueOldestAgeSeconds, 900);
    assert.equal(result.config.thresholds.deferralRatio, 0.25);
    assert.deepEqual(result.config.senderDomains, ['example.com', 'example.org']);
    assert.deepEqual(result.config.outboundAddresses, ['203.0.113.5', '2001:db8::5']);
  });

  it('names every bad key with the value seen, never a token', () => {
    const result = loadOpsConfig({
      ...BASE,
      GATEWAY_MANAGED: 'maybe',
      OPS_POLL_SECONDS: '1',
      OPS_CHANNEL: '#ops',
      RELAY_ACTIONS_WITHOUT_APPROVAL: 'reboot',
      GATEWAY_OUTBOUND_ADDRESSES: 'relay.example.com',
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const text = result.errors.join('\n');
    assert.match(text, /GATEWAY_MANAGED: must be true or false \(seen: "maybe"\)/);
    assert.match(text, /OPS_POLL_SECONDS: must be seconds from 5 to 3600 \(seen: "1"\)/);
    assert.match(text, /OPS_CHANNEL: must be a channel ID such as C012ABCDEF \(seen: "#ops"\)/);
    assert.match(text, /RELAY_ACTIONS_WITHOUT_APPROVAL: "reboot" is not a relay action/);
    assert.match(text, /GATEWAY_OUTBOUND_ADDRESSES: must be IP addresses/);
    assert.doesNotMatch(text, /secret-token-not-shown/);
  });

  it('needs the relay configuration file and a known relay when managed', () => {
    const result = loadOpsConfig({
      GATEWAYS: 'a=http://127.0.0.1:1,b=http://127.0.0.1:2',
      GATEWAY_CONTROL_TOKEN: 't',
      GATEWAY_MANAGED: 'true',
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.errors.join('\n'), /GATEWAY_CONFIG: is required with GATEWAY_MANAGED=true/);
    assert.match(
      result.errors.join('\n'),
      /GATEWAY_MANAGED_RELAY: must name the managed relay among a, b \(seen: not set\)/,
    );
  });
});
