import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { ProbeLookupResponse } from '../../gateway/control-schema.ts';
import { DeliveryExtension } from '../../gateway/delivery/extension.ts';
import type { AttemptEvent } from '../../gateway/delivery/queue.ts';
import { PROBE_HEADER } from '../../gateway/probe-token.ts';
import { ProbeRecorder, probeTokenOf } from '../../gateway/probes.ts';
import type { RelayExtension } from '../../gateway/relay.ts';
import { TestDnsServer } from '../support/dns-server.ts';
import { deliverToRelay, newDkimKey } from '../support/gmail-outbound.ts';
import { TestSink } from '../support/smtp-sink.ts';
import { control, sendMail, startTestRelay, type TestRelay, tempDir } from './harness.ts';

const TOKEN_A = '0123456789abcdef01234567';
const TOKEN_B = 'aaaaaaaaaaaaaaaaaaaaaaaa';

function probe(token: string): string {
  return [
    'From: probe@example.com',
    'To: sink@elsewhere.example.net',
    `Subject: Outbound gateway probe ${token}`,
    `${PROBE_HEADER}: ${token}`,
    '',
    'probe body',
    '',
  ].join('\r\n');
}

/** Asks the control API until the probe is seen (the relay records it just after its 250 reply). */
async function seen(port: number, token: string): Promise<ProbeLookupResponse> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await control(port, `/probes/${token}`);
    const parsed = ProbeLookupResponse.parse(response.body);
    if (parsed.seen) return parsed;
    await delay(20);
  }
  return ProbeLookupResponse.parse((await control(port, `/probes/${token}`)).body);
}

describe('probe header parsing', () => {
  it('finds a valid token in folded or differently-cased headers, and ignores invalid ones', () => {
    assert.equal(probeTokenOf(`Subject: x\r\nx-gateway-probe:\r\n ${TOKEN_A}\r\n\r\nbody`), TOKEN_A);
    assert.equal(
      probeTokenOf(`Subject: x\r\n\r\n${PROBE_HEADER}: ${TOKEN_A}\r\n`),
      undefined,
      'not in the body',
    );
    assert.equal(probeTokenOf(`${PROBE_HEADER}: not-a-token\r\n\r\n`), undefined);
  });
});

describe('relay probe sightings (GET /probes/:token)', () => {
  let relay: TestRelay;
  let dns: TestDnsServer;
  const dkim = newDkimKey('example.com');
  before(async () => {
    dns = await TestDnsServer.start({ 'google._domainkey.example.com': { TXT: [dkim.txt] } });
    relay = await startTestRelay(
      { dns: { servers: [dns.address] } },
      { extensions: [new ProbeRecorder({ deliver: false, keepHours: 168 })] },
    );
  });
  after(async () => {
    await relay.stop();
    await dns.close();
  });

  it('records a probe from an allowed address with its client IP, TLS state and DKIM, and consumes it', async () => {
    const response = await deliverToRelay(
      { id: 'g1', sender: 'probe@example.com', message: probe(TOKEN_A) },
      { relayPort: relay.smtpPort, localAddress: '127.0.0.1', dkim },
    );
    assert.match(response, /^250 /);
    const result = await seen(relay.controlPort, TOKEN_A);
    assert.ok(result.seen, 'the probe was recorded');
    assert.equal(result.sighting.clientIp, '127.0.0.1');
    assert.equal(result.sighting.tls, null);
    assert.equal(result.sighting.helo, 'mail-sor-f41.google.com');
    assert.deepEqual(result.sighting.dkim, { result: 'pass', domain: 'example.com' });
    assert.equal(result.sighting.delivered, false);
    assert.deepEqual(result.sighting.rcptTo, ['sink@elsewhere.example.net']);
    for (let attempt = 0; attempt < 50 && (await relay.relay.spool.list()).length > 0; attempt++)
      await delay(20);
    assert.equal((await relay.relay.spool.list()).length, 0, 'consumed: not left for onward delivery');
  });

  it('does not see a probe from an address outside the allowlist', async () => {
    const refused = await sendMail({
      port: relay.smtpPort,
      localAddress: '127.0.0.2',
      from: 'probe@example.com',
      to: ['sink@elsewhere.example.net'],
      message: probe(TOKEN_B),
    });
    assert.equal(refused.ok, false);
    assert.equal(refused.code, 554);
    const lookup = await control(relay.controlPort, `/probes/${TOKEN_B}`);
    assert.equal(lookup.status, 200);
    assert.deepEqual(lookup.body, { token: TOKEN_B, seen: false });
  });

  it('leaves ordinary mail alone and refuses a malformed token or a missing bearer token', async () => {
    const plain = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.org'],
      message: 'Subject: hi\r\n\r\nhello\r\n',
    });
    assert.equal(plain.ok, true);
    await delay(50);
    assert.equal((await relay.relay.spool.list()).length, 1);
    const bad = await control(relay.controlPort, '/probes/..%2Fetc');
    assert.equal(bad.status, 400);
    assert.match(String((bad.body as { error: string }).error), /not a probe token/);
    assert.equal((await control(relay.controlPort, `/probes/${TOKEN_A}`, { token: null })).status, 401);
  });
});

