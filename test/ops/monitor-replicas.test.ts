// Two bot replicas watching the same relay through one store: an incident is raised once and resolved
// once, whichever replica sees it first (the store decides, not each replica's memory).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AlertEvent } from '../../src/domain/ops/alerts.ts';
import { GatewayFleet } from '../../src/gateway-client/fleet.ts';
import { loadOpsConfig } from '../../src/ops/config.ts';
import { RelayMonitor } from '../../src/ops/monitor.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { startRelayProcess } from '../gateway/process.ts';
import { CONTROL_TOKEN, freePort, relayConfig, writeRelayConfig } from '../slack/ops/harness.ts';

describe('relay monitor on two replicas', () => {
  it('raises an incident once and resolves it once across replicas sharing the store', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'monitor-replicas-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const ports = { smtp: await freePort(), control: await freePort() };
    const configFile = await writeRelayConfig(dir, relayConfig(dir, ports));
    let relay = await startRelayProcess(configFile);
    t.after(() => relay.kill());
    const loaded = loadOpsConfig({
      GATEWAY_CONTROL_URL: `http://127.0.0.1:${ports.control}`,
      GATEWAY_CONTROL_TOKEN: CONTROL_TOKEN,
      ALERT_UNREACHABLE_FAILURES: '2',
    });
    assert.ok(loaded.ok);
    const events: string[] = [];
    const replica = (name: string) => {
      const store = openSqliteStore(join(dir, 'bot.db'));
      t.after(() => store.close());
      return new RelayMonitor({
        fleet: new GatewayFleet(loaded.config.fleet),
        thresholds: loaded.config.thresholds,
        alerts: store.alerts,
        now: Date.now,
        onAlert: async (event: AlertEvent) => {
          events.push(`${name}:${event.type}:${event.alert.kind}`);
        },
      });
    };
    const one = replica('one');
    const two = replica('two');
    const both = () => Promise.all([one.tick(), two.tick()]);

    await both();
    await relay.kill();
    await both();
    await both();
    await both();
    assert.deepEqual(
      events.map((e) => e.replace(/^\w+:/, '')),
      ['raise:relay-unreachable'],
    );
    relay = await startRelayProcess(configFile);
    await both();
    await both();
    assert.deepEqual(
      events.map((e) => e.replace(/^\w+:/, '')),
      ['raise:relay-unreachable', 'resolve:relay-unreachable'],
      events.join(', '),
    );
    assert.deepEqual(await one.activeAlerts(), []);
  });
});
