// The control API over real HTTP on loopback, with the relay's SMTP side as the thing it controls.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import {
  ErrorResponse,
  HealthResponse,
  PauseResponse,
  QueueResponse,
  ReloadResponse,
  StatusResponse,
} from '../../gateway/control-schema.ts';
import { DeliveryExtension } from '../../gateway/delivery/extension.ts';
import type { Relay } from '../../gateway/relay.ts';
import {
  baseConfig,
  control,
  openSession,
  sampleMessage,
  sendMail,
  startTestRelay,
  type TestRelay,
  TOKEN,
  tempDir,
} from './harness.ts';

describe('control API', () => {
  let relay: TestRelay;
  let configPath: string;
  let dir: { path: string; remove(): Promise<void> };
  const writeConfig = (overrides: Record<string, unknown>) =>
    writeFile(configPath, stringify(baseConfig('spool', overrides)));

  before(async () => {
    dir = await tempDir();
    configPath = join(dir.path, 'relay.yaml');
    await writeConfig({});
    relay = await startTestRelay(
      {},
      {
        dir: dir.path,
        configPath,
        extensions: [
          {
            name: 'test-extension',
            start(r: Relay) {
              r.statusSections.set('delivery', () => ({ active: 0 }));
              r.queueSections.set('delivery', () => ({ deferred: 0 }));
              r.control.addRoute({ method: 'POST', path: '/flush', handler: () => ({ flushed: 0 }) });
              r.control.addRoute({ method: 'GET', path: '/probes/:token', handler: ({ params }) => params });
            },
            stop() {},
          },
        ],
      },
    );
  });
  after(async () => {
    await relay.stop();
    await dir.remove();
  });

  const send = () =>
    sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.org'],
      message: sampleMessage(),
    });

  it('answers 401 without a token, with a wrong one, or with another scheme, on every endpoint', async () => {
    const endpoints = [
      ['GET', '/healthz'],
      ['GET', '/status'],
      ['GET', '/metrics'],
      ['GET', '/queue'],
      ['POST', '/pause'],
      ['POST', '/resume'],
      ['POST', '/reload'],
      ['GET', '/nope'],
    ];
    for (const [method, path] of endpoints) {
      for (const token of [null, 'wrong', `${TOKEN}x`, TOKEN.slice(0, -1), '']) {
        const response = await control(relay.controlPort, path as string, { method, token });
        assert.equal(response.status, 401, `${method} ${path} with ${token}`);
        assert.match(ErrorResponse.parse(response.body).error, /bearer token/);
        assert.doesNotMatch(response.text, new RegExp(TOKEN));
      }
    }
    const basic = await fetch(`http://127.0.0.1:${relay.controlPort}/healthz`, {
      headers: { authorization: `Basic ${TOKEN}` },
    });
    assert.equal(basic.status, 401);
    assert.equal(relay.relay.paused, false, 'an unauthorised POST /pause changed nothing');
  });

  it('GET /healthz', async () => {
    const response = await control(relay.controlPort, '/healthz');
    assert.equal(response.status, 200);
    assert.deepEqual(HealthResponse.parse(response.body), { ok: true });
  });

  it('GET /status has version, uptime, allowlist, queue, counters and extension sections', async () => {
    assert.equal((await send()).ok, true);
    await sendMail({
      port: relay.smtpPort,
      from: 'x@evil.example',
      to: ['bob@example.org'],
      message: sampleMessage(),
    });
    const response = await control(relay.controlPort, '/status');
    assert.equal(response.status, 200);
    const status = StatusResponse.parse(response.body);
    assert.equal(status.version, '0.1.0');
    assert.equal(status.paused, false);
    assert.equal(status.accepting, true);
    assert.deepEqual(
      { loaded: status.allowlist.loaded, source: status.allowlist.source, size: status.allowlist.size },
      { loaded: true, source: 'static', size: 1 },
    );
    assert.ok(status.queue.messages >= 1);
    assert.ok(status.queue.oldestReceivedAt);
    assert.ok(status.inbound.accepted >= 1);
    assert.ok((status.inbound.rejected['sender-domain'] ?? 0) >= 1);
    assert.deepEqual(status.delivery, { active: 0 });
  });

  it('GET /metrics is Prometheus text with the inbound counters', async () => {
    const response = await control(relay.controlPort, '/metrics');
    assert.equal(response.status, 200);
    assert.match(response.contentType, /^text\/plain; version=0\.0\.4/);
    assert.match(response.text, /^# TYPE relay_inbound_messages_accepted_total counter$/m);
    assert.match(response.text, /^relay_inbound_messages_accepted_total [1-9]\d*$/m);
    assert.match(response.text, /^relay_inbound_rejections_total\{reason="sender-domain"\} [1-9]\d*$/m);
    assert.match(response.text, /^relay_inbound_rejections_total\{reason="bare-newline"\} 0$/m);
    assert.match(response.text, /^relay_queue_messages [1-9]\d*$/m);
    assert.match(response.text, /^relay_allowlist_loaded 1$/m);
    assert.match(response.text, /^relay_paused 0$/m);
  });

  it('GET /queue lists queued messages oldest first, with a limit', async () => {
    assert.equal((await send()).ok, true);
    const all = QueueResponse.parse((await control(relay.controlPort, '/queue')).body);
    assert.ok(all.total >= 2);
    assert.equal(all.messages.length, all.total);
    const ids = all.messages.map((m) => m.envelope.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.deepEqual(all.delivery, { deferred: 0 });
    const one = QueueResponse.parse((await control(relay.controlPort, '/queue?limit=1')).body);
    assert.equal(one.messages.length, 1);
    assert.equal(one.total, all.total);
    const bad = await control(relay.controlPort, '/queue?limit=0');
    assert.equal(bad.status, 400);
    assert.match(ErrorResponse.parse(bad.body).error, /limit/);
  });

  it('POST /pause makes new mail get 421; POST /resume accepts again', async () => {
    const { client: open } = await openSession(relay.smtpPort);
    const paused = await control(relay.controlPort, '/pause', {
      method: 'POST',
      body: { reason: 'disk swap' },
    });
    assert.equal(paused.status, 200);
    assert.deepEqual(PauseResponse.parse(paused.body), { paused: true, pausedReason: 'disk swap' });

    assert.match(await open.command('MAIL FROM:<alice@example.com>'), /^421 4\.3\.2 Relay paused/);
    open.close();
    const { client, greeting } = await openSession(relay.smtpPort);
    client.close();
    assert.match(greeting, /^421 4\.3\.2 Relay paused for maintenance/);
    const status = StatusResponse.parse((await control(relay.controlPort, '/status')).body);
    assert.equal(status.paused, true);
    assert.equal(status.pausedReason, 'disk swap');
    assert.equal(status.accepting, false);
    assert.match((await control(relay.controlPort, '/metrics')).text, /^relay_paused 1$/m);

    const badBody = await control(relay.controlPort, '/pause', {
      method: 'POST',
      body: { reason: 'x'.repeat(300) },
    });
    assert.equal(badBody.status, 400);

    const resumed = await control(relay.controlPort, '/resume', { method: 'POST' });
    assert.deepEqual(PauseResponse.parse(resumed.body), { paused: false });
    assert.equal((await send()).ok, true);
  });

  it('POST /reload applies a new sender list, reports keys that need a restart, and refuses a bad file', async () => {
    const newSender = () =>
      sendMail({
        port: relay.smtpPort,
        from: 'a@example.net',
        to: ['bob@example.org'],
        message: sampleMessage(),
      });
    assert.equal((await newSender()).code, 550);

    await writeConfig({
      senders: ['example.com', 'example.net'],
      listen: { host: '127.0.0.1', port: 2599 },
      reverseLookup: true,
    });
    const reloaded = await control(relay.controlPort, '/reload', { method: 'POST' });
    assert.equal(reloaded.status, 200, reloaded.text);
    const body = ReloadResponse.parse(reloaded.body);
    assert.deepEqual(body.restartRequired, ['listen', 'reverseLookup']);
    assert.equal((await newSender()).ok, true);
    const again = await control(relay.controlPort, '/reload', { method: 'POST' });
    assert.deepEqual(
      ReloadResponse.parse(again.body).restartRequired,
      ['listen', 'reverseLookup'],
      'the listener still runs on its old address, with its old reverse lookup setting',
    );

    await writeConfig({ senders: ['not a domain'], maxMessageBytes: 'big', control: { token: 'short' } });
    const refused = await control(relay.controlPort, '/reload', { method: 'POST' });
    assert.equal(refused.status, 422);
    const error = ErrorResponse.parse(refused.body);
    assert.match(error.error, /nothing was changed/);
    assert.ok(error.details?.some((d) => d.includes('senders.0')));
    assert.ok(error.details?.some((d) => d.includes('maxMessageBytes')));
    assert.ok(error.details?.some((d) => d.includes('control.token') && d.includes('(hidden)')));
    assert.equal((await newSender()).ok, true, 'the previous configuration stays in force');
  });

  it('answers 404 for unknown paths and 405 for the wrong method; extensions add routes', async () => {
    assert.equal((await control(relay.controlPort, '/nope')).status, 404);
    assert.equal((await control(relay.controlPort, '/status', { method: 'POST' })).status, 405);
    assert.equal((await control(relay.controlPort, '/pause')).status, 405);
    assert.deepEqual((await control(relay.controlPort, '/flush', { method: 'POST' })).body, { flushed: 0 });
    assert.deepEqual((await control(relay.controlPort, '/probes/abc123')).body, { token: 'abc123' });
    const badEscape = await control(relay.controlPort, '/probes/%E0');
    assert.equal(badEscape.status, 400, badEscape.text);
    assert.match(ErrorResponse.parse(badEscape.body).error, /%E0/);
    const badJson = await fetch(`http://127.0.0.1:${relay.controlPort}/pause`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    assert.equal(badJson.status, 400);
  });
});

describe('control API reload with delivery', () => {
  it('POST /reload with an unreadable DKIM key or certificate file answers 422 and changes nothing', async (t) => {
    const dir = await tempDir();
    t.after(() => dir.remove());
    const configPath = join(dir.path, 'relay.yaml');
    const write = (overrides: Record<string, unknown>) =>
      writeFile(configPath, stringify(baseConfig('spool', overrides)));
    await write({});
    const relay = await startTestRelay(
      {},
      { dir: dir.path, configPath, extensions: [new DeliveryExtension()] },
    );
    t.after(() => relay.stop());
    const fromNet = () =>
      sendMail({
        port: relay.smtpPort,
        from: 'a@example.net',
        to: ['bob@example.org'],
        message: sampleMessage(),
      });
    assert.equal((await fromNet()).code, 550);

    await write({
      senders: ['example.com', 'example.net'],
      dkim: { sign: [{ domain: 'example.net', selector: 's1', privateKeyFile: 'missing.pem' }] },
    });
    const refused = await control(relay.controlPort, '/reload', { method: 'POST' });
    assert.equal(refused.status, 422, refused.text);
    const error = ErrorResponse.parse(refused.body);
    assert.match(error.error, /nothing was changed/);
    assert.ok(
      error.details?.some((d) => d.includes('dkim.sign.0.privateKeyFile')),
      refused.text,
    );
    assert.equal((await fromNet()).code, 550, 'the sender list was not changed');

    await write({ senders: ['example.com', 'example.net'], tls: { key: 'nokey.pem', cert: 'nocert.pem' } });
    const noTls = await control(relay.controlPort, '/reload', { method: 'POST' });
    assert.equal(noTls.status, 422, noTls.text);
    assert.ok(
      ErrorResponse.parse(noTls.body).details?.some((d) => d.includes('nokey.pem')),
      noTls.text,
    );
    assert.equal((await fromNet()).code, 550, 'the sender list was not changed');
  });
});