describe('relay probe consumption before onward delivery', () => {
  it('uncommits a probe before a later extension (like delivery) can pick it up; other mail is untouched', async () => {
    const seenByLater: { id: string; found: boolean }[] = [];
    const pending: Promise<void>[] = [];
    // Stands where onward delivery stands: a later 'queued' listener that reads the message at once.
    const later: RelayExtension = {
      name: 'later',
      start(relay) {
        relay.spool.on('queued', (envelope) => {
          pending.push(
            relay.spool.get(envelope.id).then((message) => {
              seenByLater.push({ id: envelope.id, found: message !== undefined });
            }),
          );
        });
      },
      stop() {},
    };
    const relay = await startTestRelay(
      {},
      { extensions: [new ProbeRecorder({ deliver: false, keepHours: 168 }), later] },
    );
    try {
      const sentProbe = await sendMail({
        port: relay.smtpPort,
        from: 'probe@example.com',
        to: ['sink@elsewhere.example.net'],
        message: probe(TOKEN_B),
      });
      const sentPlain = await sendMail({
        port: relay.smtpPort,
        from: 'alice@example.com',
        to: ['bob@example.org'],
        message: 'Subject: hi\r\n\r\nhello\r\n',
      });
      assert.ok(sentProbe.ok && sentPlain.ok);
      await Promise.all(pending);
      assert.deepEqual(
        seenByLater.map((entry) => entry.found),
        [false, true],
        'the probe was already gone; the ordinary message was there',
      );
      assert.ok((await seen(relay.controlPort, TOKEN_B)).seen);
    } finally {
      await relay.stop();
    }
  });
});

