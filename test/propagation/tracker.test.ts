// End to end on loopback: the bot's change service and SQLite store, the real Google clients against
// the fake Google API, and a real relay with probe sightings. Time is injected.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { ProbeRecorder } from '../../gateway/probes.ts';
import { ConfigAuthorizer } from '../../src/changes/authorizer.ts';
import { ChangeService } from '../../src/changes/change-service.ts';
import type { ChangeRequest } from '../../src/domain/change-request.ts';
import { PROPAGATION_WINDOW_MS, propagationTimeline } from '../../src/domain/propagation.ts';
import { GOOGLE_DEFAULT_OPTIONS } from '../../src/domain/route.ts';
import { changeHistory } from '../../src/propagation/history.ts';
import { RelayProbeClient } from '../../src/propagation/relay-probes.ts';
import { PropagationTracker, type TrackerEvent } from '../../src/propagation/tracker.ts';
import type { Store } from '../../src/store/repositories.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { openWorkspace, type Workspace } from '../../src/workspace/workspace.ts';
import { startTestRelay, type TestRelay, TOKEN } from '../gateway/harness.ts';
import { type FakeActivity, gmailSettingCreated } from '../support/fake-google.ts';
import { deliverToRelay } from '../support/gmail-outbound.ts';
import { ADMIN, type GoogleFixture, googleFixture, PROBE_RECIPIENT } from '../support/google-fixture.ts';
import { wordedPhrase } from '../support/outcome-text.ts';
import { TlsTestDouble } from '../support/tls-double.ts';

const T0 = Date.parse('2026-11-27T10:00:00Z');
const MINUTE = 60_000;

function routeEvent(time: number, name: string, params: Record<string, string>): FakeActivity {
  return gmailSettingCreated(new Date(time).toISOString(), ADMIN, {
    SETTING_NAME: name,
    ORG_UNIT_NAME: 'example.com',
    ...params,
  });
}