describe('relay probe options', () => {
  it('consumes a probe it uncommitted even when a reload turns delivery of probes on meanwhile', async () => {
    const dir = await tempDir();
    try {
      const recorder = new ProbeRecorder({ deliver: false, keepHours: 168 });
      // Runs right after the recorder has taken the probe out of the queue, before it is recorded.
      const reloadMidway: RelayExtension = {
        name: 'reload-midway',
        start(relay) {
          relay.spool.on('queued', () =>
            recorder.reload({ ...relay.config, probes: { deliver: true, keepHours: 168 } }),
          );
        },
        stop() {},
      };
      const relay = await startTestRelay({}, { dir: dir.path, extensions: [recorder, reloadMidway] });
      let result: ProbeLookupResponse;
      try {
        const sent = await sendMail({
          port: relay.smtpPort,
          from: 'probe@example.com',
          to: ['sink@elsewhere.example.net'],
          message: probe(TOKEN_B),
        });
        assert.equal(sent.ok, true);
        result = await seen(relay.controlPort, TOKEN_B);
      } finally {
        await relay.stop(); // waits for the recording to finish
      }
      assert.ok(result.seen);
      assert.equal(result.sighting.delivered, false, 'it was taken out of the queue, not delivered');
      assert.deepEqual(await readdir(join(relay.spoolDir, 'queue')), [], 'nothing of it is left queued');
    } finally {
      await dir.remove();
    }
  });

  it('says so in the log when the sightings file cannot be read', async () => {
    const dir = await tempDir();
    try {
      await mkdir(join(dir.path, 'spool', 'probes.jsonl'), { recursive: true });
      const relay = await startTestRelay(
        {},
        { dir: dir.path, extensions: [new ProbeRecorder({ deliver: false, keepHours: 168 })] },
      );
      await relay.stop();
      const line = relay.logs.find((l) => l.msg.startsWith('cannot read the probe sightings file'));
      assert.ok(line, 'an error line about probes.jsonl');
      assert.match(String(line.err), /EISDIR/);
    } finally {
      await dir.remove();
    }
  });

  it('a consumed probe is not delivered onward by the real delivery queue', async () => {
    const next = await TestSink.start();
    const delivery = new DeliveryExtension();
    const relay = await startTestRelay(
      {
        delivery: {
          mode: 'smarthost',
          smarthost: { host: '127.0.0.1', port: next.port },
          connectionIdleSeconds: 0,
          timeoutSeconds: 10,
        },
      },
      { extensions: [new ProbeRecorder({ deliver: false, keepHours: 168 }), delivery] },
    );
    let stopped = false;
    try {
      const queue = delivery.queue;
      assert.ok(queue);
      const attempts: AttemptEvent[] = [];
      queue.on('attempt', (event) => attempts.push(event));
      const sentProbe = await sendMail({
        port: relay.smtpPort,
        from: 'probe@example.com',
        to: ['sink@elsewhere.example.net'],
        message: probe(TOKEN_A),
      });
      assert.equal(sentProbe.ok, true);
      const plainId = /queued as (\w+)/.exec(
        (
          await sendMail({
            port: relay.smtpPort,
            from: 'alice@example.com',
            to: ['bob@example.org'],
            message: 'Subject: plain\r\n\r\nhello\r\n',
          })
        ).response,
      )?.[1];
      assert.ok(plainId);
      const probeId = /queued as (\w+)/.exec(sentProbe.response)?.[1];
      assert.ok((await seen(relay.controlPort, TOKEN_A)).seen);
      for (let i = 0; i < 500 && !attempts.some((a) => a.id === plainId && a.final); i++) await delay(20);
      await relay.stop(); // lets any delivery in flight finish
      stopped = true;
      assert.deepEqual(
        next.messages.map((m) => m.rcptTo),
        [['bob@example.org']],
        'only the ordinary message went out',
      );
      assert.ok(!attempts.some((a) => a.id === probeId), 'no delivery attempt for the probe');
    } finally {
      if (!stopped) await relay.stop();
      await next.close();
    }
  });

  it('delivers probes onward when configured, and keeps sightings across a restart', async () => {
    const dir = await tempDir();
    try {
      const first = await startTestRelay(
        { probes: { deliver: true } },
        { dir: dir.path, extensions: [new ProbeRecorder({ deliver: true, keepHours: 168 })] },
      );
      try {
        const sent = await sendMail({
          port: first.smtpPort,
          from: 'probe@example.com',
          to: ['sink@elsewhere.example.net'],
          message: probe(TOKEN_A),
        });
        assert.equal(sent.ok, true);
        const result = await seen(first.controlPort, TOKEN_A);
        assert.ok(result.seen);
        assert.equal(result.sighting.delivered, true);
        assert.equal(result.sighting.dkim.result, 'none');
        assert.equal((await first.relay.spool.list()).length, 1, 'kept in the queue for delivery');
      } finally {
        await first.relay.stop();
      }
      const second = await startTestRelay(
        {},
        { dir: dir.path, extensions: [new ProbeRecorder({ deliver: false, keepHours: 168 })] },
      );
      try {
        const again = ProbeLookupResponse.parse(
          (await control(second.controlPort, `/probes/${TOKEN_A}`)).body,
        );
        assert.equal(again.seen, true);
      } finally {
        await second.relay.stop();
      }
    } finally {
      await dir.remove();
    }
  });
});