describe('propagation: audit confirmation, probes and the 24-hour window', () => {
  let google: GoogleFixture;
  let workspace: Workspace;
  let relay: TestRelay;
  let dir: string;
  let store: Store;
  let service: ChangeService;
  let tracker: PropagationTracker;
  let now: number;
  let events: TrackerEvent[];

  beforeEach(async () => {
    now = T0;
    events = [];
    google = await googleFixture();
    workspace = await openWorkspace(google.settings);
    relay = await startTestRelay({}, { extensions: [new ProbeRecorder({ deliver: false, keepHours: 168 })] });
    dir = await mkdtemp(join(tmpdir(), 'tracker-'));
    store = openSqliteStore(join(dir, 'bot.db'));
    const clock = () => new Date(now);
    service = new ChangeService({
      store,
      tls: new TlsTestDouble(),
      authorizer: new ConfigAuthorizer({ approvers: ['UALICE', 'UBOB'], requesters: [] }),
      now: clock,
      ttlHours: 24,
    });
    tracker = new PropagationTracker({
      changes: service,
      auditTrail: store.audit,
      ...(workspace.audit ? { auditLog: workspace.audit } : {}),
      ...(workspace.probe ? { gmail: workspace.probe } : {}),
      relay: new RelayProbeClient({ url: `http://127.0.0.1:${relay.controlPort}`, token: TOKEN }),
      probeRecipient: PROBE_RECIPIENT,
      now: clock,
      probeIntervalMs: 60 * MINUTE,
      notify: (event) => {
        events.push(event);
      },
    });
  });

  afterEach(async () => {
    workspace.close();
    await store.close();
    await relay.stop();
    await google.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function approvedRouteChange(): Promise<{ addRoute: ChangeRequest; useRoute: ChangeRequest }> {
    const route = {
      name: 'gw1',
      host: 'smtp.gw.example.net',
      port: 25,
      options: { ...GOOGLE_DEFAULT_OPTIONS },
    };
    const proposed = await service.propose('UALICE', { kind: 'add-route', route });
    assert.ok(proposed.ok, JSON.stringify(proposed));
    now += MINUTE;
    const approved = await service.approve(proposed.request.id, 'UBOB', { acknowledgeBounce: false });
    assert.ok(approved.ok, JSON.stringify(approved));
    const proposedUse = await service.propose('UALICE', {
      kind: 'use-route',
      routing: { route: 'gw1', onwardTls: false },
    });
    assert.ok(proposedUse.ok, JSON.stringify(proposedUse));
    const approvedUse = await service.approve(proposedUse.request.id, 'UBOB', { acknowledgeBounce: false });
    assert.ok(approvedUse.ok);
    tracker.watch(approved.request.id);
    tracker.watch(approvedUse.request.id);
    return { addRoute: approved.request, useRoute: approvedUse.request };
  }

  function consoleEvents(): void {
    google.fake.addActivity(
      routeEvent(T0 + 3 * MINUTE, 'EMAIL_ROUTE', {
        NEW_VALUE: 'name: gw1, host: smtp.gw.example.net, port: 25',
      }),
    );
    google.fake.addActivity(
      routeEvent(T0 + 4 * MINUTE, 'MESSAGE_SECURITY_RULE', { NEW_VALUE: 'outbound: change route to gw1' }),
    );
  }

  async function tickUntil(id: number, state: ChangeRequest['state']): Promise<ChangeRequest | undefined> {
    for (let round = 0; round < 50; round++) {
      await tracker.tick();
      const request = await service.get(id);
      if (request?.state === state) return request;
      await delay(20);
    }
    return service.get(id);
  }

  it('a matching audit event confirms the change; a probe through Gmail that reaches the relay from an allowed address makes it live', async () => {
    google.fake.onSend = async (mail) => {
      await deliverToRelay(mail, { relayPort: relay.smtpPort, localAddress: '127.0.0.1' });
    };
    const { addRoute, useRoute } = await approvedRouteChange();
    await tracker.tick();
    assert.equal((await service.get(useRoute.id))?.state, 'approved', 'no audit event yet: still approved');
    consoleEvents();
    now = T0 + 10 * MINUTE;
    tracker.watch(addRoute.id);
    tracker.watch(useRoute.id);
    await tracker.tick();
    const applied = await service.get(useRoute.id);
    assert.equal(applied?.appliedVerified, true, 'confirmed from the audit log');
    assert.deepEqual(
      events
        .filter((e) => e.type === 'applied')
        .map((e) => e.request.id)
        .sort((a, b) => a - b),
      [addRoute.id, useRoute.id],
    );
    assert.equal(google.fake.sent.length, 2, 'a probe per change routed through the gateway');

    const live = await tickUntil(useRoute.id, 'live');
    assert.equal(live?.state, 'live');
    const liveEvent = events.find((e) => e.type === 'live' && e.request.id === useRoute.id);
    assert.ok(liveEvent?.type === 'live');
    assert.equal(liveEvent.sighting.clientIp, '127.0.0.1');
    const history = changeHistory(live as ChangeRequest, await service.audit(100, useRoute.id));
    const timeline = propagationTimeline(history, new Date(now));
    assert.equal(timeline.state, 'live');
    assert.equal(timeline.verified, true);
    assert.equal(history.applied?.evidence?.settingName, 'MESSAGE_SECURITY_RULE');
    assert.equal(
      history.applied?.at.toISOString(),
      new Date(T0 + 4 * MINUTE).toISOString(),
      'window starts at the event',
    );
    for (let i = 0; i < 50 && (await relay.relay.spool.list()).length > 0; i++) await delay(20);
    assert.equal((await relay.relay.spool.list()).length, 0, 'the relay consumed the probes');
  });

  it('a change marked done by hand stays applied (unverified) until an audit event confirms it', async () => {
    const { useRoute } = await approvedRouteChange();
    now = T0 + 5 * MINUTE;
    const marked = await service.markApplied(useRoute.id, 'UBOB', { verified: false });
    assert.ok(marked.ok);
    await tracker.tick();
    const unverified = await service.get(useRoute.id);
    assert.equal(unverified?.state, 'applied');
    assert.equal(unverified?.appliedVerified, false);
    consoleEvents();
    now = T0 + 30 * MINUTE;
    await tracker.tick();
    const confirmed = await service.get(useRoute.id);
    assert.equal(confirmed?.appliedVerified, true);
    const history = changeHistory(confirmed as ChangeRequest, await service.audit(100, useRoute.id));
    assert.equal(history.applied?.markedBy, 'UBOB');
    assert.equal(history.applied?.evidence?.settingName, 'MESSAGE_SECURITY_RULE');
  });

  it('shows the events that did not match instead of confirming', async () => {
    const { useRoute } = await approvedRouteChange();
    google.fake.addActivity(
      routeEvent(T0 + 3 * MINUTE, 'EMAIL_ROUTE', { NEW_VALUE: 'name: other, host: mx.other.net' }),
    );
    now = T0 + 10 * MINUTE;
    await tracker.tick();
    assert.equal((await service.get(useRoute.id))?.state, 'approved');
    const misses = events.filter((e) => e.type === 'near-misses');
    assert.ok(misses.length > 0);
    assert.ok(misses[0]?.type === 'near-misses');
    assert.match(misses[0].nearMisses[0]?.mismatches.join() ?? '', /do not mention route gw1/);
  });

  it('backs off audit polling and reports a quota error once', async () => {
    const { useRoute } = await approvedRouteChange();
    google.fake.failNext('reports', { status: 429 }, 8);
    now = T0 + 10 * MINUTE;
    await tracker.tick();
    const afterFirst = google.fake.requestsTo('reports').length;
    await tracker.tick();
    assert.equal(
      google.fake.requestsTo('reports').length,
      afterFirst,
      'not polled again before the backoff delay',
    );
    const failures = events.filter((e) => e.type === 'failure' && e.request?.id === useRoute.id);
    assert.equal(failures.length, 1, 'reported once per change, not every round');
    assert.ok(failures[0]?.type === 'failure');
    assert.match(
      wordedPhrase(failures[0].what),
      /Could not read the audit log for change #\d+\. .*over its quota \(HTTP 429\)/,
    );
    assert.equal((await service.get(useRoute.id))?.state, 'approved');
  });

  it('no sighting within 24 hours marks the change stalled, with troubleshooting steps', async () => {
    // Gmail "sends" but the route does not reach the relay (the messages never arrive).
    const { useRoute } = await approvedRouteChange();
    consoleEvents();
    now = T0 + 10 * MINUTE;
    await tracker.tick();
    assert.equal((await service.get(useRoute.id))?.state, 'applied');
    assert.ok(google.fake.sent.length >= 1);
    now = T0 + 4 * MINUTE + PROPAGATION_WINDOW_MS - MINUTE;
    await tracker.tick();
    assert.equal((await service.get(useRoute.id))?.state, 'applied', 'still inside the window');
    now = T0 + 4 * MINUTE + PROPAGATION_WINDOW_MS;
    await tracker.tick();
    const stalled = await service.get(useRoute.id);
    assert.equal(stalled?.state, 'stalled');
    const event = events.find((e) => e.type === 'stalled' && e.request.id === useRoute.id);
    assert.ok(event?.type === 'stalled');
    assert.ok(event.troubleshooting.some((step) => wordedPhrase(step).includes('smtp.gw.example.net:25')));

    // The route is fixed later: the next scheduled probe arrives and the stalled change becomes live.
    google.fake.onSend = async (mail) => {
      await deliverToRelay(mail, { relayPort: relay.smtpPort, localAddress: '127.0.0.1' });
    };
    now += 2 * 60 * MINUTE;
    const live = await tickUntil(useRoute.id, 'live');
    assert.equal(live?.state, 'live');
  });

  it('a refused probe from an address outside the allowlist does not make it live', async () => {
    google.fake.onSend = async (mail) => {
      await deliverToRelay(mail, { relayPort: relay.smtpPort, localAddress: '127.0.0.2' }).catch(
        () => undefined,
      );
    };
    const { useRoute } = await approvedRouteChange();
    consoleEvents();
    now = T0 + 10 * MINUTE;
    await tracker.tick();
    await tracker.tick();
    assert.equal((await service.get(useRoute.id))?.state, 'applied');
  });
});
